// @vitest-environment happy-dom
/**
 * A loader tag without transports, for a chat that `HandoffChat('init', …)` sets up
 * later (after a consent banner, say). When the full bundle arrives first, the
 * placeholder stays and a click on it is kept: the chat opens once init comes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../../src/index';
import { installGlobal, type HandoffChatGlobal } from '../../src/embed/install-global';
import type { GlobalWithHandoffChat } from '../../src/embed/loader-handle';
import { startLoader } from '../../src/embed/start-loader';
import * as transports from '../../src/transports/index';

const win = window as unknown as GlobalWithHandoffChat;
const WAIT = { initWaitMs: 30000 };

function loaderTag(attributes: Record<string, string> = {}): HTMLScriptElement {
  const script = document.createElement('script');
  script.setAttribute('src', 'https://cdn.example/hc/handoff-chat.loader.js');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return script;
}

const hosts = () => Array.from(document.querySelectorAll('handoff-chat'));
const launcher = (host: Element | undefined) => host?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="launcher"]') ?? null;

/** The loader on the page, then the full bundle arriving (its script tag appended and run). */
function loaderThenBundle(attributes: Record<string, string> = { 'data-fallback-url': 'mailto:help@example.com' }): HandoffChatGlobal {
  startLoader(win, loaderTag(attributes), { idleTimeoutMs: 4000, noIdleDelayMs: 1500, slowMs: 10000 });
  const global = installGlobal(win, { ...api, transports }, null, WAIT);
  if (!global) throw new Error('not installed');
  return global;
}

beforeEach(() => {
  vi.useFakeTimers();
  // The loader's <script> for the bundle is recorded, not fetched.
  vi.spyOn(HTMLHeadElement.prototype, 'appendChild').mockImplementation((node: Node) => node as never);
});

afterEach(() => {
  (win.HandoffChat as ((c: string) => void) | undefined)?.('destroy');
  delete win.HandoffChat;
  document.body.innerHTML = '';
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a chat set up by a later HandoffChat(\'init\')', () => {
  it('keeps the placeholder until init, and opens the chat for a click made meanwhile', async () => {
    const global = loaderThenBundle();
    expect(hosts()).toHaveLength(1);
    const placeholder = launcher(hosts()[0]);
    expect(placeholder).not.toBeNull();
    placeholder?.click();
    expect(placeholder?.getAttribute('aria-busy')).toBe('true'); // "the chat is on its way"
    vi.advanceTimersByTime(5000); // the visitor accepts the consent banner
    const widget = global('init', { human: transports.createMemoryHuman(), storage: false }) as api.HandoffChatWidget;
    expect(hosts()).toEqual([widget.element]);
    expect(widget.state.open).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(widget.element.shadowRoot?.activeElement?.getAttribute('part')).toBe('input');
  });

  it('leaves the chat closed when nobody clicked', () => {
    const global = loaderThenBundle();
    vi.advanceTimersByTime(5000);
    const widget = global('init', { human: transports.createMemoryHuman(), storage: false }) as api.HandoffChatWidget;
    expect(hosts()).toEqual([widget.element]);
    expect(widget.state.open).toBe(false);
  });

  it('shows the fallback after the wait when the visitor had clicked, and still hands over to a late init', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const global = loaderThenBundle();
    launcher(hosts()[0])?.click();
    vi.advanceTimersByTime(WAIT.initWaitMs);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(hosts()).toHaveLength(1);
    expect(hosts()[0]?.getAttribute('data-mode')).toBe('fallback');
    expect(hosts()[0]?.shadowRoot?.querySelector<HTMLAnchorElement>('[part~="fallback-link"]')?.href).toBe('mailto:help@example.com');
    const widget = global('init', { human: transports.createMemoryHuman(), storage: false }) as api.HandoffChatWidget;
    expect(hosts()).toEqual([widget.element]);
  });
});
