/**
 * The loader's stylesheet: the placeholder launcher, and the contact link shown when
 * the widget cannot load. The launcher's declarations are the widget's own
 * (src/ui/styles.ts), and the tokens they read carry the widget's defaults
 * (src/theme/tokens.ts), declared on `:host` as the widget declares them, so the real
 * launcher takes over in exactly the same box and colours: a test compares them with
 * those files, and a browser test compares the two buttons. Only what the placeholder
 * shows is here (no focus ring of its own: the browser's shows until the widget's
 * takes over), because every byte of the loader is paid by every page.
 *
 * `all: initial !important` on the host is the widget's host armour in one
 * declaration (inside a shadow root, `!important` beats the page's): page CSS cannot
 * hide, move or transform the placeholder, nor leak its fonts and colours in; custom
 * properties pass, so page theming works.
 *
 * @example
 * sheet.replaceSync(LOADER_CSS)
 */
export const LOADER_CSS =
  ':host{all:initial!important;--hc-color-accent:#1d4ed8;--hc-color-on-accent:#fff;--hc-shadow-panel:0 12px 40px rgba(17,24,39,.22);--hc-launcher-size:56px;--hc-launcher-offset:20px;--hc-z-index:2147483000}' +
  ':host([data-color-scheme=dark]){--hc-color-accent:#8ab4f8;--hc-color-on-accent:#0b1b36;--hc-shadow-panel:0 12px 40px rgba(0,0,0,.6)}' +
  '@media (prefers-color-scheme:dark){:host(:not([data-color-scheme=light])){--hc-color-accent:#8ab4f8;--hc-color-on-accent:#0b1b36;--hc-shadow-panel:0 12px 40px rgba(0,0,0,.6)}}' +
  // The launcher and the contact link: fixed, in the launcher's corner and colours.
  'div>*{position:fixed;z-index:var(--hc-z-index);right:calc(var(--hc-launcher-offset) + env(safe-area-inset-right,0px));bottom:calc(var(--hc-launcher-offset) + env(safe-area-inset-bottom,0px));box-sizing:border-box;background:var(--hc-color-accent);color:var(--hc-color-on-accent);box-shadow:var(--hc-shadow-panel)}' +
  '.left>*{right:auto;left:calc(var(--hc-launcher-offset) + env(safe-area-inset-left,0px))}' +
  'button{width:var(--hc-launcher-size);height:var(--hc-launcher-size);padding:0;border:0;border-radius:50%;display:inline-flex;align-items:center;justify-content:center;font-size:calc(var(--hc-launcher-size) * .44);cursor:pointer}' +
  'svg{width:1em;height:1em;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}' +
  // Clicked before the widget arrived: it is on its way.
  '[aria-busy=true] svg{opacity:.5}' +
  // The contact link, when the widget cannot load: a pill above the launcher.
  'a{bottom:calc(var(--hc-launcher-offset) + var(--hc-launcher-size) + 12px);padding:12px 20px;border-radius:24px;font:600 15px system-ui,sans-serif}' +
  '@media (forced-colors:active){div>*{border:2px solid}}';
