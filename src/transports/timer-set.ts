import { TransportError } from '../core/errors.js';
import type { TransportEnv } from './transport-env.js';

/** Timers a transport owns, so `close()` can cancel every one of them at once. */
export interface TimerSet {
  /** Runs `fn` after `ms`; returns a handle for `clear`. */
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  /** Cancels every timer; pending `sleep`s reject with `error` (a `closed` TransportError by default). */
  clearAll(error?: Error): void;
  /**
   * Waits `ms` on this set's clock. `clearAll(error)` ends every such wait with a
   * rejection, so a retry loop stops when its transport closes.
   */
  sleep(ms: number): Promise<void>;
}

export function createTimerSet(env: TransportEnv): TimerSet {
  const pending = new Set<unknown>();
  const sleepers = new Set<(error: Error) => void>();
  const set: TimerSet = {
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
    clearAll(error?: Error) {
      for (const handle of pending) env.clearTimeout(handle);
      pending.clear();
      const ended = error ?? new TransportError('closed', 'The transport was closed.');
      for (const reject of sleepers) reject(ended);
      sleepers.clear();
    },
    sleep(ms) {
      return new Promise((resolve, reject) => {
        sleepers.add(reject);
        set.set(() => {
          sleepers.delete(reject);
          resolve();
        }, ms);
      });
    },
  };
  return set;
}
