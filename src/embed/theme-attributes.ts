import { isConfigError } from '../core/errors.js';
import { normalizeTheme } from '../theme/normalize-theme.js';
import { THEME_TOKENS, type ThemeKey, type ThemeOptions } from '../theme/tokens.js';

/**
 * An attribute's kebab-case name as an option key.
 *
 * @example
 * camelCase('launcher-size') // 'launcherSize'
 */
export const camelCase = (kebab: string): string => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * An option key as the kebab-case part of an attribute name.
 *
 * @example
 * kebabCase('eventsUrl') // 'events-url' (as in data-bot-events-url)
 */
export const kebabCase = (camel: string): string => camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Number-only values mean pixels, except for these unitless tokens (as in `normalizeTheme`). */
const UNITLESS = new Set<string>(['lineHeight', 'zIndex']);

/**
 * The loader's quick read of `data-theme-*`: `[custom property, value]` pairs for the
 * placeholder launcher, without the checks (and their bytes); a bad value is simply
 * ignored by `style.setProperty`, and the full widget reports it.
 *
 * @example
 * themeProperties(script) // [['--hc-color-accent', '#0a7d5a'], ['--hc-launcher-size', '64px']]
 */
export function themeProperties(el: Element): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const { name, value } of Array.from(el.attributes)) {
    const key = name.startsWith('data-theme-') ? camelCase(name.slice('data-theme-'.length)) : '';
    const token = THEME_TOKENS.find((t) => t.key === key);
    if (token) out.push([token.property, /^-?\d+(\.\d+)?$/.test(value.trim()) && !UNITLESS.has(key) ? `${value.trim()}px` : value.trim()]);
  }
  return out;
}

/**
 * Reads every `data-theme-*` attribute of `el` (one per `--hc-*` token, e.g.
 * `data-theme-accent="#0a7d5a"`, `data-theme-launcher-size="64"`). A bare number
 * means pixels, as in the `theme` option. Bad ones are left out and described in
 * `problems`, so the rest still applies.
 *
 * @example
 * themeFromAttributes(script).theme // { accent: '#0a7d5a', launcherSize: 64 }
 */
export function themeFromAttributes(el: Element): {
  theme: ThemeOptions;
  /** The valid entries as `[custom property, value]`, ready for `style.setProperty`. */
  properties: Array<[string, string]>;
  problems: string[];
} {
  const theme: ThemeOptions = {};
  const properties: Array<[string, string]> = [];
  const problems: string[] = [];
  for (const { name, value: raw } of Array.from(el.attributes)) {
    if (!name.startsWith('data-theme-')) continue;
    const key = camelCase(name.slice('data-theme-'.length)) as ThemeKey;
    if (!THEME_TOKENS.some((t) => t.key === key)) {
      problems.push(`${name}: there is no theme token "${key}". Theme attributes: ${THEME_TOKENS.map((t) => `data-theme-${kebabCase(t.key)}`).join(', ')}.`);
      continue;
    }
    const value = /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
    try {
      properties.push(...normalizeTheme({ [key]: value }));
      theme[key] = value;
    } catch (error) {
      if (!isConfigError(error)) throw error;
      problems.push(`${name}="${raw}": ${error.message}`);
    }
  }
  return { theme, properties, problems };
}
