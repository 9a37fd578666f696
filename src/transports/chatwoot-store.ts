import type { KeyValueStorage } from '../core/environment.js';
import type { AgentInfo } from '../core/types.js';
import { parseJson } from './parse-json.js';
import { isRecord } from '../core/is-record.js';

/*
 * What the Chatwoot preset remembers: the contact (shared by the chats of one browser,
 * per site user) and, per chat conversation, the Chatwoot conversation and how far each
 * multi-step operation got. In the given storage, else in memory for this page.
 */

/**
 * A Chatwoot contact as the Client API identifies it.
 *
 * @example { sourceId: 'hc_0k3…', pubsubToken: 'Kx2b…', userId: 'u-42' }
 */
export interface ChatwootContact {
  sourceId: string;
  pubsubToken: string;
  /** The site's user id the contact was created for; another user gets another contact. */
  userId?: string;
}

/**
 * How far one multi-step operation (a handoff, a left message) got, so a retry resumes
 * instead of repeating a step.
 *
 * @example { conversation: 12, transcript: true }
 */
export interface ChatwootProgress {
  conversation?: number;
  transcript?: boolean;
  note?: boolean;
}

/**
 * Everything kept for one chat conversation.
 *
 * @example { contact: { sourceId: 'hc_0k3…', pubsubToken: 'Kx2b…' }, conversation: 12, handoffs: { req_1: { conversation: 12, transcript: true } }, notes: {} }
 */
export interface ChatwootState {
  contact?: ChatwootContact;
  /** The source id chosen for a contact being created, reused if the create is retried. */
  pendingSourceId?: string;
  /** The Chatwoot conversation (display id) messages go to. */
  conversation?: number;
  agent?: AgentInfo;
  /** The last conversation already reported as ended. */
  resolved?: number;
  /** The newest Chatwoot message id already handed on, where a catch-up stops paging back. */
  lastMessageId?: number;
  handoffs: Record<string, ChatwootProgress>;
  notes: Record<string, ChatwootProgress>;
  /** The conversation opened by a message sent before any handoff. */
  direct?: ChatwootProgress;
}

/**
 * Reads and writes the preset's state; storage failures (full, blocked, corrupt) are
 * survived by starting afresh.
 *
 * @example const store = createChatwootStore(localStorage, 'x4BbNz…'); store.state('c_9f')
 */
export interface ChatwootStore {
  state(conversationId: string): ChatwootState;
  saveState(conversationId: string, state: ChatwootState): void;
  /** The contact of the last chat in this browser. */
  contact(): ChatwootContact | undefined;
  saveContact(contact: ChatwootContact | undefined): void;
}

function readContact(value: unknown): ChatwootContact | undefined {
  if (!isRecord(value) || typeof value.sourceId !== 'string' || typeof value.pubsubToken !== 'string') return undefined;
  return { sourceId: value.sourceId, pubsubToken: value.pubsubToken, ...(typeof value.userId === 'string' ? { userId: value.userId } : {}) };
}

function readProgress(value: unknown): ChatwootProgress {
  const out: ChatwootProgress = {};
  if (!isRecord(value)) return out;
  if (typeof value.conversation === 'number') out.conversation = value.conversation;
  if (value.transcript === true) out.transcript = true;
  if (value.note === true) out.note = true;
  return out;
}

function readProgressMap(value: unknown): Record<string, ChatwootProgress> {
  const out: Record<string, ChatwootProgress> = {};
  if (isRecord(value)) for (const [id, progress] of Object.entries(value)) out[id] = readProgress(progress);
  return out;
}

export function createChatwootStore(storage: KeyValueStorage | undefined, inboxIdentifier: string): ChatwootStore {
  const memory = new Map<string, string>();
  const store: KeyValueStorage = storage ?? {
    getItem: (key) => memory.get(key) ?? null,
    setItem: (key, value) => void memory.set(key, value),
    removeItem: (key) => void memory.delete(key),
  };
  const contactKey = `handoff-chat:chatwoot:${inboxIdentifier}:contact`;
  const stateKey = (conversationId: string): string => `handoff-chat:chatwoot:${inboxIdentifier}:${conversationId}`;

  const read = (key: string): unknown => {
    try {
      const raw = store.getItem(key);
      return raw ? parseJson(raw, 'Stored Chatwoot state', false) : undefined;
    } catch {
      return undefined;
    }
  };
  const write = (key: string, value: unknown): void => {
    try {
      if (value === undefined) store.removeItem(key);
      else store.setItem(key, JSON.stringify(value));
    } catch {
      // Full or blocked storage: the conversation still works for this page.
    }
  };

  return {
    state(conversationId) {
      const value = read(stateKey(conversationId));
      const state: ChatwootState = { handoffs: {}, notes: {} };
      if (!isRecord(value)) return state;
      const contact = readContact(value.contact);
      if (contact) state.contact = contact;
      if (typeof value.pendingSourceId === 'string') state.pendingSourceId = value.pendingSourceId;
      if (typeof value.conversation === 'number') state.conversation = value.conversation;
      if (typeof value.resolved === 'number') state.resolved = value.resolved;
      if (typeof value.lastMessageId === 'number') state.lastMessageId = value.lastMessageId;
      if (isRecord(value.agent) && typeof value.agent.name === 'string') {
        state.agent = { name: value.agent.name, ...(typeof value.agent.id === 'string' ? { id: value.agent.id } : {}) };
      }
      state.handoffs = readProgressMap(value.handoffs);
      state.notes = readProgressMap(value.notes);
      if (value.direct !== undefined) state.direct = readProgress(value.direct);
      return state;
    },
    saveState: (conversationId, state) => write(stateKey(conversationId), state),
    contact: () => readContact(read(contactKey)),
    saveContact: (contact) => write(contactKey, contact),
  };
}
