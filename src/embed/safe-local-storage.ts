import type { KeyValueStorage } from '../core/environment.js';

/**
 * `localStorage` if the page may use it. Reading the property itself throws in
 * sandboxed iframes and with cookies blocked, and Safari's private mode refuses
 * writes, so it is probed first; `undefined` leaves the chat in memory.
 */
export function safeLocalStorage(win: Window): KeyValueStorage | undefined {
  try {
    const storage = win.localStorage;
    const probe = '__hc_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}
