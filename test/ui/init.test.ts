// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isConfigError } from '../../src/core/errors';
import { HUMAN_PATH_GUARANTEE } from '../../src/core/escalation';
import { init, type HandoffChatWidget } from '../../src/index';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';

const widgets: HandoffChatWidget[] = [];
/** Waits for the closed panel, which the widget draws when the page is first idle. */
async function panelDrawn(w: HandoffChatWidget): Promise<void> {
  await vi.waitFor(() => expect(w.element.shadowRoot?.querySelector('[part~="panel"]')).not.toBeNull(), { timeout: 3000 });
}

function mount(options: Partial<Parameters<typeof init>[0]> = {}): HandoffChatWidget {
  const w = init({ human: createMemoryHuman(), storage: false, ...options });
  widgets.push(w);
  return w;
}
const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  for (const w of widgets.splice(0)) w.destroy();
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('lang');
  vi.restoreAllMocks();
});

function configError(fn: () => unknown): { option: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isConfigError(e)) return { option: e.option, message: e.message };
    throw e;
  }
  throw new Error('expected a ConfigError');
}

it('defines nothing on import: the element appears with the first init()', () => {
  expect(customElements.get('handoff-chat')).toBeUndefined();
  mount();
  expect(customElements.get('handoff-chat')).toBeDefined();
});

describe('init options', () => {
  it('refuses unknown options, naming them and listing the known ones', () => {
    const e = configError(() => init({ human: createMemoryHuman(), colour: 'red' } as never));
    expect(e.option).toBe('colour');
    expect(e.message).toContain('Known options: bot, human');
    expect(e.message).toContain('target, theme');
  });

  it.each(['humanButton', 'hideHumanButton', 'disableHandoff', 'showEscalation'])('refuses %s, explaining the guarantee', (key) => {
    const e = configError(() => init({ human: createMemoryHuman(), [key]: false } as never));
    expect(e.option).toBe(key);
    expect(e.message).toBe(`Option "${key}" is not supported: ${HUMAN_PATH_GUARANTEE}`);
  });

  it('passes the core’s own checks through (a missing human transport)', () => {
    expect(configError(() => init({} as never)).option).toBe('human');
  });

  it.each([
    ['target', '#nowhere'],
    ['target', '<<<'],
    ['target', 42],
    ['theme', { accent: 'red; }' }],
    ['position', 'top'],
    ['colorScheme', 'sepia'],
    ['openOnLoad', 'yes'],
    ['nonce', 'bad nonce!'],
    ['title', ''],
    ['strings', { nope: 'x' }],
    ['imageOrigins', ['http://cdn.example.com']],
    ['imageOrigins', ['https://cdn.example.com/path']],
  ])('names the bad option %s (%j)', (key, value) => {
    const e = configError(() => init({ human: createMemoryHuman(), [key]: value } as never));
    expect(e.option.startsWith(key)).toBe(true);
  });

  it('touches the page only when every option is valid', () => {
    configError(() => init({ human: createMemoryHuman(), theme: { nope: 1 } } as never));
    expect(document.querySelector('handoff-chat')).toBeNull();
  });
});

describe('mounting', () => {
  it('defines <handoff-chat> lazily and renders into an open shadow root with adopted styles', async () => {
    const w = mount();
    await panelDrawn(w);
    expect(customElements.get('handoff-chat')).toBeDefined();
    expect(w.element.tagName).toBe('HANDOFF-CHAT');
    expect(w.element.parentElement).toBe(document.body);
    const shadow = w.element.shadowRoot as ShadowRoot;
    expect(shadow).not.toBeNull();
    expect(shadow.adoptedStyleSheets.length).toBe(1);
    expect(shadow.querySelector('style')).toBeNull();
    expect(shadow.querySelector('[part~="launcher"]')).not.toBeNull();
    expect(shadow.querySelector('[part~="human-button"]')).not.toBeNull();
    expect(document.head.querySelector('style')).toBeNull();
  });

  it('falls back to a <style> with the CSP nonce where constructable stylesheets are missing', () => {
    const original = Object.getOwnPropertyDescriptor(window, 'CSSStyleSheet');
    Object.defineProperty(window, 'CSSStyleSheet', { value: undefined, configurable: true, writable: true });
    try {
      const w = mount({ nonce: 'r4nd0m' });
      const style = w.element.shadowRoot?.querySelector('style');
      expect(style?.getAttribute('nonce')).toBe('r4nd0m');
      expect(style?.textContent).toContain('--hc-color-accent');
    } finally {
      if (original) Object.defineProperty(window, 'CSSStyleSheet', original);
    }
  });

  it('renders inline into a target (element or selector) as an open region', async () => {
    const box = document.createElement('div');
    box.id = 'help';
    document.body.append(box);
    const w = mount({ target: '#help', bot: createMemoryBot({ greeting: 'Hello' }) });
    expect(w.element.parentElement).toBe(box);
    expect(w.element.getAttribute('data-mode')).toBe('inline');
    const shadow = w.element.shadowRoot as ShadowRoot;
    expect(shadow.querySelector('[part~="launcher"]')).toBeNull();
    expect(shadow.querySelector('[role="region"]')).not.toBeNull();
    expect(w.state.open).toBe(true);
    // The greeting is drawn on the next frame.
    await vi.waitFor(() => expect(shadow.querySelector('[data-author="bot"]')?.textContent).toContain('Hello'));
  });

  it('maps the theme option onto the host’s custom properties and pins a colour scheme', () => {
    const w = mount({ theme: { accent: '#0a7d5a', panelRadius: 4 }, colorScheme: 'dark' });
    expect(w.element.style.getPropertyValue('--hc-color-accent')).toBe('#0a7d5a');
    expect(w.element.style.getPropertyValue('--hc-radius-panel')).toBe('4px');
    expect(w.element.getAttribute('data-color-scheme')).toBe('dark');
  });

  it('takes the language from <html lang>, lays Arabic out right to left, and accepts overrides', async () => {
    document.documentElement.setAttribute('lang', 'ar');
    const w = mount({ strings: { title: 'مساعدة' } });
    await panelDrawn(w);
    const root = w.element.shadowRoot?.querySelector('.root') as HTMLElement;
    expect(root.getAttribute('dir')).toBe('rtl');
    expect(w.state.locale).toBe('ar');
    expect(w.element.shadowRoot?.querySelector('[part~="title"]')?.textContent).toBe('مساعدة');
    expect(w.element.shadowRoot?.querySelector('[part~="human-button"]')?.textContent).toBe('التحدث مع شخص');
  });

  it('prefers the locale option, then the browser language when <html lang> is missing', async () => {
    expect(mount({ locale: 'de' }).state.locale).toBe('de');
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('fr-CA');
    const w = mount();
    await panelDrawn(w);
    expect(w.state.locale).toBe('fr-CA');
    expect(w.element.shadowRoot?.querySelector('[part~="human-button"]')?.textContent).toBe('Parler à une personne');
  });

  it('keeps left-to-right for a right-to-left language without texts in it', () => {
    const w = mount({ locale: 'he' });
    expect(w.element.shadowRoot?.querySelector('.root')?.getAttribute('dir')).toBe('ltr');
  });

  it('opens on load when asked (no flash of a closed panel), and open()/close() drive the panel', async () => {
    const w = mount({ openOnLoad: true });
    const panel = w.element.shadowRoot?.querySelector('[part~="panel"]') as HTMLElement;
    expect(w.state.open).toBe(true);
    expect(panel.hidden).toBe(false);
    w.close();
    await tick();
    expect(panel.hidden).toBe(true);
    w.open();
    await tick();
    expect(panel.hidden).toBe(false);
  });

  it('starts closed without openOnLoad, drawing the hidden panel only in the page\'s first quiet moment', async () => {
    const w = mount();
    expect(w.state.open).toBe(false);
    // Not while the page loads: the launcher alone, which does not point at a panel yet.
    expect(w.element.shadowRoot?.querySelector('[part~="panel"]')).toBeNull();
    expect(w.element.shadowRoot?.querySelector('[part~="launcher"]')?.hasAttribute('aria-controls')).toBe(false);
    await panelDrawn(w);
    expect((w.element.shadowRoot?.querySelector('[part~="panel"]') as HTMLElement).hidden).toBe(true);
    expect(w.element.shadowRoot?.querySelector('[part~="launcher"]')?.getAttribute('aria-controls')).toBe('hc-panel');
  });

  it('draws the panel at once when opened before the page is quiet, and focuses the message box', async () => {
    const w = mount();
    (w.element.shadowRoot?.querySelector('[part~="launcher"]') as HTMLButtonElement).click();
    await tick();
    const panel = w.element.shadowRoot?.querySelector('[part~="panel"]') as HTMLElement;
    expect(panel.hidden).toBe(false);
    expect(w.element.shadowRoot?.activeElement?.getAttribute('part')).toContain('input');
  });
});

describe('storage', () => {
  it('keeps the conversation in localStorage across a reload', async () => {
    localStorage.clear();
    const first = init({ human: createMemoryHuman(), storageKey: 'reload' });
    first.send('remember me');
    await tick();
    first.destroy();
    const second = init({ human: createMemoryHuman(), storageKey: 'reload' });
    widgets.push(second);
    expect(second.state.messages.map((m) => m.text)).toContain('remember me');
    localStorage.clear();
  });

  it('runs in memory when localStorage throws (sandboxed frame, blocked cookies)', () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const w = mount({ storage: undefined });
    expect(() => w.send('still works')).not.toThrow();
  });
});

describe('lifecycle', () => {
  it('delivers waiting messages as soon as the browser is back online', async () => {
    const bot = createMemoryBot();
    const box = document.createElement('div');
    document.body.append(box);
    const w = mount({ bot, target: box, retry: { baseMs: 600_000, maxMs: 600_000 } });
    await tick();
    bot.backend.failNext(1);
    w.send('sent while offline');
    await tick();
    expect(w.state.messages[0]?.status).toBe('failed');
    window.dispatchEvent(new Event('online'));
    await tick();
    expect(bot.backend.received.map((m) => m.text)).toEqual(['sent while offline']);
    expect(w.state.messages[0]?.status).toBe('sent');
  });

  it('destroy() removes the element and every listener, and closes the chat', () => {
    const added = new Map<string, number>();
    const add = vi.spyOn(window, 'addEventListener');
    const remove = vi.spyOn(window, 'removeEventListener');
    const w = init({ human: createMemoryHuman(), storage: false });
    for (const [type] of add.mock.calls) added.set(String(type), (added.get(String(type)) ?? 0) + 1);
    w.destroy();
    const removed = new Map<string, number>();
    for (const [type] of remove.mock.calls) removed.set(String(type), (removed.get(String(type)) ?? 0) + 1);
    expect(added.get('online')).toBeGreaterThan(0);
    expect(removed).toEqual(added);
    expect(document.querySelector('handoff-chat')).toBeNull();
    expect(() => w.send('x')).toThrow(/destroyed/);
    expect(() => w.destroy()).not.toThrow();
  });
});

describe('every createChat option works through init()', () => {
  it('accepts masking, escalation and queueTimeoutMs', () => {
    const chat = init({
      human: createMemoryHuman(),
      masking: { phones: false },
      escalation: { keyword: 'offer' },
      queueTimeoutMs: 60000,
    });
    expect(chat.state.phase).toBe('bot');
    chat.destroy();
  });
});
