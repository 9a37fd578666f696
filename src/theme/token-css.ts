import { THEME_TOKENS } from './tokens.js';

/**
 * The default values of every token as CSS for a shadow root: light by default, dark
 * under `prefers-color-scheme: dark`, and either one pinned by the host's
 * `data-color-scheme` attribute (set from the `colorScheme` option).
 *
 * Declarations sit on `:host`, so page CSS such as `handoff-chat { --hc-color-accent: red }`
 * (outer context) overrides them, while page CSS cannot reach anything else inside.
 *
 * @example
 * sheet.replaceSync(tokenCss() + widgetCss())
 */
export function tokenCss(): string {
  const light = THEME_TOKENS.map((t) => `${t.property}:${t.light};`).join('');
  const dark = THEME_TOKENS.filter((t) => t.dark).map((t) => `${t.property}:${t.dark};`).join('');
  return (
    `:host{${light}color-scheme:light}` +
    `:host([data-color-scheme="dark"]){${dark}color-scheme:dark}` +
    `@media (prefers-color-scheme: dark){:host(:not([data-color-scheme="light"])){${dark}color-scheme:dark}}`
  );
}
