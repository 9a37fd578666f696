// @vitest-environment happy-dom
/**
 * The placeholder launcher the script-tag bundle draws (before the widget is up, and as
 * the fallback when it cannot start) is built without Preact, yet must be the widget's
 * launcher to the pixel so the swap changes nothing the customer sees: the same icon
 * markup and the same rules for everything the two share.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renderLiteLauncher } from '../../src/embed/lite-launcher';
import { init, type HandoffChatWidget } from '../../src/index';
import { createMemoryHuman } from '../../src/transports/memory';

const widgets: HandoffChatWidget[] = [];
afterEach(() => {
  for (const w of widgets.splice(0)) w.destroy();
  document.body.innerHTML = '';
});

/** Each style rule in the shadow root, by selector (the last rule wins, as in the cascade). */
function rules(shadow: ShadowRoot): Map<string, string> {
  const sheets = [...shadow.adoptedStyleSheets, ...[...shadow.querySelectorAll('style')].map((s) => s.sheet!)];
  const out = new Map<string, string>();
  for (const sheet of sheets) for (const rule of sheet.cssRules) if (rule instanceof CSSStyleRule) out.set(rule.selectorText, rule.cssText);
  return out;
}

function both() {
  const widget = init({ human: createMemoryHuman(), storage: false, locale: 'en' });
  widgets.push(widget);
  const lite = renderLiteLauncher({ doc: document, locale: 'en', fallbackUrl: 'mailto:help@example.com' });
  const launcher = (host: HTMLElement) => host.shadowRoot!.querySelector<HTMLButtonElement>('[part~="launcher"]')!;
  return { widget, lite, real: () => launcher(widget.element), placeholder: () => launcher(lite.element) };
}

describe('the placeholder launcher', () => {
  it('draws the widget’s own icons, closed and open', async () => {
    const { widget, lite, real, placeholder } = both();
    expect(placeholder().innerHTML).toBe(real().innerHTML);
    expect(placeholder().innerHTML).toContain('<path d="M21 12a8');

    widget.open();
    lite.fail(true, false);
    await expect.poll(() => real().getAttribute('aria-expanded')).toBe('true');
    expect(placeholder().innerHTML).toBe(real().innerHTML);
    expect(placeholder().innerHTML).toContain('<path d="M6 6l12 12');
  });

  it('is styled by the widget’s own rules for the host, the reset, the focus ring and the launcher', () => {
    const { widget, lite } = both();
    const real = rules(widget.element.shadowRoot!);
    const placeholder = rules(lite.element.shadowRoot!);
    const shared = [':host', '.root', '.root [hidden]', '.root :focus-visible', '.icon', '.launcher', '.pos-left .launcher', '.launcher:focus-visible', '.actions'];
    for (const selector of shared) {
      expect(real.get(selector), selector).toBeDefined();
      expect([selector, placeholder.get(selector)]).toEqual([selector, real.get(selector)]);
    }
  });
});
