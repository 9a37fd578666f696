import { ConfigError } from '../core/errors.js';
import { THEME_TOKENS, type ThemeKey, type ThemeToken } from './tokens.js';
import { isRecord } from '../core/is-record.js';

/** Token keys whose numbers are unitless; every other number means pixels. */
const UNITLESS: ReadonlySet<ThemeKey> = new Set(['lineHeight', 'zIndex']);

/**
 * Checks a `theme` option and turns it into `[custom property, value]` pairs.
 * Throws a `ConfigError` naming the bad key (`theme.accent`) and what was expected.
 *
 * @example
 * normalizeTheme({ accent: '#0a7d5a', panelRadius: 4 })
 * // [['--hc-color-accent', '#0a7d5a'], ['--hc-radius-panel', '4px']]
 */
export function normalizeTheme(input: unknown, option = 'theme'): Array<[ThemeToken['property'], string]> {
  if (input === undefined) return [];
  if (!isRecord(input)) {
    throw new ConfigError(option, 'an object such as { accent: "#0a7d5a" }', input);
  }
  const byKey = new Map(THEME_TOKENS.map((t) => [t.key as string, t]));
  const out: Array<[ThemeToken['property'], string]> = [];
  for (const [key, value] of Object.entries(input)) {
    const token = byKey.get(key);
    if (!token) {
      throw new ConfigError(
        `${option}.${key}`,
        '',
        value,
        `Unknown option "${option}.${key}". Theme keys: ${THEME_TOKENS.map((t) => t.key).join(', ')}.`,
      );
    }
    if (value === undefined) continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new ConfigError(`${option}.${key}`, 'a finite number or a CSS value string', value);
      out.push([token.property, UNITLESS.has(token.key) ? String(value) : `${value}px`]);
      continue;
    }
    // Values go through CSSOM (setProperty), so they cannot escape their declaration;
    // these checks exist to fail early with a clear message instead of being ignored.
    if (typeof value !== 'string' || !value.trim() || value.length > 300 || /[;{}<>\\]|\/\*/.test(value)) {
      throw new ConfigError(`${option}.${key}`, 'a CSS value such as "#0a7d5a" or "12px" (no ; { } < > \\)', value);
    }
    out.push([token.property, value.trim()]);
  }
  return out;
}
