/** The tag name the widget renders through. */
export const ELEMENT_NAME = 'handoff-chat';

/**
 * Defines `<handoff-chat>` in the page's registry, once. Called from `init()`, never
 * at import, so importing the package touches no browser global (SSR-safe). The
 * element is a plain host: the widget attaches an open shadow root to it.
 */
export function defineElement(win: Window & typeof globalThis): void {
  const registry = win.customElements;
  if (!registry || registry.get(ELEMENT_NAME)) return;
  registry.define(ELEMENT_NAME, class HandoffChatElement extends win.HTMLElement {});
}
