/** Small inline icons. Decorative: every control that uses one has a text name. */

const base = { 'aria-hidden': 'true' as const, focusable: 'false', viewBox: '0 0 24 24', width: '1em', height: '1em', fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round' as const, 'stroke-linejoin': 'round' as const };

export function ChatIcon() {
  return (
    <svg {...base} class="icon">
      <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z" />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg {...base} class="icon">
      <path d="M6 6l12 12M18 6L6 18" />
    </svg>
  );
}

export function MinimiseIcon() {
  return (
    <svg {...base} class="icon">
      <path d="M6 9l6 6 6-6" />
    </svg>
  );
}

export function SendIcon() {
  return (
    <svg {...base} class="icon icon-send">
      <path d="M4 12l16-8-6 16-2.5-6.5z" />
    </svg>
  );
}

export function BotIcon() {
  return (
    <svg {...base} class="icon">
      <rect x="5" y="8" width="14" height="11" rx="3" />
      <path d="M12 4v4M9.5 13h0M14.5 13h0M9 16.5h6" />
    </svg>
  );
}

export function PersonIcon() {
  return (
    <svg {...base} class="icon">
      <circle cx="12" cy="8" r="4" />
      <path d="M4.5 20a7.5 7.5 0 0 1 15 0" />
    </svg>
  );
}
