import { HandoffChatError } from './errors.js';
import { createMemoryStorage, type KeyValueStorage } from './environment.js';

/**
 * Wraps a storage that may throw (private mode, quota full, disabled cookies, a
 * hostile page) so the chat never breaks because of it. The first failure switches
 * to memory for the rest of the page's life, keeping what was written, and is
 * reported once through `onError`.
 */
export function createSafeStorage(
  inner: KeyValueStorage,
  onError: (error: HandoffChatError) => void,
): KeyValueStorage & { readonly degraded: boolean } {
  const memory = createMemoryStorage();
  let degraded = false;
  const written = new Map<string, string | null>();

  const degrade = (cause: unknown): void => {
    if (degraded) return;
    degraded = true;
    for (const [key, value] of written) {
      if (value === null) memory.removeItem(key);
      else memory.setItem(key, value);
    }
    onError(
      new HandoffChatError(
        'storage_unavailable',
        'Browser storage is unavailable or full; the conversation is kept in memory and will not survive a reload.',
        { cause },
      ),
    );
  };

  return {
    get degraded() {
      return degraded;
    },
    getItem(key) {
      if (degraded) return memory.getItem(key);
      try {
        const value = inner.getItem(key);
        return typeof value === 'string' ? value : null;
      } catch (cause) {
        degrade(cause);
        return memory.getItem(key);
      }
    },
    setItem(key, value) {
      written.set(key, value);
      if (degraded) return memory.setItem(key, value);
      try {
        inner.setItem(key, value);
      } catch (cause) {
        degrade(cause);
        memory.setItem(key, value);
      }
    },
    removeItem(key) {
      written.set(key, null);
      if (degraded) return memory.removeItem(key);
      try {
        inner.removeItem(key);
      } catch (cause) {
        degrade(cause);
        memory.removeItem(key);
      }
    },
  };
}

/** Parses stored JSON; anything unreadable is treated as absent. */
export function readJson(storage: KeyValueStorage, key: string): unknown {
  const raw = storage.getItem(key);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
