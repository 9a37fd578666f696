// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GlobalWithHandoffChat, HandoffChatStub } from '../../src/embed/loader-handle';
import { fullBundleUrl, startLoader, type LoaderTiming } from '../../src/embed/start-loader';

const win = window as unknown as GlobalWithHandoffChat;
const TIMING: LoaderTiming = { idleTimeoutMs: 4000, noIdleDelayMs: 1500, slowMs: 10000 };

/** A controllable requestIdleCallback. */
let idleCallbacks: Map<number, { fn: () => void; timeout?: number }>;
let nextIdle: number;

function loaderTag(attributes: Record<string, string> = {}, src = 'https://cdn.example/hc/1.0/handoff-chat.loader.js'): HTMLScriptElement {
  const script = document.createElement('script');
  // Kept out of the document: happy-dom would try to fetch it.
  script.setAttribute('src', src);
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return script;
}

/** The script elements the loader added (it never fetches in happy-dom; events are dispatched by hand). */
function addedScripts(): HTMLScriptElement[] {
  return Array.from(document.head.querySelectorAll('script'));
}

function placeholder() {
  const host = document.querySelector('handoff-chat');
  return {
    host,
    button: host?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="launcher"]') ?? null,
    panel: host?.shadowRoot?.querySelector<HTMLElement>('[part~="fallback"]') ?? null,
    status: host?.shadowRoot?.querySelector('[role="status"]') ?? null,
  };
}

function runIdle(): void {
  for (const [id, entry] of [...idleCallbacks]) {
    idleCallbacks.delete(id);
    entry.fn();
  }
}

let appended: HTMLScriptElement[];
beforeEach(() => {
  idleCallbacks = new Map();
  nextIdle = 1;
  appended = [];
  Object.assign(window, {
    requestIdleCallback: (fn: () => void, options?: { timeout?: number }) => {
      const id = nextIdle++;
      idleCallbacks.set(id, { fn, ...(options?.timeout !== undefined ? { timeout: options.timeout } : {}) });
      return id;
    },
    cancelIdleCallback: (id: number) => idleCallbacks.delete(id),
  });
  // Record the scripts the loader adds instead of letting happy-dom try to fetch them.
  const append = HTMLHeadElement.prototype.appendChild;
  vi.spyOn(HTMLHeadElement.prototype, 'appendChild').mockImplementation(function (this: HTMLHeadElement, node: Node) {
    if (node instanceof HTMLScriptElement) {
      appended.push(node);
      return node;
    }
    return append.call(this, node) as never;
  });
});

afterEach(() => {
  delete win.HandoffChat;
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('lang');
  vi.restoreAllMocks();
});

describe('the placeholder launcher', () => {
  it('shows at once, named in the page’s language, before anything is fetched', () => {
    document.documentElement.setAttribute('lang', 'sv');
    startLoader(win, loaderTag(), TIMING);
    const { host, button } = placeholder();
    expect(host?.getAttribute('data-mode')).toBe('placeholder');
    expect(button?.getAttribute('aria-label')).toBe('Öppna chatten');
    expect(appended).toEqual([]);
  });

  it('takes data-locale, data-position, data-color-scheme and data-theme-* like the widget', () => {
    startLoader(
      win,
      loaderTag({ 'data-locale': 'de', 'data-position': 'left', 'data-color-scheme': 'dark', 'data-theme-accent': '#0a7d5a', 'data-theme-launcher-size': '64' }),
      TIMING,
    );
    const { host, button } = placeholder();
    expect(button?.getAttribute('aria-label')).toBe('Chat öffnen');
    expect(host?.getAttribute('data-color-scheme')).toBe('dark');
    expect((host as HTMLElement).style.getPropertyValue('--hc-color-accent')).toBe('#0a7d5a');
    expect((host as HTMLElement).style.getPropertyValue('--hc-launcher-size')).toBe('64px');
    expect(host?.shadowRoot?.querySelector('.root')?.className).toContain('pos-left');
  });

  it('uses the site’s openChat text from data-strings', () => {
    startLoader(win, loaderTag({ 'data-strings': '{"openChat":"Questions? Chat with us"}' }), TIMING);
    expect(placeholder().button?.getAttribute('aria-label')).toBe('Questions? Chat with us');
  });
});

describe('when the full widget is fetched', () => {
  it('waits for an idle moment (with a deadline) after the page has loaded', () => {
    startLoader(win, loaderTag(), TIMING);
    // happy-dom's document is complete already, so the idle wait starts at once.
    expect([...idleCallbacks.values()].map((c) => c.timeout)).toEqual([4000]);
    expect(appended).toEqual([]);
    runIdle();
    expect(appended.map((s) => s.src)).toEqual(['https://cdn.example/hc/1.0/handoff-chat.iife.js']);
    expect(appended[0]?.async).toBe(true);
  });

  it('falls back to a timer where requestIdleCallback is missing', () => {
    vi.useFakeTimers();
    try {
      Object.assign(window, { requestIdleCallback: undefined });
      startLoader(win, loaderTag(), TIMING);
      vi.advanceTimersByTime(1499);
      expect(appended).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(appended).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fetches at once when the customer reaches for the launcher, and only once', () => {
    startLoader(win, loaderTag(), TIMING);
    placeholder().button?.dispatchEvent(new Event('pointerenter'));
    expect(appended).toHaveLength(1);
    expect(idleCallbacks.size).toBe(0);
    placeholder().button?.dispatchEvent(new Event('focus'));
    runIdle();
    expect(appended).toHaveLength(1);
  });

  it('with data-load="interaction" waits for the customer, with "eager" loads at once', () => {
    startLoader(win, loaderTag({ 'data-load': 'interaction' }), TIMING);
    expect(idleCallbacks.size).toBe(0);
    expect(appended).toEqual([]);
    placeholder().button?.click();
    expect(appended).toHaveLength(1);

    delete win.HandoffChat;
    document.body.innerHTML = '';
    startLoader(win, loaderTag({ 'data-load': 'eager' }), TIMING);
    expect(appended).toHaveLength(2);
  });

  it('passes data-integrity with crossorigin, and the loader’s nonce, to the script it adds', () => {
    const tag = loaderTag({ 'data-integrity': 'sha384-abc', 'data-load': 'eager' });
    tag.nonce = 'r4nd0m';
    startLoader(win, tag, TIMING);
    expect(appended[0]?.integrity).toBe('sha384-abc');
    expect(appended[0]?.crossOrigin).toBe('anonymous');
    expect(appended[0]?.nonce).toBe('r4nd0m');
  });

  it('finds the full file next to the loader, or where data-src says', () => {
    expect(fullBundleUrl(null, 'https://cdn.example/a/b/handoff-chat.loader.js?v=3', 'https://shop.example/')).toBe(
      'https://cdn.example/a/b/handoff-chat.iife.js',
    );
    expect(fullBundleUrl('/static/chat.js', 'https://cdn.example/handoff-chat.loader.js', 'https://shop.example/p/')).toBe('https://shop.example/static/chat.js');
    expect(fullBundleUrl(null, undefined, 'https://shop.example/p/q')).toBe('https://shop.example/p/handoff-chat.iife.js');
  });
});

describe('handing over to the full widget', () => {
  it('tells the widget about a click made while loading, and lets it remove the placeholder', () => {
    const handle = startLoader(win, loaderTag(), TIMING);
    const { button, status } = placeholder();
    button?.click();
    expect(button?.getAttribute('aria-busy')).toBe('true');
    expect(status?.textContent).toBe('Loading the chat…');
    const claim = handle?.claim();
    expect(claim?.wantsOpen()).toBe(true);
    expect(handle?.claim()).toBeUndefined();
    claim?.release();
    expect(document.querySelector('handoff-chat')).toBeNull();
  });

  it('keeps the calls a snippet queued before the loader ran', () => {
    const stub: HandoffChatStub = function (...args: unknown[]) {
      (stub.q = stub.q ?? []).push(args);
    };
    win.HandoffChat = stub;
    stub('open');
    const handle = startLoader(win, loaderTag(), TIMING);
    expect(win.HandoffChat).toBe(stub);
    expect(stub.loader).toBe(handle);
    win.HandoffChat('identify', { id: 'u1' });
    expect(stub.q).toEqual([['open'], ['identify', { id: 'u1' }]]);
  });

  it('refuses to run twice on one page, saying so', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    startLoader(win, loaderTag(), TIMING);
    expect(startLoader(win, loaderTag(), TIMING)).toBeUndefined();
    expect(error).toHaveBeenCalledTimes(1);
    expect(document.querySelectorAll('handoff-chat')).toHaveLength(1);
  });
});

describe('when the full widget cannot load', () => {
  it('opens a fallback with the site’s contact link on click, never a dead end', () => {
    startLoader(win, loaderTag({ 'data-fallback-url': 'mailto:help@example.com', 'data-load': 'eager' }), TIMING);
    appended[0]?.dispatchEvent(new Event('error'));
    const { host, button, panel } = placeholder();
    expect(host?.getAttribute('data-mode')).toBe('fallback');
    expect(panel?.hidden).toBe(true);
    button?.click();
    expect(panel?.hidden).toBe(false);
    expect(button?.getAttribute('aria-expanded')).toBe('true');
    expect(button?.getAttribute('aria-label')).toBe('Close chat');
    const link = host?.shadowRoot?.querySelector<HTMLAnchorElement>('[part~="fallback-link"]');
    expect(link?.href).toBe('mailto:help@example.com');
    expect(host?.shadowRoot?.activeElement).toBe(link);
    panel?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(panel?.hidden).toBe(true);
  });

  it('opens the fallback at once when the customer had already clicked', () => {
    startLoader(win, loaderTag(), TIMING);
    placeholder().button?.click();
    appended[0]?.dispatchEvent(new Event('error'));
    expect(placeholder().panel?.hidden).toBe(false);
    expect(placeholder().host?.shadowRoot?.textContent).toContain('Please try again in a moment, or reload the page.');
  });

  it('puts the fallback where an inline chat (data-target) would have been, without a launcher', () => {
    const box = document.createElement('section');
    box.id = 'help';
    document.body.appendChild(box);
    startLoader(win, loaderTag({ 'data-target': '#help', 'data-fallback-url': 'https://shop.example/contact' }), TIMING);
    // Inline panels are part of the page: fetched at once, and no placeholder launcher meanwhile.
    expect(appended).toHaveLength(1);
    expect(document.querySelector('handoff-chat')).toBeNull();
    appended[0]?.dispatchEvent(new Event('error'));
    const host = box.querySelector('handoff-chat');
    expect(host?.shadowRoot?.querySelector('[part~="launcher"]')).toBeNull();
    expect(host?.shadowRoot?.querySelector<HTMLElement>('[part~="fallback"]')?.hidden).toBe(false);
    const link = host?.shadowRoot?.querySelector<HTMLAnchorElement>('[part~="fallback-link"]');
    expect(link?.href).toBe('https://shop.example/contact');
    expect(link?.target).toBe('_blank');
  });

  it('treats a file that loads but is not the widget as a failure', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    startLoader(win, loaderTag({ 'data-load': 'eager' }), TIMING);
    appended[0]?.dispatchEvent(new Event('load'));
    expect(placeholder().host?.getAttribute('data-mode')).toBe('fallback');
    expect(String(error.mock.calls[0]?.[0])).toContain('loaded but is not the handoff-chat widget');
  });

  it('offers to try again, which fetches the file anew', () => {
    startLoader(win, loaderTag({ 'data-load': 'eager' }), TIMING);
    appended[0]?.dispatchEvent(new Event('error'));
    placeholder().button?.click();
    placeholder().host?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="fallback-retry"]')?.click();
    expect(appended).toHaveLength(2);
    expect(placeholder().host?.getAttribute('data-mode')).toBe('placeholder');
    expect(placeholder().button?.getAttribute('aria-busy')).toBe('true');
  });

  it('"Try again" while the file is still on its way waits for it instead of fetching a second copy', () => {
    vi.useFakeTimers();
    try {
      const handle = startLoader(win, loaderTag({ 'data-load': 'interaction' }), TIMING);
      placeholder().button?.click();
      expect(appended).toHaveLength(1);
      vi.advanceTimersByTime(10000); // slow network: the fallback shows, the request still loading
      placeholder().host?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="fallback-retry"]')?.click();
      expect(appended).toHaveLength(1);
      expect(placeholder().button?.getAttribute('aria-busy')).toBe('true');
      expect(placeholder().panel?.hidden).toBe(true);
      // Still slow: the way to a person shows again.
      vi.advanceTimersByTime(10000);
      expect(placeholder().panel?.hidden).toBe(false);
      // A real failure of that one request is what allows a new one.
      appended[0]?.dispatchEvent(new Event('error'));
      placeholder().host?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="fallback-retry"]')?.click();
      expect(appended).toHaveLength(2);
      expect(handle).toBeDefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('with data-open-on-load and a blocked file, shows the fallback but leaves focus on the page', () => {
    const search = document.createElement('input');
    document.body.appendChild(search);
    search.focus();
    startLoader(win, loaderTag({ 'data-open-on-load': '', 'data-fallback-url': 'mailto:help@example.com' }), TIMING);
    appended[0]?.dispatchEvent(new Event('error'));
    expect(placeholder().panel?.hidden).toBe(false);
    expect(document.activeElement).toBe(search);
  });

  it('moves focus into the fallback when the customer clicked for it', () => {
    startLoader(win, loaderTag({ 'data-fallback-url': 'mailto:help@example.com' }), TIMING);
    placeholder().button?.focus();
    placeholder().button?.click();
    appended[0]?.dispatchEvent(new Event('error'));
    const link = placeholder().host?.shadowRoot?.querySelector('[part~="fallback-link"]');
    expect(placeholder().host?.shadowRoot?.activeElement).toBe(link);
  });

  it('does not pull focus back when the customer went on to a page field while it was slow', () => {
    vi.useFakeTimers();
    try {
      startLoader(win, loaderTag({ 'data-fallback-url': 'mailto:help@example.com' }), TIMING);
      placeholder().button?.click();
      const search = document.createElement('input');
      document.body.appendChild(search);
      search.focus();
      vi.advanceTimersByTime(10000);
      expect(placeholder().panel?.hidden).toBe(false);
      expect(document.activeElement).toBe(search);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the fallback meanwhile when the file is slow after a click', () => {
    vi.useFakeTimers();
    try {
      const handle = startLoader(win, loaderTag(), TIMING);
      placeholder().button?.click();
      vi.advanceTimersByTime(9999);
      expect(placeholder().panel).toBeNull();
      vi.advanceTimersByTime(1);
      expect(placeholder().panel?.hidden).toBe(false);
      // It still arrives: the widget takes over.
      handle?.claim()?.release();
      expect(document.querySelector('handoff-chat')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
