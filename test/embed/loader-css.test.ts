import { describe, expect, it } from 'vitest';
import { LOADER_CSS } from '../../src/embed/loader-css';
import { THEME_TOKENS } from '../../src/theme/tokens';
import { ChatIcon } from '../../src/ui/icons';
import { widgetCss } from '../../src/ui/styles';

/**
 * The loader carries its own copy of the launcher's CSS and token defaults (the
 * widget's stylesheet would cost the loader most of its budget): these tests keep the
 * copy equal to src/ui/styles.ts and src/theme/tokens.ts, so the real launcher takes
 * over in the same box and colours. loader-takeover.browser.test.ts checks the result
 * in Chromium.
 */

/** `a:b;c:d` as a map, values in one spelling (`#fff` = `#ffffff`, `0.6` = `.6`, no spaces). */
function declarations(block: string): Map<string, string> {
  const canonical = (value: string) =>
    value
      .replace(/\s+/g, ' ')
      .replace(/\s*([,()*+])\s*/g, '$1')
      .replace(/\b0\./g, '.')
      .replace(/#([0-9a-f])([0-9a-f])([0-9a-f])\b/gi, '#$1$1$2$2$3$3')
      .trim()
      .toLowerCase();
  return new Map(
    block
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.slice(0, d.indexOf(':')).trim(), canonical(d.slice(d.indexOf(':') + 1))]),
  );
}

/** The declarations of the rule with exactly this selector (inside `@media` blocks too). */
function rule(css: string, selector: string): Map<string, string> {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:^|[{}\\s])${escaped}\\{([^}]*)\\}`).exec(css);
  if (!match) throw new Error(`no rule ${selector}`);
  return declarations(match[1]!);
}

function media(css: string, query: string): string {
  const start = css.indexOf(`@media ${query}{`);
  if (start < 0) throw new Error(`no @media ${query}`);
  let depth = 0;
  for (let i = css.indexOf('{', start); i < css.length; i++) {
    if (css[i] === '{') depth++;
    if (css[i] === '}' && --depth === 0) return css.slice(css.indexOf('{', start) + 1, i);
  }
  throw new Error('unbalanced');
}

const widget = widgetCss();
const launcher = new Map([...rule(LOADER_CSS, 'div>*'), ...rule(LOADER_CSS, 'button')]);

describe('the placeholder launcher’s stylesheet', () => {
  it('has every declaration of the widget’s launcher, with the same values', () => {
    for (const [property, value] of rule(widget, '.launcher')) expect([property, launcher.get(property)]).toEqual([property, value]);
  });

  it('moves to the left as the widget’s launcher does', () => {
    expect(rule(LOADER_CSS, '.left>*')).toEqual(rule(widget, '.pos-left .launcher'));
  });

  it('gives it the widget’s border where the system forces colours', () => {
    expect(rule(widget, '.launcher,.human-button,.send,.primary,.secondary,.chip,.score').get('border')).toMatch(/^2px solid/);
    expect(rule(media(LOADER_CSS, '(forced-colors:active)'), 'div>*').get('border')).toMatch(/^2px solid/);
    // The border is inside the launcher's size, as in the widget.
    expect(launcher.get('box-sizing')).toBe('border-box');
  });

  it('declares each token it reads with the widget’s defaults, light and dark', () => {
    const used = [...new Set(LOADER_CSS.match(/var\(--hc-[a-z-]+\)/g))].map((v) => v.slice(4, -1));
    const light = rule(LOADER_CSS, ':host');
    const dark = rule(LOADER_CSS, ':host([data-color-scheme=dark])');
    const auto = rule(media(LOADER_CSS, '(prefers-color-scheme:dark)'), ':host(:not([data-color-scheme=light]))');
    expect(used.length).toBeGreaterThan(5);
    for (const property of used) {
      const token = THEME_TOKENS.find((t) => t.property === property);
      expect(token, property).toBeDefined();
      expect([property, light.get(property)]).toEqual([property, declarations(`x:${token!.light}`).get('x')]);
      const darkValue = token!.dark ? declarations(`x:${token!.dark}`).get('x') : undefined;
      expect([property, dark.get(property)]).toEqual([property, darkValue]);
      expect([property, auto.get(property)]).toEqual([property, darkValue]);
    }
  });

  it('draws the icon with the widget’s icon attributes (as CSS: the loader sets no attributes it can spare)', () => {
    const props = (ChatIcon() as unknown as { props: Record<string, unknown> }).props;
    const drawing = ['width', 'height', 'fill', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin'];
    expect(rule(LOADER_CSS, 'svg')).toEqual(declarations(drawing.map((name) => `${name}:${String(props[name])}`).join(';')));
  });
});
