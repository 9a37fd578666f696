// @vitest-environment happy-dom
/**
 * The loader (`dist/handoff-chat.loader.js`, from `startLoader`): the placeholder
 * launcher, when the full widget is fetched, the hand-over to it, and the contact
 * link when it cannot load. happy-dom never fetches: the scripts the loader adds are
 * recorded, and their `load` / `error` events dispatched by hand. The same loader in
 * real Chromium, against the real widget: loader-takeover.browser.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChat } from '../../src/core/chat';
import type { GlobalWithHandoffChat, HandoffChatStub } from '../../src/embed/loader-handle';
import { fullBundleUrl, startLoader, type LoaderTiming } from '../../src/embed/start-loader';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';
import { CHAT_PATH } from '../../src/ui/icons';

const win = window as unknown as GlobalWithHandoffChat;
const TIMING: LoaderTiming = { idleTimeoutMs: 4000, noIdleDelayMs: 1500, slowMs: 10000 };

/** A controllable requestIdleCallback. */
let idleCallbacks: Array<{ fn: () => void; timeout?: number }>;

function loaderTag(attributes: Record<string, string> = {}, src = 'https://cdn.example/hc/1.0/handoff-chat.loader.js'): HTMLScriptElement {
  const script = document.createElement('script');
  // Kept out of the document: happy-dom would try to fetch it.
  script.setAttribute('src', src);
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return script;
}

function placeholder() {
  const host = document.querySelector<HTMLElement>('handoff-chat');
  const link = host?.shadowRoot?.querySelector<HTMLAnchorElement>('[part~="fallback-link"]') ?? null;
  return {
    host,
    button: host?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="launcher"]') ?? null,
    link,
    /** The contact link is on offer: in the placeholder and not hidden. */
    linkShown: !!link && !link.hidden,
  };
}

/** Lets the loader's own follow-up task run (it reads storage and schedules the fetch there). */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function runIdle(): void {
  for (const entry of idleCallbacks.splice(0)) entry.fn();
}

let appended: HTMLScriptElement[];
beforeEach(() => {
  idleCallbacks = [];
  appended = [];
  Object.assign(window, {
    requestIdleCallback: (fn: () => void, options?: { timeout?: number }) => {
      idleCallbacks.push({ fn, ...(options?.timeout !== undefined ? { timeout: options.timeout } : {}) });
      return idleCallbacks.length;
    },
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

afterEach(async () => {
  vi.useRealTimers();
  // The loader's follow-up task runs within the test that started it, not in the next one.
  await nextTask();
  vi.restoreAllMocks();
  delete win.HandoffChat;
  document.body.innerHTML = '';
  document.querySelectorAll('handoff-chat').forEach((el) => el.remove());
  document.documentElement.removeAttribute('lang');
  localStorage.clear();
});

describe('the placeholder launcher', () => {
  it('shows at once, named in the page’s language, before anything is fetched', () => {
    document.documentElement.setAttribute('lang', 'sv-SE');
    startLoader(win, loaderTag(), TIMING);
    const { host, button } = placeholder();
    expect(host?.getAttribute('data-mode')).toBe('placeholder');
    expect(host?.parentElement).toBe(document.body);
    expect(button?.getAttribute('aria-label')).toBe('Öppna chatten');
    expect(button?.closest('[lang]')?.getAttribute('lang')).toBe('sv');
    // The loader draws its own copy of the path: it must stay the widget's icon.
    expect(button?.querySelector('path')?.getAttribute('d')).toBe(CHAT_PATH);
    expect(placeholder().linkShown).toBe(false);
    expect(appended).toEqual([]);
  });

  it('takes data-locale, data-position, data-color-scheme and the launcher’s data-theme-* like the widget', () => {
    startLoader(
      win,
      loaderTag({
        'data-locale': 'de-AT',
        'data-position': 'left',
        'data-color-scheme': 'dark',
        'data-theme-accent': '#0a7d5a',
        'data-theme-on-accent': 'black',
        'data-theme-shadow': 'none',
        'data-theme-launcher-size': '64',
        'data-theme-launcher-offset': ' 12.5 ',
        'data-theme-z-index': '10',
        'data-theme-surface': '#eee',
      }),
      TIMING,
    );
    const { host, button } = placeholder();
    const style = (host as HTMLElement).style;
    expect(button?.getAttribute('aria-label')).toBe('Chat öffnen');
    expect(host?.getAttribute('data-color-scheme')).toBe('dark');
    expect(button?.parentElement?.className).toBe('left');
    expect(style.getPropertyValue('--hc-color-accent')).toBe('#0a7d5a');
    expect(style.getPropertyValue('--hc-color-on-accent')).toBe('black');
    expect(style.getPropertyValue('--hc-shadow-panel')).toBe('none');
    // A bare number means pixels, as in the `theme` option, except for the z-index.
    expect(style.getPropertyValue('--hc-launcher-size')).toBe('64px');
    expect(style.getPropertyValue('--hc-launcher-offset')).toBe('12.5px');
    expect(style.getPropertyValue('--hc-z-index')).toBe('10');
    // The placeholder shows no surface: the widget reads that one itself.
    expect(style.getPropertyValue('--hc-color-surface')).toBe('');
  });

  it.each([
    ['ar-EG', 'فتح المحادثة', 'ar'],
    ['fr_CA', 'Ouvrir le chat', 'fr'],
    ['ES', 'Abrir el chat', 'es'],
    ['pt-BR', 'Open chat', 'en'],
    ['constructor', 'Open chat', 'en'],
  ])('names the launcher for %s as the widget does, in the language of the name', (locale, label, lang) => {
    startLoader(win, loaderTag({ 'data-locale': locale }), TIMING);
    const { button } = placeholder();
    expect(button?.getAttribute('aria-label')).toBe(label);
    expect(button?.closest('[lang]')?.getAttribute('lang')).toBe(lang);
  });

  it('shows no launcher for an inline chat (data-target), which is fetched at once', () => {
    startLoader(win, loaderTag({ 'data-target': '#help' }), TIMING);
    expect(document.querySelector('handoff-chat')).toBeNull();
    expect(appended).toHaveLength(1);
  });
});

describe('when the full widget is fetched', () => {
  it('waits for an idle moment (with a deadline) after the page has loaded', async () => {
    startLoader(win, loaderTag(), TIMING);
    // Decided in a task of its own, after the page's: happy-dom's document is complete
    // already, so the idle wait starts then.
    expect(idleCallbacks).toEqual([]);
    await nextTask();
    expect(idleCallbacks.map((c) => c.timeout)).toEqual([4000]);
    expect(appended).toEqual([]);
    runIdle();
    expect(appended.map((s) => s.src)).toEqual(['https://cdn.example/hc/1.0/handoff-chat.iife.js']);
    expect(appended[0]?.async).toBe(true);
  });

  it('waits for the page’s load event first', async () => {
    const readyState = vi.spyOn(document, 'readyState', 'get').mockReturnValue('interactive');
    startLoader(win, loaderTag(), TIMING);
    await nextTask();
    expect(idleCallbacks).toEqual([]);
    readyState.mockRestore();
    window.dispatchEvent(new Event('load'));
    expect(idleCallbacks).toHaveLength(1);
    runIdle();
    expect(appended).toHaveLength(1);
  });

  it('falls back to a timer where requestIdleCallback is missing', () => {
    vi.useFakeTimers();
    Object.assign(window, { requestIdleCallback: undefined });
    startLoader(win, loaderTag(), TIMING);
    vi.advanceTimersByTime(1499);
    expect(appended).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(appended).toHaveLength(1);
  });

  it.each(['pointerenter', 'focus', 'click'])('fetches at once on %s on the launcher, and only once', (type) => {
    startLoader(win, loaderTag(), TIMING);
    placeholder().button?.dispatchEvent(new Event(type));
    expect(appended).toHaveLength(1);
    placeholder().button?.dispatchEvent(new Event('pointerenter'));
    placeholder().button?.dispatchEvent(new Event('focus'));
    // The idle moment comes later and finds the file on its way.
    runIdle();
    expect(appended).toHaveLength(1);
  });

  it('with data-load="interaction" waits for the customer, with "eager" loads at once', () => {
    startLoader(win, loaderTag({ 'data-load': 'interaction' }), TIMING);
    expect(idleCallbacks).toEqual([]);
    expect(appended).toEqual([]);
    placeholder().button?.click();
    expect(appended).toHaveLength(1);

    delete win.HandoffChat;
    placeholder().host?.remove();
    startLoader(win, loaderTag({ 'data-load': 'eager' }), TIMING);
    expect(appended).toHaveLength(2);
  });

  it('loads at once for data-open-on-load, showing the chat is on its way', () => {
    startLoader(win, loaderTag({ 'data-open-on-load': '', 'data-load': 'interaction' }), TIMING);
    expect(appended).toHaveLength(1);
    expect(placeholder().button?.getAttribute('aria-busy')).toBe('true');
  });

  it('passes data-integrity with crossorigin, and the loader’s nonce, to the script it adds', () => {
    const tag = loaderTag({ 'data-integrity': 'sha384-abc', 'data-load': 'eager' });
    tag.nonce = 'r4nd0m';
    startLoader(win, tag, TIMING);
    expect(appended[0]?.integrity).toBe('sha384-abc');
    expect(appended[0]?.crossOrigin).toBe('anonymous');
    expect(appended[0]?.nonce).toBe('r4nd0m');
  });

  it('keeps the loader tag’s own crossorigin for the widget', () => {
    const tag = loaderTag({ 'data-load': 'eager', crossorigin: 'use-credentials' });
    startLoader(win, tag, TIMING);
    expect(appended[0]?.crossOrigin).toBe('use-credentials');
    expect(appended[0]?.integrity).toBe('');
  });

  it('fetches the page’s language file together with the widget, from next to it', () => {
    document.documentElement.setAttribute('lang', 'fr-CA');
    startLoader(win, loaderTag({ 'data-load': 'eager', 'data-src': '/static/v2/handoff-chat.iife.js' }), TIMING);
    expect(appended.map((s) => s.src)).toEqual([new URL('/static/v2/handoff-chat.iife.js', document.baseURI).href, new URL('/static/v2/handoff-chat.fr.js', document.baseURI).href]);
  });

  it('still fetches the widget when a Trusted Types policy refuses the language file’s address', () => {
    document.documentElement.setAttribute('lang', 'de');
    const setSrc = vi.spyOn(HTMLScriptElement.prototype, 'src', 'set').mockImplementation(function (this: HTMLScriptElement, url: string) {
      if (url.endsWith('.de.js')) throw new TypeError('This document requires TrustedScriptURL assignment.');
      this.setAttribute('src', url);
    });
    expect(() => startLoader(win, loaderTag({ 'data-load': 'eager' }), TIMING)).not.toThrow();
    expect(setSrc).toHaveBeenCalledTimes(2);
    expect(appended.map((s) => s.getAttribute('src'))).toEqual(['https://cdn.example/hc/1.0/handoff-chat.iife.js']);
  });

  it('fetches no language file for English, nor under Subresource Integrity (the widget fetches it pinned to its hash)', () => {
    startLoader(win, loaderTag({ 'data-load': 'eager', 'data-locale': 'en-GB' }), TIMING);
    expect(appended.map((s) => s.src)).toEqual(['https://cdn.example/hc/1.0/handoff-chat.iife.js']);
    delete win.HandoffChat;
    appended.length = 0;
    startLoader(win, loaderTag({ 'data-load': 'eager', 'data-locale': 'ar', 'data-integrity': 'sha384-abc' }), TIMING);
    expect(appended.map((s) => s.src)).toEqual(['https://cdn.example/hc/1.0/handoff-chat.iife.js']);
  });

  it('finds the full file next to the loader, or where data-src says', () => {
    expect(fullBundleUrl(null, 'https://cdn.example/a/b/handoff-chat.loader.js?v=3', 'https://shop.example/')).toBe(
      'https://cdn.example/a/b/handoff-chat.iife.js',
    );
    expect(fullBundleUrl('/static/chat.js', 'https://cdn.example/handoff-chat.loader.js', 'https://shop.example/p/')).toBe('https://shop.example/static/chat.js');
    expect(fullBundleUrl(null, undefined, 'https://shop.example/p/q')).toBe('https://shop.example/p/handoff-chat.iife.js');
  });
});

describe('a returning customer', () => {
  /** A conversation the real core stored, as a previous page left it: with a message sent, or only a draft typed. */
  async function storedConversation(storageKey: string, send: boolean): Promise<void> {
    const chat = createChat({ bot: createMemoryBot({ reply: () => 'Hello!' }), human: createMemoryHuman(), storage: localStorage, storageKey });
    if (send) chat.send('Where is my order?');
    else chat.setDraft('Where is');
    await vi.waitFor(() => expect(localStorage.getItem(`hc:${storageKey}:conversation`)).not.toBeNull());
    chat.destroy();
  }

  it('gets the widget at once when the chat has a conversation to restore, even with data-load="interaction"', async () => {
    await storedConversation('shop', true);
    startLoader(win, loaderTag({ 'data-storage-key': 'shop', 'data-load': 'interaction' }), TIMING);
    // Storage is read in a task after the page's own start (its first read opens it: milliseconds).
    expect(appended).toEqual([]);
    await nextTask();
    expect(appended).toHaveLength(1);
  });

  it('under the default storage key too', async () => {
    await storedConversation('default', true);
    startLoader(win, loaderTag(), TIMING);
    await nextTask();
    expect(appended).toHaveLength(1);
  });

  it('waits as usual for a conversation with only a draft, or one under another storage key', async () => {
    await storedConversation('default', false);
    await storedConversation('other', true);
    startLoader(win, loaderTag({ 'data-load': 'interaction' }), TIMING);
    await nextTask();
    expect(appended).toEqual([]);
  });

  it('waits as usual where storage is blocked (sandboxed frame, cookies off)', async () => {
    const storage = vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    startLoader(win, loaderTag({ 'data-load': 'interaction' }), TIMING);
    await nextTask();
    expect(storage).toHaveBeenCalled();
    expect(appended).toEqual([]);
    expect(placeholder().button).not.toBeNull();
  });
});

describe('handing over to the full widget', () => {
  it('tells the widget about a click made while loading, and lets it remove the placeholder', () => {
    const handle = startLoader(win, loaderTag(), TIMING);
    const { button } = placeholder();
    expect(button?.getAttribute('aria-busy')).toBe('false');
    button?.click();
    expect(button?.getAttribute('aria-busy')).toBe('true');
    const claim = handle?.claim();
    expect(claim?.wantsOpen()).toBe(true);
    expect(claim?.clicked?.()).toBe(true);
    expect(handle?.claim()).toBeUndefined();
    claim?.release();
    expect(document.querySelector('handoff-chat')).toBeNull();
  });

  it('takes a second click as changing one’s mind', () => {
    const handle = startLoader(win, loaderTag(), TIMING);
    placeholder().button?.click();
    placeholder().button?.click();
    expect(placeholder().button?.getAttribute('aria-busy')).toBe('false');
    expect(handle?.claim()?.wantsOpen()).toBe(false);
  });

  it('tells the widget whether keyboard focus is on the placeholder, and that data-open-on-load is no click', () => {
    const handle = startLoader(win, loaderTag({ 'data-open-on-load': 'true' }), TIMING);
    placeholder().button?.focus();
    const claim = handle?.claim();
    expect(claim?.hasFocus()).toBe(true);
    expect(claim?.wantsOpen()).toBe(true);
    expect(claim?.clicked?.()).toBe(false);
  });

  it('keeps the calls a snippet queued before the loader ran, and queues later ones', () => {
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

  it('makes the queue itself when there is no snippet', () => {
    const handle = startLoader(win, loaderTag(), TIMING);
    win.HandoffChat?.('on', 'open', 'listener');
    expect(win.HandoffChat?.q).toEqual([['on', 'open', 'listener']]);
    expect(win.HandoffChat?.loader).toBe(handle);
  });

  it('runs once per page: a second tag, or one after the full widget, does nothing', () => {
    startLoader(win, loaderTag(), TIMING);
    expect(startLoader(win, loaderTag(), TIMING)).toBeUndefined();
    expect(document.querySelectorAll('handoff-chat')).toHaveLength(1);

    delete win.HandoffChat;
    document.querySelector('handoff-chat')?.remove();
    win.HandoffChat = Object.assign(() => undefined, { version: '1.0.0' });
    expect(startLoader(win, loaderTag(), TIMING)).toBeUndefined();
    expect(document.querySelector('handoff-chat')).toBeNull();
  });

  it('fetches nothing more, and shows no contact link, once the widget has taken over', () => {
    vi.useFakeTimers();
    const handle = startLoader(win, loaderTag({ 'data-fallback-url': 'mailto:help@example.com' }), TIMING);
    placeholder().button?.click();
    handle?.claim();
    // The widget's script element has done its job.
    appended[0]?.dispatchEvent(new Event('load'));
    vi.advanceTimersByTime(10000);
    runIdle();
    expect(appended).toHaveLength(1);
    expect(placeholder().linkShown).toBe(false);
    expect(placeholder().host?.getAttribute('data-mode')).toBe('placeholder');
  });
});

describe('when the full widget cannot load', () => {
  it('offers the site’s contact link on a click, and takes it away on the next', () => {
    startLoader(win, loaderTag({ 'data-fallback-url': 'mailto:help@example.com', 'data-load': 'eager' }), TIMING);
    appended[0]?.dispatchEvent(new Event('error'));
    const { host, button, link } = placeholder();
    expect(host?.getAttribute('data-mode')).toBe('fallback');
    expect(placeholder().linkShown).toBe(false);
    button?.focus();
    button?.click();
    expect(placeholder().linkShown).toBe(true);
    expect(link?.href).toBe('mailto:help@example.com');
    expect(link?.textContent).toBe('Contact us');
    expect(host?.shadowRoot?.activeElement).toBe(link);
    button?.click();
    expect(placeholder().linkShown).toBe(false);
  });

  it('offers it at once when the customer had already clicked, in the page’s language', () => {
    document.documentElement.setAttribute('lang', 'fr');
    startLoader(win, loaderTag({ 'data-fallback-url': '/contact' }), TIMING);
    placeholder().button?.focus();
    placeholder().button?.click();
    const [bundle, language] = appended;
    expect(language?.src).toMatch(/handoff-chat\.fr\.js$/);
    // The language file failing is no reason for the contact link: the widget works in English.
    language?.dispatchEvent(new Event('error'));
    expect(placeholder().linkShown).toBe(false);
    bundle?.dispatchEvent(new Event('error'));
    const { link, host } = placeholder();
    expect(placeholder().linkShown).toBe(true);
    expect(link?.textContent).toBe('Nous contacter');
    // Resolved against the page, like any link on it.
    expect(link?.href).toBe(new URL('/contact', document.baseURI).href);
    expect(host?.shadowRoot?.activeElement).toBe(link);
    expect(placeholder().button?.getAttribute('aria-busy')).toBe('false');
  });

  it('treats a file that loads but is not the widget as a failure', () => {
    startLoader(win, loaderTag({ 'data-load': 'eager', 'data-fallback-url': 'tel:+4681234567' }), TIMING);
    appended[0]?.dispatchEvent(new Event('load'));
    expect(placeholder().host?.getAttribute('data-mode')).toBe('fallback');
    expect(placeholder().link?.href).toBe('tel:+4681234567');
  });

  it('tries the widget again when the customer opens the contact link again', () => {
    startLoader(win, loaderTag({ 'data-load': 'eager', 'data-fallback-url': 'mailto:help@example.com' }), TIMING);
    appended[0]?.dispatchEvent(new Event('error'));
    placeholder().button?.click();
    expect(appended).toHaveLength(2);
    // Closing it is no reason to fetch again.
    placeholder().button?.click();
    expect(appended).toHaveLength(2);
    appended[1]?.dispatchEvent(new Event('error'));
    placeholder().button?.click();
    expect(appended).toHaveLength(3);
    expect(placeholder().linkShown).toBe(true);
  });

  it.each(['javascript:alert(1)', 'data:text/html,<b>hi</b>', ''])('offers no link for data-fallback-url="%s", and a click tries again', (url) => {
    startLoader(win, loaderTag({ 'data-load': 'eager', 'data-fallback-url': url }), TIMING);
    appended[0]?.dispatchEvent(new Event('error'));
    placeholder().button?.click();
    expect(placeholder().link).toBeNull();
    expect(placeholder().host?.getAttribute('data-mode')).toBe('fallback');
    expect(appended).toHaveLength(2);
  });

  it('with data-open-on-load and a blocked file, offers the link but leaves focus on the page', () => {
    const search = document.createElement('input');
    document.body.appendChild(search);
    search.focus();
    startLoader(win, loaderTag({ 'data-open-on-load': '', 'data-fallback-url': 'mailto:help@example.com' }), TIMING);
    appended[0]?.dispatchEvent(new Event('error'));
    expect(placeholder().linkShown).toBe(true);
    expect(document.activeElement).toBe(search);
  });

  it('offers the link meanwhile when the file is still not there 10 seconds after a click', () => {
    vi.useFakeTimers();
    const handle = startLoader(win, loaderTag({ 'data-fallback-url': 'mailto:help@example.com' }), TIMING);
    placeholder().button?.click();
    vi.advanceTimersByTime(9999);
    expect(placeholder().linkShown).toBe(false);
    vi.advanceTimersByTime(1);
    expect(placeholder().linkShown).toBe(true);
    expect(placeholder().host?.getAttribute('data-mode')).toBe('fallback');
    // No second copy while the first is on its way.
    placeholder().button?.click();
    placeholder().button?.click();
    expect(appended).toHaveLength(1);
    // It still arrives: the widget takes over, and hears that the chat is wanted.
    const claim = handle?.claim();
    expect(claim?.wantsOpen()).toBe(true);
    claim?.release();
    expect(document.querySelector('handoff-chat')).toBeNull();
  });

  it('does not pull focus away when the customer went on to a page field while it was slow', () => {
    vi.useFakeTimers();
    startLoader(win, loaderTag({ 'data-fallback-url': 'mailto:help@example.com' }), TIMING);
    placeholder().button?.click();
    const search = document.createElement('input');
    document.body.appendChild(search);
    search.focus();
    vi.advanceTimersByTime(10000);
    expect(placeholder().linkShown).toBe(true);
    expect(document.activeElement).toBe(search);
  });

  it('gives an inline chat (data-target) that cannot load a launcher with the contact link', () => {
    const box = document.createElement('section');
    box.id = 'help';
    document.body.appendChild(box);
    startLoader(win, loaderTag({ 'data-target': '#help', 'data-fallback-url': 'https://shop.example/contact' }), TIMING);
    appended[0]?.dispatchEvent(new Event('error'));
    const { host, button, link } = placeholder();
    expect(host?.getAttribute('data-mode')).toBe('fallback');
    button?.click();
    expect(placeholder().linkShown).toBe(true);
    expect(link?.href).toBe('https://shop.example/contact');
  });
});
