import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/core/errors';
import { normalizeTheme } from '../../src/theme/normalize-theme';
import { tokenCss } from '../../src/theme/token-css';
import { THEME_TOKENS, type ThemeKey } from '../../src/theme/tokens';

function palette(scheme: 'light' | 'dark'): Record<ThemeKey, string> {
  const raw = Object.fromEntries(THEME_TOKENS.map((t) => [t.property, scheme === 'dark' ? t.dark ?? t.light : t.light]));
  const resolve = (v: string): string => v.replace(/var\((--hc-[\w-]+)\)/g, (_, p: string) => resolve(raw[p] as string));
  return Object.fromEntries(THEME_TOKENS.map((t) => [t.key, resolve(raw[t.property] as string)])) as Record<ThemeKey, string>;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Every text/background pair the stylesheet uses. */
const TEXT_PAIRS: Array<[ThemeKey, ThemeKey]> = [
  ['text', 'surface'],
  ['text', 'surfaceAlt'],
  ['textMuted', 'surface'],
  ['textMuted', 'surfaceAlt'],
  ['botText', 'botBubble'],
  ['agentText', 'agentBubble'],
  ['customerText', 'customerBubble'],
  ['onAccent', 'accent'],
  ['accent', 'surface'],
  ['accent', 'surfaceAlt'],
  ['danger', 'surface'],
  ['danger', 'surfaceAlt'],
  ['surface', 'danger'],
];

describe.each(['light', 'dark'] as const)('the default %s theme', (scheme) => {
  const colours = palette(scheme);
  it.each(TEXT_PAIRS)('has text contrast of at least 4.5:1 for %s on %s', (fg, bg) => {
    expect(contrast(colours[fg], colours[bg])).toBeGreaterThanOrEqual(4.5);
  });
  it.each([
    ['border', 'surface'],
    ['border', 'surfaceAlt'],
    ['focus', 'surface'],
    ['focus', 'surfaceAlt'],
  ] as Array<[ThemeKey, ThemeKey]>)('has non-text contrast of at least 3:1 for %s on %s', (fg, bg) => {
    expect(contrast(colours[fg], colours[bg])).toBeGreaterThanOrEqual(3);
  });
});

describe('tokens', () => {
  it('are named --hc-<group>-<token> and unique', () => {
    const properties = THEME_TOKENS.map((t) => t.property);
    expect(new Set(properties).size).toBe(properties.length);
    for (const p of properties) expect(p).toMatch(/^--hc-[a-z]+(-[a-z]+)+$/);
  });

  it('are all documented in docs/theming.md with their theme key', () => {
    const doc = readFileSync(new URL('../../docs/theming.md', import.meta.url), 'utf8');
    for (const t of THEME_TOKENS) {
      expect(doc, t.property).toMatch(new RegExp(`\\|\\s*\`${t.property}\`\\s*\\|\\s*\`${t.key}\`\\s*\\|`));
    }
  });

  it('get light defaults, dark defaults under prefers-color-scheme, and a pinned scheme', () => {
    const css = tokenCss();
    expect(css).toContain(':host{--hc-color-accent:#1d4ed8;');
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\)\{:host\(:not\(\[data-color-scheme="light"\]\)\)\{--hc-color-accent:#8ab4f8;/);
    expect(css).toMatch(/:host\(\[data-color-scheme="dark"\]\)\{--hc-color-accent:#8ab4f8;/);
  });
});

describe('the theme option', () => {
  it('maps keys to custom properties, numbers to pixels except unitless ones', () => {
    expect(normalizeTheme({ accent: '#0a7d5a', panelRadius: 4, lineHeight: 1.6, zIndex: 10 })).toEqual([
      ['--hc-color-accent', '#0a7d5a'],
      ['--hc-radius-panel', '4px'],
      ['--hc-line-height', '1.6'],
      ['--hc-z-index', '10'],
    ]);
  });

  it('names an unknown key and lists the known ones', () => {
    try {
      normalizeTheme({ accnt: 'red' });
      expect.unreachable();
    } catch (e) {
      expect(isConfigError(e) && e.option).toBe('theme.accnt');
      expect((e as Error).message).toContain('accent, onAccent');
    }
  });

  it.each([['red; } * { display: none'], [''], [{}], [Number.NaN], ['url(x) /* */']])('refuses the value %j', (value) => {
    expect(() => normalizeTheme({ accent: value as never })).toThrow(/theme\.accent/);
  });

  it('refuses a non-object', () => {
    expect(() => normalizeTheme('dark')).toThrow(/Invalid option "theme"/);
  });
});
