import { createRef, h, render } from 'preact';
import { createChat, type Chat } from '../core/chat.js';
import { HandoffChatError } from '../core/errors.js';
import { CATALOGUES, catalogueFor, onLanguageAdded, primaryLanguage } from '../i18n/catalogues.js';
import type { Strings } from '../i18n/strings.js';
import { hasLanguage, uiLanguage } from '../i18n/ui-language.js';
import { tokenCss } from '../theme/token-css.js';
import { widgetCss } from '../ui/styles.js';
import { Widget, type WidgetHandle } from '../ui/Widget.js';
import { adoptStyles } from './adopt-styles.js';
import { defineElement, ELEMENT_NAME } from './element.js';
import { pageLocale } from './page-locale.js';
import { pageVitals } from './page-vitals.js';
import { safeLocalStorage } from './safe-local-storage.js';
import { normalizeWidgetOptions, type WidgetOptions } from './widget-options.js';
import { createWindowHost } from './window-host.js';

/** Options of the widget's `open()`. */
export interface OpenOptions {
  /**
   * Move keyboard focus into the message box. Default: only when the call comes from
   * something the visitor just did (a click on the site's own "Chat with us" button,
   * known from `navigator.userActivation`); an open the page makes by itself never
   * takes focus from what the visitor is doing.
   */
  focus?: boolean;
}

/**
 * A chat with its widget on the page: every `Chat` method and property, plus the
 * element. `open()`/`close()` show and hide the floating panel; `destroy()` removes
 * the widget and every listener it added, and closes the transports.
 *
 * @example
 * chatButton.addEventListener('click', () => widget.open()) // focus goes to the message box
 * widget.open({ focus: false }) // show the panel, leave focus where it is
 */
export interface HandoffChatWidget extends Chat {
  /** The `<handoff-chat>` host element (its shadow root is open). */
  readonly element: HTMLElement;
  /** Shows the panel; see `OpenOptions` for where keyboard focus goes. */
  open(options?: OpenOptions): void;
}

/**
 * Mounts the chat widget: a floating launcher and panel, or with `target` a panel
 * inside a page element. Validates every option first (a `ConfigError` names the
 * bad one) and touches the page only when all are fine.
 *
 * @example
 * import { init, createMemoryBot, createMemoryHuman } from 'handoff-chat'
 *
 * const chat = init({
 *   bot: createMemoryBot({ greeting: 'Hi! How can I help?' }),
 *   human: createMemoryHuman({ agent: { name: 'Alex' } }),
 *   theme: { accent: '#0a7d5a' },
 * })
 * chat.on('handoff:requested', (e) => analytics.track('handoff', e))
 * // later: chat.destroy()
 */
export function init(options: WidgetOptions): HandoffChatWidget {
  return mountWidget(options);
}

/**
 * `init()` with a hook for the script-tag API: `subscribe` gets the chat before the
 * widget opens (or emits anything else), so listeners the page registered before
 * the widget existed hear its first `open`. Not part of the npm API.
 *
 * @example
 * mountWidget(options, (chat) => chat.on('open', () => analytics.track('chat opened')))
 */
export function mountWidget(options: WidgetOptions, subscribe?: (chat: Chat) => void): HandoffChatWidget {
  const doc = (globalThis as { document?: Document }).document;
  const win = doc?.defaultView as (Window & typeof globalThis) | null | undefined;
  if (!doc || !win) {
    throw new HandoffChatError('no_document', 'init() renders the widget and needs a browser page; use createChat() from "handoff-chat/core" elsewhere.');
  }
  const { chat: chatOptions, widget } = normalizeWidgetOptions(options, doc);
  const parent = widget.target ?? doc.body;
  if (!parent) {
    throw new HandoffChatError('no_body', 'init() ran before <body> exists; call it after DOMContentLoaded, or pass a `target` element.');
  }

  const locale = chatOptions.locale ?? pageLocale(doc, win.navigator);
  const storage = chatOptions.storage !== undefined ? chatOptions.storage : safeLocalStorage(win);
  // One web-vitals collector per page, started when the panel first opens or the browser is idle.
  const vitals = widget.vitals === 'page' ? pageVitals(win) : undefined;
  const chat = createChat({
    ...chatOptions,
    locale,
    ...(storage !== undefined ? { storage } : {}),
    ...(vitals ? { vitals: () => vitals.read() } : {}),
  });
  // Before anything can emit: the page's listeners hear the widget's first `open` too.
  subscribe?.(chat);
  let stopVitalsStart = (): void => {};
  if (vitals) {
    const offOpen = chat.on('open', () => vitals.start());
    const idle = win.requestIdleCallback ? win.requestIdleCallback(() => vitals.start(), { timeout: 10000 }) : undefined;
    stopVitalsStart = () => {
      offOpen();
      if (idle !== undefined) win.cancelIdleCallback(idle);
    };
  }

  const texts = (): { from: string; strings: Strings; language: { lang: string; dir: 'ltr' | 'rtl' } } => {
    const catalogue = catalogueFor(locale);
    return {
      from: catalogue.language,
      strings: { ...catalogue.strings, ...widget.strings },
      // `lang` and `dir` say what the texts really are: `pt-BR` falls back to English, so `en`, left to right.
      language: uiLanguage(locale, hasLanguage(CATALOGUES, locale), Object.keys(widget.strings).length),
    };
  };
  let current = texts();
  const mode = widget.target ? 'inline' : 'floating';
  const handle = createRef<WidgetHandle>();

  let host: HTMLElement | undefined;
  let stopLanguage = (): void => {};
  const onOnline = (): void => {
    // The outbox retries on its own schedule; coming back online is the moment to try now.
    chat.flush();
  };
  try {
    defineElement(win);
    host = doc.createElement(ELEMENT_NAME);
    host.setAttribute('data-mode', mode);
    if (widget.colorScheme !== 'auto') host.setAttribute('data-color-scheme', widget.colorScheme);
    // CSSOM, not a style attribute: allowed under a strict CSP and cannot inject rules.
    for (const [property, value] of widget.theme) host.style.setProperty(property, value);
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    adoptStyles(shadow, tokenCss() + widgetCss(), widget.nonce, win);
    const container = doc.createElement('div');
    shadow.appendChild(container);
    parent.appendChild(host);
    // Inline, the panel is always in view: the chat counts as open (no unread, bot connects).
    // Opening before the first render means the panel never flashes closed.
    if (mode === 'inline' || widget.openOnLoad) chat.open();
    const windowHost = createWindowHost(win);
    const draw = (): void =>
      render(
        h(Widget, {
          chat,
          strings: current.strings,
          locale: current.language.lang,
          dir: current.language.dir,
          mode,
          handle,
          position: widget.position,
          ...(widget.title ? { title: widget.title } : {}),
          imageOrigins: widget.imageOrigins,
          host: windowHost,
        }),
        container,
      );
    draw();
    // The script-tag bundle fetches languages other than English: when the one shown here
    // arrives after the widget was drawn, the widget redraws in it (never in the npm entries).
    if (current.from !== primaryLanguage(locale)) {
      stopLanguage = onLanguageAdded(() => {
        const next = texts();
        if (next.from === current.from) return;
        current = next;
        stopLanguage();
        draw();
      });
    }
    win.addEventListener('online', onOnline);

    let destroyed = false;
    const element = host;
    const instance = Object.defineProperties({}, Object.getOwnPropertyDescriptors(chat)) as Chat;
    return Object.assign(instance, {
      element,
      open(openOptions?: OpenOptions) {
        // A user gesture (the site's own chat button) moves focus in, as the launcher does.
        const focus = openOptions?.focus ?? (win.navigator as Navigator & { userActivation?: { isActive: boolean } }).userActivation?.isActive === true;
        if (focus && !destroyed) handle.current?.focusComposer();
        chat.open();
      },
      destroy() {
        if (destroyed) return;
        destroyed = true;
        win.removeEventListener('online', onOnline);
        stopVitalsStart();
        stopLanguage();
        render(null, container);
        element.remove();
        chat.destroy();
      },
    }) as HandoffChatWidget;
  } catch (error) {
    // Half a widget is worse than none: undo what was done and report.
    win.removeEventListener('online', onOnline);
    stopVitalsStart();
    stopLanguage();
    host?.remove();
    chat.destroy();
    throw error;
  }
}
