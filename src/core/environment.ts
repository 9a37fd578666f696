/**
 * The outside world the core depends on, injected so tests are deterministic and the
 * core runs anywhere (browser, Node, a worker). Nothing here is read at import time.
 */

import { browserTabs, type Tabs } from './tabs.js';

/** The subset of the Web Storage API the core uses; `localStorage` fits as it is. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Facts about the page the chat runs on, for the agent. */
export interface PageInfo {
  url?: string;
  title?: string;
  referrer?: string;
}

export interface ChatEnvironment {
  /** Milliseconds since the epoch. */
  now(): number;
  /** A number in [0, 1), for jitter. */
  random(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Where the conversation and outbox are kept across reloads. */
  storage: KeyValueStorage;
  /** The page the chat runs on; read when a handoff request is built. */
  page(): PageInfo;
  /** The runtime's time zone, e.g. `Europe/Stockholm`. */
  timeZone(): string | undefined;
  /** Other tabs of the same site, to share one conversation; `null` makes every tab stand alone. */
  tabs: Tabs | null;
  /**
   * Runs `fn` when the runtime has nothing better to do; returns a function that cancels it.
   * For housekeeping only (warming caches), never for behaviour a customer waits on.
   */
  idle(fn: () => void): () => void;
}

/** Storage that lives as long as the page: the fallback when real storage is unavailable. */
export function createMemoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => (map.has(key) ? (map.get(key) as string) : null),
    setItem: (key, value) => void map.set(key, String(value)),
    removeItem: (key) => void map.delete(key),
  };
}

function defaultPage(): PageInfo {
  const g = globalThis as { location?: { href?: string }; document?: { title?: string; referrer?: string } };
  const info: PageInfo = {};
  if (typeof g.location?.href === 'string') info.url = g.location.href;
  if (typeof g.document?.title === 'string') info.title = g.document.title;
  if (typeof g.document?.referrer === 'string' && g.document.referrer) info.referrer = g.document.referrer;
  return info;
}

function defaultTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

type IdleHost = {
  requestIdleCallback?: (cb: () => void, options: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
};

/**
 * Runs `fn` in an idle moment of `host` (a window, or `globalThis`): through its
 * `requestIdleCallback`, at most `timeoutMs` later, or after `fallbackMs` where there is
 * none (Node, older Safari). Returns the cancel.
 *
 * @example
 * const cancel = whenIdleOn(window, warmCaches, 2000, 200)
 */
export function whenIdleOn(host: object, fn: () => void, timeoutMs: number, fallbackMs: number): () => void {
  let request: IdleHost['requestIdleCallback'];
  let cancel: IdleHost['cancelIdleCallback'];
  try {
    ({ requestIdleCallback: request, cancelIdleCallback: cancel } = host as IdleHost);
  } catch {
    // A locked-down global that throws on read: use the timer.
  }
  if (typeof request === 'function' && typeof cancel === 'function') {
    const handle = request.call(host, fn, { timeout: timeoutMs });
    const stop = cancel;
    return () => stop.call(host, handle);
  }
  const handle = globalThis.setTimeout(fn, fallbackMs);
  return () => globalThis.clearTimeout(handle);
}

const defaultIdle = (fn: () => void): (() => void) => whenIdleOn(globalThis, fn, 3000, 20);

/** Fills in every missing piece with the real thing (the real clock, timers, memory storage). */
export function resolveEnvironment(partial: Partial<ChatEnvironment> = {}): ChatEnvironment {
  return {
    now: partial.now ?? (() => Date.now()),
    random: partial.random ?? Math.random,
    setTimeout: partial.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms)),
    clearTimeout: partial.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)),
    storage: partial.storage ?? createMemoryStorage(),
    page: partial.page ?? defaultPage,
    timeZone: partial.timeZone ?? defaultTimeZone,
    tabs: partial.tabs === undefined ? browserTabs() ?? null : partial.tabs,
    idle: partial.idle ?? defaultIdle,
  };
}
