/**
 * Where a transport keeps the last inbound sequence id of each conversation beyond
 * the page, so a reload resumes where it was (`Last-Event-ID`, the WebSocket
 * `resume` frame) instead of replaying the whole conversation.
 *
 * @example
 * const cursor: SeqCursor = {
 *   get: (id) => localStorage.getItem(`hc-seq-${id}`) ?? undefined,
 *   set: (id, seq) => (seq === undefined ? localStorage.removeItem(`hc-seq-${id}`) : localStorage.setItem(`hc-seq-${id}`, String(seq))),
 * }
 */
export interface SeqCursor {
  get(conversationId: string): string | number | undefined;
  /** `undefined` forgets it (the server said its sequence started over). */
  set(conversationId: string, seq: string | number | undefined): void;
}

/** Reads a cursor; storage can fail (quota, privacy mode), and resuming from memory still works then. */
export function loadCursor(cursor: SeqCursor | undefined, conversationId: string): string | number | undefined {
  try {
    const value = cursor?.get(conversationId);
    return typeof value === 'string' || typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a cursor, ignoring storage failures for the reason given at `loadCursor`. */
export function saveCursor(cursor: SeqCursor | undefined, conversationId: string, seq: string | number | undefined): void {
  try {
    cursor?.set(conversationId, seq);
  } catch {
    // See loadCursor.
  }
}

/** Whether `value` is usable as a cursor store. */
export function isSeqCursor(value: unknown): value is SeqCursor {
  return typeof value === 'object' && value !== null && typeof (value as SeqCursor).get === 'function' && typeof (value as SeqCursor).set === 'function';
}
