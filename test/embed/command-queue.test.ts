// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import * as api from '../../src/index';
import { installGlobal } from '../../src/embed/install-global';
import * as transports from '../../src/transports/index';
import { install, snippet, usePageGlobal, win } from './support/page-global';

const tick = () => new Promise((r) => setTimeout(r, 0));

const page = usePageGlobal();

describe('the async snippet’s queue', () => {
  it('replays calls made before the bundle arrived, in order, once the widget exists', async () => {
    const human = transports.createMemoryHuman({ agent: { name: 'Alex' }, joinAfterMs: 10 });
    const seen: string[] = [];
    const stub = snippet();
    stub('on', 'open', () => seen.push('open event'));
    stub('on', 'agent:joined', (e: { agent: { name: string } }) => seen.push(`joined ${e.agent.name}`));
    stub('context', { cartValue: 129 });
    stub('open');
    stub('identify', { id: 'u1', name: 'Sam' });
    stub('init', { human, storage: false });
    stub('send', 'Where is my parcel?');
    stub('requestHuman', 'I want a person');

    const global = install();
    expect(win.HandoffChat).toBe(global);
    await tick();
    await tick();
    const widget = global('ready', (w: unknown) => w) as api.HandoffChatWidget;
    expect(widget.state.open).toBe(true);
    expect(widget.state.user).toEqual({ id: 'u1', name: 'Sam' });
    expect(widget.state.messages.filter((m) => m.author === 'customer').map((m) => m.text)).toEqual(['Where is my parcel?']);
    expect(human.backend.handoffs).toHaveLength(1);
    expect(human.backend.handoffs[0]?.transcript.context.custom).toMatchObject({ cartValue: 129 });
    await vi.waitFor(() => expect(seen).toEqual(['open event', 'joined Alex']));
    expect(page.errors).toEqual([]);
  });

  it('keeps the same function form working after load, returning results', () => {
    const global = install();
    const widget = global('init', { human: transports.createMemoryHuman(), storage: false }) as api.HandoffChatWidget;
    expect(widget.element.isConnected).toBe(true);
    const events: string[] = [];
    const listener = () => events.push('close');
    const off = global('on', 'close', listener);
    expect(typeof off).toBe('function');
    global('open');
    global('close');
    global('off', 'close', listener);
    global('open');
    global('close');
    expect(events).toEqual(['close']);
    expect(global('send', 'hello')).toMatchObject({ text: 'hello', author: 'customer' });
  });

  it('still offers every export on the global (HandoffChat.init, HandoffChat.transports)', () => {
    const global = install();
    expect(typeof global.init).toBe('function');
    expect(typeof global.transports.createSseTransport).toBe('function');
    expect(global.version).toBe('__HC_VERSION__');
  });

  it('reports an unknown command or event once, naming it, and never throws', () => {
    const global = install();
    expect(() => global('opne')).not.toThrow();
    expect(() => global('on', 'agent:join', () => {})).not.toThrow();
    expect(page.errors).toHaveLength(2);
    expect(page.errors[0]).toContain('HandoffChat("opne"): unknown command. Commands: init, ready, context, on, off, destroy, open, close');
    expect(page.errors[1]).toContain('HandoffChat(\'on\', "agent:join"): unknown event. Events: change, message');
  });

  it('reports a failing command instead of throwing it at the page', () => {
    const global = install();
    global('init', { human: transports.createMemoryHuman(), storage: false });
    expect(global('send', '   ')).toBeUndefined();
    expect(page.errors).toHaveLength(1);
    expect(page.errors[0]).toMatch(/^handoff-chat: a command failed:/);
  });

  it('refuses a second init while a widget is on the page, and allows one after destroy', () => {
    const global = install();
    const first = global('init', { human: transports.createMemoryHuman(), storage: false });
    expect(global('init', { human: transports.createMemoryHuman(), storage: false })).toBe(first);
    expect(page.errors[0]).toContain("call HandoffChat('destroy') first");
    global('destroy');
    expect(document.querySelectorAll('handoff-chat')).toHaveLength(0);
    const second = global('init', { human: transports.createMemoryHuman(), storage: false });
    expect(second).not.toBe(first);
    expect(document.querySelectorAll('handoff-chat')).toHaveLength(1);
  });

  it('waits for a new widget after destroy instead of acting on the old one', () => {
    const global = install();
    global('init', { human: transports.createMemoryHuman(), storage: false });
    global('destroy');
    global('open');
    const widget = global('init', { human: transports.createMemoryHuman(), storage: false }) as api.HandoffChatWidget;
    expect(widget.state.open).toBe(true);
  });
});

describe('taking over from the loader', () => {
  function loaderHandle(attributes: Record<string, string>, wantsOpen: boolean) {
    const script = document.createElement('script');
    script.setAttribute('src', '/dist/handoff-chat.loader.js');
    for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
    const released = vi.fn();
    const stub = snippet();
    stub.loader = { script, claim: () => ({ wantsOpen: () => wantsOpen, hasFocus: () => false, release: released }) };
    return { stub, released };
  }

  it('opens the widget made from the loader tag’s attributes when the customer clicked while it loaded', async () => {
    const { released } = loaderHandle({ 'data-human': 'memory' }, true);
    const global = install();
    // Behind the loader's placeholder the widget starts in tasks of its own, not while the bundle is evaluated.
    expect(released).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(released).toHaveBeenCalledTimes(1));
    const widget = global('ready', (w: unknown) => w) as api.HandoffChatWidget;
    expect(widget.state.open).toBe(true);
    await vi.waitFor(() => expect(widget.element.shadowRoot?.activeElement?.getAttribute('part')).toBe('input'));
  });

  it('hands the placeholder to a queued HandoffChat(\'init\', …) when the tag has no transports', () => {
    const { stub, released } = loaderHandle({ 'data-load': 'eager' }, true);
    stub('init', { human: transports.createMemoryHuman(), storage: false });
    const global = install();
    expect(released).toHaveBeenCalledTimes(1);
    expect((global('ready', (w: unknown) => w) as api.HandoffChatWidget).state.open).toBe(true);
    expect(page.errors).toEqual([]);
  });

  it('with data-open-on-load and a desk that cannot start, opens the fallback without taking focus from the page', async () => {
    const search = document.createElement('input');
    document.body.append(search);
    search.focus();
    const script = document.createElement('script');
    script.setAttribute('src', '/dist/handoff-chat.loader.js');
    script.setAttribute('data-open-on-load', '');
    script.setAttribute('data-human', 'handof');
    script.setAttribute('data-fallback-url', 'mailto:help@example.com');
    const stub = snippet();
    stub.loader = { script, claim: () => ({ wantsOpen: () => true, clicked: () => false, hasFocus: () => false, release: () => {} }) };
    install();
    await vi.waitFor(() => expect(document.querySelector('handoff-chat')?.getAttribute('data-mode')).toBe('fallback'));
    const host = document.querySelector('handoff-chat');
    expect(host?.shadowRoot?.querySelector<HTMLElement>('[part~="fallback"]')?.hidden).toBe(false);
    expect(document.activeElement).toBe(search);
  });

  it('turns the placeholder into the fallback when that init fails', () => {
    const { stub, released } = loaderHandle({ 'data-fallback-url': 'tel:+4681234567' }, false);
    stub('init', { bot: transports.createMemoryBot() });
    install();
    expect(released).toHaveBeenCalledTimes(1);
    expect(page.errors[0]).toContain('a command failed');
    const host = document.querySelector('handoff-chat');
    expect(host?.getAttribute('data-mode')).toBe('fallback');
    expect(host?.shadowRoot?.querySelector<HTMLAnchorElement>('[part~="fallback-link"]')?.href).toBe('tel:+4681234567');
  });

  it('removes the placeholder, with a warning, when no init comes within the wait', () => {
    vi.useFakeTimers();
    try {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { released } = loaderHandle({}, false);
      installGlobal(win, { ...api, transports }, null, { initWaitMs: 30000 });
      vi.advanceTimersByTime(29999);
      expect(released).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(released).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain("HandoffChat('init', options) was not called within 30 s");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('starting from the script tag', () => {
  function script(attributes: Record<string, string>): HTMLScriptElement {
    const el = document.createElement('script');
    el.setAttribute('src', '/dist/handoff-chat.iife.js');
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    return el;
  }

  it('starts the widget its own data attributes describe, before replaying the queue', async () => {
    const stub = snippet();
    stub('open');
    const global = install(script({ 'data-bot': 'memory', 'data-human': 'memory', 'data-title': 'Ask Fern', 'data-storage-key': 'tag' }));
    const widget = global('ready', (w: unknown) => w) as api.HandoffChatWidget;
    expect(widget.state.open).toBe(true);
    expect(widget.state.hasBot).toBe(true);
    // The open panel is drawn on the next frame.
    await vi.waitFor(() => expect(widget.element.shadowRoot?.textContent).toContain('Ask Fern'));
    expect(page.errors).toEqual([]);
  });

  it('logs exactly one console.error naming every bad attribute, and still starts', () => {
    const global = install(script({ 'data-human': 'memory', 'data-colour': 'red', 'data-max-length': '0', 'data-bot': 'nope' }));
    expect(global('ready', (w: unknown) => w)).toBeDefined();
    expect(page.errors).toHaveLength(1);
    expect(page.errors[0]).toMatch(/^handoff-chat: 3 problems with the data attributes of <script src="\/dist\/handoff-chat.iife.js">:/);
    expect(page.errors[0]).toContain('data-colour: unknown attribute');
    expect(page.errors[0]).toContain('data-max-length="0"');
    expect(page.errors[0]).toContain('data-bot="nope"');
    expect(page.errors[0]).toContain('The chat started with everything else.');
  });

  it('without a usable desk, shows a launcher that opens the fallback contact link', () => {
    install(script({ 'data-bot': 'memory', 'data-human': 'handof', 'data-fallback-url': 'mailto:help@example.com' }));
    expect(page.errors).toHaveLength(1);
    expect(page.errors[0]).toContain('The chat could not start');
    const host = document.querySelector('handoff-chat');
    expect(host?.getAttribute('data-mode')).toBe('fallback');
    const button = host?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="launcher"]');
    expect(button?.getAttribute('aria-label')).toBe('Open chat');
    button?.click();
    const link = host?.shadowRoot?.querySelector<HTMLAnchorElement>('[part~="fallback-link"]');
    expect(link?.href).toBe('mailto:help@example.com');
    expect(link?.textContent).toBe('Contact us');
    expect(host?.shadowRoot?.querySelector('[part~="fallback"]')?.hasAttribute('hidden')).toBe(false);
    expect(button?.getAttribute('aria-expanded')).toBe('true');
  });

  it('does nothing by itself when its tag has no data-human or data-bot (HandoffChat.init use)', () => {
    install(script({ 'data-cfasync': 'false' }));
    expect(document.querySelector('handoff-chat')).toBeNull();
    expect(page.errors).toEqual([]);
  });

  it('refuses to install twice, leaving the first copy in charge', () => {
    const first = install();
    expect(installGlobal(win, { ...api, transports }, null)).toBeUndefined();
    expect(win.HandoffChat).toBe(first);
    expect(page.errors[0]).toContain('loaded twice');
  });
});
