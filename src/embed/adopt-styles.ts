/**
 * Puts the widget's CSS into its shadow root: a constructable stylesheet through
 * `adoptedStyleSheets` where supported (no inline `<style>`, so a strict
 * Content-Security-Policy needs no `unsafe-inline`), else a `<style>` element that
 * carries the page's CSP `nonce`.
 */
export function adoptStyles(root: ShadowRoot, css: string, nonce: string | undefined, win: Window & typeof globalThis): void {
  try {
    if (Array.isArray(root.adoptedStyleSheets) && typeof win.CSSStyleSheet === 'function') {
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return;
    }
  } catch {
    // Constructable stylesheets exist but failed (old engines): use the element.
  }
  const style = root.ownerDocument.createElement('style');
  if (nonce) style.setAttribute('nonce', nonce);
  style.textContent = css;
  root.prepend(style);
}
