import { tokenCss } from '../theme/token-css.js';
import { CHAT_PATH, CLOSE_PATH, ICON_ATTRIBUTES } from '../ui/icons.js';
import { ACTIONS_CSS, BASE_CSS, LAUNCHER_CSS } from '../ui/styles.js';
import { adoptStyles } from './adopt-styles.js';
import { ELEMENT_NAME } from './element.js';
import { liteStrings, type LiteStrings } from './lite-strings.js';

/** Where and how the placeholder shows, read from the same data attributes as the widget. */
export interface LiteLauncherOptions {
  doc: Document;
  /** BCP 47 tag for the texts. */
  locale: string;
  /** Overrides for the texts (from `data-strings`). */
  strings?: Partial<LiteStrings>;
  /** How many of the widget's texts the site supplied (`data-strings`): a translation of its own sets the language. */
  translated?: number;
  position?: 'left' | 'right';
  colorScheme?: 'auto' | 'light' | 'dark';
  /** `[custom property, value]` pairs from `data-theme-*`. */
  theme?: ReadonlyArray<readonly [string, string]>;
  nonce?: string;
  /** A safe contact link for the fallback panel (see `fallbackUrl`). */
  fallbackUrl?: string;
  /** Inline mode: the fallback panel goes inside this element and there is no launcher. */
  target?: Element;
}

/** The placeholder launcher and its fallback panel. */
export interface LiteLauncher {
  readonly element: HTMLElement;
  /** The launcher button (`undefined` in inline mode). */
  readonly button: HTMLButtonElement | undefined;
  /**
   * From now on the launcher opens the fallback panel; `open` shows it at once, and
   * `focus` (for a panel the customer asked for with a click) moves keyboard focus
   * into it, unless focus has meanwhile gone elsewhere on the page.
   */
  fail(open: boolean, focus: boolean): void;
  /** Whether keyboard focus is on the placeholder (so the real widget can take it over). */
  hasFocus(): boolean;
  /** Removes the element and every listener. */
  remove(): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

// Whatever the placeholder shares with the widget comes from the widget's own rules
// (src/ui/styles.ts), so the swap to the real launcher is invisible. The fallback panel
// is the placeholder's own; it needs no !important armour, as page CSS cannot reach into
// the shadow root.
const CSS =
  BASE_CSS +
  LAUNCHER_CSS +
  '.panel{position:fixed;z-index:var(--hc-z-index);right:calc(var(--hc-launcher-offset) + env(safe-area-inset-right,0px));bottom:calc(var(--hc-launcher-offset) + var(--hc-launcher-size) + 12px + env(safe-area-inset-bottom,0px));width:min(var(--hc-panel-width),calc(100vw - 2 * var(--hc-launcher-offset)));display:flex;flex-direction:column;gap:var(--hc-space-unit);padding:calc(var(--hc-space-unit) * 2);background:var(--hc-color-surface);color:var(--hc-color-text);border:1px solid var(--hc-color-border);border-radius:var(--hc-radius-panel);box-shadow:var(--hc-shadow-panel)}' +
  '.pos-left .panel{right:auto;left:calc(var(--hc-launcher-offset) + env(safe-area-inset-left,0px))}' +
  '.inline .panel{position:relative;right:auto;bottom:auto;left:auto;width:100%;box-shadow:none}' +
  '.title{font-weight:700;font-size:1.1em}' +
  ACTIONS_CSS +
  '.contact{display:inline-flex;align-items:center;min-height:44px;padding:8px 14px;border-radius:var(--hc-radius-control);font-weight:600;background:var(--hc-color-accent);color:var(--hc-color-on-accent);border:2px solid var(--hc-color-accent);text-decoration:none}' +
  '@media (forced-colors:active){.launcher,.contact{border:2px solid ButtonText}.panel{border:1px solid CanvasText}}';

/** The widget's icon (src/ui/icons.tsx) drawn without Preact. */
function icon(doc: Document, path: string): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  for (const [name, value] of Object.entries(ICON_ATTRIBUTES)) svg.setAttribute(name, value);
  svg.setAttribute('class', 'icon');
  const p = doc.createElementNS(SVG_NS, 'path');
  p.setAttribute('d', path);
  svg.appendChild(p);
  return svg;
}

/**
 * Shows a launcher that looks like the widget's, in its own shadow root, without
 * Preact or the catalogues: what the script-tag bundle puts in place of a widget that
 * could not start (and of the loader's placeholder), where a click opens a small
 * panel with the site's contact link, so the customer still has a way to a person.
 *
 * @example
 * const lite = renderLiteLauncher({ doc: document, locale: 'en', fallbackUrl: 'mailto:help@example.com' })
 * lite.fail(false, false)
 */
export function renderLiteLauncher(options: LiteLauncherOptions): LiteLauncher {
  const { doc } = options;
  const win = doc.defaultView as Window & typeof globalThis;
  const text = { ...liteStrings(options.locale, options.translated), ...options.strings };
  const inline = options.target !== undefined;

  // The widget's own tag, so page CSS that sets `--hc-*` on `handoff-chat` styles the
  // placeholder too; `data-mode` tells it apart from the real widget.
  const host = doc.createElement(ELEMENT_NAME);
  host.setAttribute('data-mode', 'placeholder');
  if (options.colorScheme && options.colorScheme !== 'auto') host.setAttribute('data-color-scheme', options.colorScheme);
  // CSSOM, not a style attribute: allowed under a strict Content-Security-Policy.
  for (const [property, value] of options.theme ?? []) host.style.setProperty(property, value);
  const shadow = host.attachShadow({ mode: 'open' });
  adoptStyles(shadow, tokenCss() + CSS, options.nonce, win);

  const root = doc.createElement('div');
  root.className = `root pos-${options.position === 'left' ? 'left' : 'right'}${inline ? ' inline' : ''}`;
  root.setAttribute('dir', text.dir);
  root.setAttribute('lang', text.lang);
  shadow.appendChild(root);

  let button: HTMLButtonElement | undefined;
  let panel: HTMLElement | undefined;
  let failed = false;
  const cleanups: Array<() => void> = [];
  const listen = (target: EventTarget, type: string, fn: (event: Event) => void): void => {
    target.addEventListener(type, fn);
    cleanups.push(() => target.removeEventListener(type, fn));
  };

  const showPanel = (show: boolean, focus: boolean): void => {
    if (!panel) return;
    panel.hidden = !show;
    if (button) {
      button.setAttribute('aria-expanded', String(show));
      button.setAttribute('aria-label', show ? text.closeChat : text.openChat);
      button.replaceChildren(icon(doc, show ? CLOSE_PATH : CHAT_PATH));
    }
    if (focus && show) (panel.querySelector('a,button') as HTMLElement | null)?.focus();
  };

  if (!inline) {
    button = doc.createElement('button');
    button.type = 'button';
    button.className = 'launcher';
    button.setAttribute('part', 'launcher');
    button.setAttribute('aria-label', text.openChat);
    button.setAttribute('aria-expanded', 'false');
    button.appendChild(icon(doc, CHAT_PATH));
    root.appendChild(button);
    listen(button, 'click', () => {
      if (failed) showPanel(panel?.hidden ?? false, true);
    });
  }

  const buildPanel = (): HTMLElement => {
    const box = doc.createElement('div');
    box.className = 'panel';
    box.id = 'hc-fallback';
    box.setAttribute('part', 'fallback');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-labelledby', 'hc-fallback-title');
    const title = doc.createElement('p');
    title.className = 'title';
    title.id = 'hc-fallback-title';
    title.textContent = text.failed;
    const line = doc.createElement('p');
    line.textContent = options.fallbackUrl ? text.reach : text.later;
    const actions = doc.createElement('div');
    actions.className = 'actions';
    if (options.fallbackUrl) {
      const link = doc.createElement('a');
      link.className = 'contact';
      link.setAttribute('part', 'fallback-link');
      link.href = options.fallbackUrl;
      link.textContent = text.contact;
      if (/^https?:/.test(options.fallbackUrl)) {
        link.target = '_blank';
        link.rel = 'noopener';
      }
      actions.appendChild(link);
    }
    box.append(title, line, actions);
    listen(box, 'keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Escape' && button) {
        showPanel(false, false);
        button.focus();
      }
    });
    return box;
  };

  (options.target ?? doc.body).appendChild(host);

  return {
    element: host,
    button,
    fail(open, focus) {
      failed = true;
      host.setAttribute('data-mode', 'fallback');
      if (!panel) {
        panel = buildPanel();
        panel.hidden = true;
        root.appendChild(panel);
        button?.setAttribute('aria-controls', panel.id);
      }
      // Never pull focus away from what the visitor is doing on the page now.
      const page = doc.activeElement;
      const free = shadow.activeElement !== null || !page || page === doc.body;
      if (inline || open) showPanel(true, open && focus && free && !inline);
    },
    hasFocus() {
      return shadow.activeElement !== null;
    },
    remove() {
      for (const cleanup of cleanups.splice(0)) cleanup();
      host.remove();
    },
  };
}
