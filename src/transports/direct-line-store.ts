import type { KeyValueStorage } from '../core/environment.js';
import { parseJson } from './parse-json.js';
import { isRecord } from '../core/is-record.js';

/**
 * One Direct Line conversation as the preset keeps it.
 *
 * @example { conversationId: 'abc123', token: 'ey…', expiresAt: 1717237800000, issuedAt: 1717236000000, userId: 'dl_c_9f', watermark: '0000a-42', streamUrl: undefined, streamUrlAt: 0 }
 */
export interface DirectLineConversation {
  conversationId: string;
  token: string;
  /** Epoch ms; `undefined` when Direct Line did not say. */
  expiresAt: number | undefined;
  /** When the current token was issued, for scheduling its refresh. */
  issuedAt: number;
  userId: string;
  watermark: string | undefined;
  /** The stream URL from starting the conversation, usable once within 60 s. */
  streamUrl: string | undefined;
  streamUrlAt: number;
}

/**
 * Keeps the Direct Line conversation of each chat conversation: in memory (so a close and
 * a new connect continue it) and, when given, in `storage` (so a reload does). A stream
 * URL is never kept: it is single use.
 *
 * @example const store = createDirectLineStore(sessionStorage, Date.now); store.restore('c_9f')
 */
export interface DirectLineStore {
  /** The kept conversation, unless its token expires within a minute. */
  restore(chatConversationId: string): DirectLineConversation | undefined;
  save(chatConversationId: string, conversation: DirectLineConversation): void;
  forget(chatConversationId: string): void;
}

/** A stored token this close to expiry is not worth resuming with. */
const EXPIRY_MARGIN_MS = 60_000;

export function createDirectLineStore(storage: KeyValueStorage | undefined, now: () => number): DirectLineStore {
  let kept: { key: string; conversation: DirectLineConversation } | undefined;
  const keyOf = (chatConversationId: string): string => `handoff-chat:directline:${chatConversationId}`;
  const fresh = (expiresAt: number | undefined): boolean => expiresAt === undefined || expiresAt - now() >= EXPIRY_MARGIN_MS;

  const read = (key: string): DirectLineConversation | undefined => {
    let value: unknown;
    try {
      const raw = storage?.getItem(key);
      if (!raw) return undefined;
      value = parseJson(raw, 'The stored Direct Line conversation', false);
    } catch {
      return undefined; // blocked or corrupt storage: start a new conversation
    }
    if (!isRecord(value) || typeof value.conversationId !== 'string' || typeof value.token !== 'string' || typeof value.userId !== 'string') return undefined;
    const expiresAt = typeof value.expiresAt === 'number' ? value.expiresAt : undefined;
    if (!fresh(expiresAt)) return undefined;
    return {
      conversationId: value.conversationId,
      token: value.token,
      expiresAt,
      issuedAt: typeof value.issuedAt === 'number' ? value.issuedAt : now(),
      userId: value.userId,
      watermark: typeof value.watermark === 'string' ? value.watermark : undefined,
      streamUrl: undefined,
      streamUrlAt: 0,
    };
  };

  return {
    restore(chatConversationId) {
      const key = keyOf(chatConversationId);
      if (kept?.key === key && fresh(kept.conversation.expiresAt)) return { ...kept.conversation, streamUrl: undefined };
      return read(key);
    },
    save(chatConversationId, conversation) {
      const key = keyOf(chatConversationId);
      kept = { key, conversation };
      if (!storage) return;
      const { conversationId, token, expiresAt, issuedAt, userId, watermark } = conversation;
      try {
        storage.setItem(key, JSON.stringify({ conversationId, token, expiresAt, issuedAt, userId, watermark }));
      } catch {
        // Full or blocked storage: the conversation still works for this page.
      }
    },
    forget(chatConversationId) {
      kept = undefined;
      try {
        storage?.removeItem(keyOf(chatConversationId));
      } catch {
        // See save.
      }
    },
  };
}
