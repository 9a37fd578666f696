import type { TransportEnv } from './transport-env.js';

/** Timers a transport owns, so `close()` can cancel every one of them at once. */
export interface TimerSet {
  /** Runs `fn` after `ms`; returns a handle for `clear`. */
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  clearAll(): void;
}

export function createTimerSet(env: TransportEnv): TimerSet {
  const pending = new Set<unknown>();
  return {
    set(fn, ms) {
      const handle = env.setTimeout(() => {
        pending.delete(handle);
        fn();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clear(handle) {
      if (!pending.delete(handle)) return;
      env.clearTimeout(handle);
    },
    clearAll() {
      for (const handle of pending) env.clearTimeout(handle);
      pending.clear();
    },
  };
}
