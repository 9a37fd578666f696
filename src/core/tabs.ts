/**
 * Tabs of one site share one conversation. One tab (the leader, chosen with the
 * Web Locks API) holds the connections and the outbox; the others mirror its state
 * over a BroadcastChannel and forward what the customer does to it. When the leader
 * tab closes, its lock is released and another tab takes over from storage.
 */

/** A same-origin message bus between tabs (BroadcastChannel in browsers). */
export interface TabChannel {
  post(message: unknown): void;
  subscribe(listener: (message: unknown) => void): () => void;
  close(): void;
}

/** Exclusive, tab-wide locks (the Web Locks API in browsers). */
export interface TabLocks {
  /** Calls `onAcquired` once this tab holds `name`; the returned function releases or abandons it. */
  acquire(name: string, onAcquired: () => void): () => void;
}

export interface Tabs {
  channel(name: string): TabChannel;
  locks: TabLocks;
}

interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}

/** The browser's tabs, or `undefined` where BroadcastChannel or Web Locks are missing (each tab then stands alone). */
export function browserTabs(): Tabs | undefined {
  const g = globalThis as {
    BroadcastChannel?: new (name: string) => BroadcastChannelLike;
    navigator?: { locks?: LockManagerLike };
  };
  let BC: (new (name: string) => BroadcastChannelLike) | undefined;
  let locks: LockManagerLike | undefined;
  try {
    BC = typeof g.BroadcastChannel === 'function' ? g.BroadcastChannel : undefined;
    locks = g.navigator?.locks && typeof g.navigator.locks.request === 'function' ? g.navigator.locks : undefined;
  } catch {
    return undefined;
  }
  if (!BC || !locks || typeof AbortController !== 'function') return undefined;
  const Channel = BC;
  const manager = locks;
  return {
    channel(name) {
      const bc = new Channel(name);
      const listeners = new Set<(event: { data: unknown }) => void>();
      return {
        post: (message) => bc.postMessage(message),
        subscribe(listener) {
          const wrapped = (event: { data: unknown }): void => listener(event.data);
          listeners.add(wrapped);
          bc.addEventListener('message', wrapped);
          return () => {
            listeners.delete(wrapped);
            bc.removeEventListener('message', wrapped);
          };
        },
        close() {
          for (const l of listeners) bc.removeEventListener('message', l);
          listeners.clear();
          bc.close();
        },
      };
    },
    locks: {
      acquire(name, onAcquired) {
        const abort = new AbortController();
        let release: () => void = () => {};
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        manager
          .request(name, { signal: abort.signal }, () => {
            onAcquired();
            return held;
          })
          .catch(() => {
            // Aborted while waiting: this tab was closed before it led.
          });
        return () => {
          abort.abort();
          release();
        };
      },
    },
  };
}
