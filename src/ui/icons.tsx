/** Small inline icons. Decorative: every control that uses one has a text name. */

/**
 * The attributes every icon's `<svg>` carries: a 24-unit box drawn in the text colour,
 * hidden from assistive technology. The placeholder launcher (src/embed/lite-launcher.ts)
 * sets the same ones without Preact, so its icon is drawn exactly like the widget's.
 *
 * @example
 * for (const [name, value] of Object.entries(ICON_ATTRIBUTES)) svg.setAttribute(name, value)
 */
export const ICON_ATTRIBUTES = {
  'aria-hidden': 'true',
  focusable: 'false',
  viewBox: '0 0 24 24',
  width: '1em',
  height: '1em',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': '2',
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const;

/**
 * The speech bubble on the launcher while the chat is closed (the placeholder launcher
 * draws it too).
 *
 * @example
 * path.setAttribute('d', CHAT_PATH)
 */
export const CHAT_PATH = 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z';

/**
 * The cross on the launcher while the chat is open (the placeholder launcher draws it
 * too, over its fallback panel).
 *
 * @example
 * path.setAttribute('d', CLOSE_PATH)
 */
export const CLOSE_PATH = 'M6 6l12 12M18 6L6 18';

export function ChatIcon() {
  return (
    <svg {...ICON_ATTRIBUTES} class="icon">
      <path d={CHAT_PATH} />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg {...ICON_ATTRIBUTES} class="icon">
      <path d={CLOSE_PATH} />
    </svg>
  );
}

export function MinimiseIcon() {
  return (
    <svg {...ICON_ATTRIBUTES} class="icon">
      <path d="M6 9l6 6 6-6" />
    </svg>
  );
}

export function SendIcon() {
  return (
    <svg {...ICON_ATTRIBUTES} class="icon icon-send">
      <path d="M4 12l16-8-6 16-2.5-6.5z" />
    </svg>
  );
}

export function BotIcon() {
  return (
    <svg {...ICON_ATTRIBUTES} class="icon">
      <rect x="5" y="8" width="14" height="11" rx="3" />
      <path d="M12 4v4M9.5 13h0M14.5 13h0M9 16.5h6" />
    </svg>
  );
}

export function PersonIcon() {
  return (
    <svg {...ICON_ATTRIBUTES} class="icon">
      <circle cx="12" cy="8" r="4" />
      <path d="M4.5 20a7.5 7.5 0 0 1 15 0" />
    </svg>
  );
}
