import { isPhase } from './phases.js';
import type { AgentInfo, ChatUser, HandoffState, Message, Phase } from './types.js';
import { isRecord } from './is-record.js';

/** What the chat keeps in storage between page loads. */
export interface StoredConversation {
  v: 1;
  conversationId: string;
  phase: Phase;
  messages: readonly Message[];
  draft: string;
  handoff: HandoffState;
  agent: AgentInfo | undefined;
  user: ChatUser | undefined;
  startedAt: number;
  rating: 'none' | 'offered' | 'sent' | 'declined';
  /** The identified customer's id this conversation belongs to; another id never sees it. */
  owner?: string;
}

/** Keys that would reach an object's prototype if copied naively. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const AUTHORS = ['customer', 'bot', 'agent', 'system'];
const STATUSES = ['sending', 'sent', 'failed'];
const HANDOFF_STATUSES = ['none', 'requesting', 'queued', 'connected', 'unavailable', 'message-left'];

const str = (v: unknown, max = 100000): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Rebuilds a message field by field, so nothing unexpected from storage survives. */
function restoreMessage(value: unknown): Message | undefined {
  if (!isRecord(value)) return undefined;
  const id = str(value.id, 200);
  const text = str(value.text);
  const time = num(value.time);
  if (!id || text === undefined || time === undefined || !AUTHORS.includes(value.author as string)) return undefined;
  const m: Message = {
    id,
    author: value.author as Message['author'],
    text,
    time,
    status: STATUSES.includes(value.status as string) ? (value.status as Message['status']) : 'sent',
  };
  if (Array.isArray(value.quickReplies)) {
    m.quickReplies = value.quickReplies
      .filter((q): q is Record<string, unknown> => isRecord(q) && typeof q.title === 'string')
      .map((q) => (typeof q.payload === 'string' ? { title: q.title as string, payload: q.payload } : { title: q.title as string }));
  }
  if (isRecord(value.chosenReply) && typeof value.chosenReply.title === 'string') {
    m.chosenReply = { title: value.chosenReply.title };
    if (typeof value.chosenReply.payload === 'string') m.chosenReply.payload = value.chosenReply.payload;
  }
  if (Array.isArray(value.attachments)) {
    m.attachments = value.attachments
      .filter((a): a is Record<string, unknown> => isRecord(a) && typeof a.url === 'string' && (a.kind === 'image' || a.kind === 'file'))
      .map((a) => {
        const att: NonNullable<Message['attachments']>[number] = { kind: a.kind as 'image' | 'file', url: a.url as string };
        if (typeof a.name === 'string') att.name = a.name;
        if (typeof a.alt === 'string') att.alt = a.alt;
        return att;
      });
  }
  if (isRecord(value.agent) && typeof value.agent.name === 'string') m.agent = restoreAgent(value.agent);
  const intent = str(value.intent, 200);
  if (intent !== undefined) m.intent = intent;
  const confidence = num(value.confidence);
  if (confidence !== undefined) m.confidence = confidence;
  if (value.fallback === true) m.fallback = true;
  const error = str(value.error, 500);
  if (error !== undefined) m.error = error;
  if (isRecord(value.notice) && typeof value.notice.code === 'string') {
    const params: Record<string, string | number> = {};
    if (isRecord(value.notice.params)) {
      for (const [k, v] of Object.entries(value.notice.params)) {
        if (UNSAFE_KEYS.has(k)) continue;
        if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) params[k] = v;
      }
    }
    m.notice = { code: value.notice.code as NonNullable<Message['notice']>['code'], params };
  }
  return m;
}

function restoreAgent(value: Record<string, unknown>): AgentInfo {
  const agent: AgentInfo = { name: String(value.name).slice(0, 200) };
  if (typeof value.id === 'string') agent.id = value.id;
  if (typeof value.title === 'string') agent.title = value.title;
  if (typeof value.avatarUrl === 'string') agent.avatarUrl = value.avatarUrl;
  return agent;
}

function restoreUser(value: unknown): ChatUser | undefined {
  if (!isRecord(value)) return undefined;
  const user: ChatUser = {};
  for (const k of ['id', 'name', 'email'] as const) {
    const v = str(value[k], 500);
    if (v !== undefined) user[k] = v;
  }
  if (isRecord(value.attributes)) {
    const attributes: NonNullable<ChatUser['attributes']> = {};
    for (const [k, v] of Object.entries(value.attributes)) {
      if (UNSAFE_KEYS.has(k)) continue;
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) attributes[k] = v as string | number | boolean | null;
    }
    user.attributes = attributes;
  }
  return user;
}

function restoreHandoff(value: unknown): HandoffState {
  if (!isRecord(value) || !HANDOFF_STATUSES.includes(value.status as string)) return { status: 'none', attempts: 0 };
  const h: HandoffState = { status: value.status as HandoffState['status'], attempts: num(value.attempts) ?? 0 };
  const requestId = str(value.requestId, 200);
  if (requestId) h.requestId = requestId;
  if (typeof value.trigger === 'string') h.trigger = value.trigger as HandoffState['trigger'];
  const reason = str(value.reason, 500);
  if (reason) h.reason = reason;
  if (value.overdue === true) h.overdue = true;
  const noteError = str(value.noteError, 500);
  if (noteError) h.noteError = noteError;
  for (const k of ['position', 'etaSeconds', 'requestedAt', 'acceptedAt', 'joinedAt', 'queuedAt'] as const) {
    const v = num(value[k]);
    if (v !== undefined) h[k] = v;
  }
  return h;
}

/**
 * Reads a stored conversation defensively: anything corrupt, hostile or from an
 * unknown version yields `undefined` (a fresh start) or is dropped field by field.
 */
export function restoreConversation(raw: string | null): StoredConversation | undefined {
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value.v !== 1 || typeof value.conversationId !== 'string' || !isPhase(value.phase)) return undefined;
  const seen = new Set<string>();
  const messages: Message[] = [];
  for (const item of Array.isArray(value.messages) ? value.messages : []) {
    const m = restoreMessage(item);
    if (!m || seen.has(m.id)) continue;
    seen.add(m.id);
    // A stream cut off by the reload is as complete as it will get.
    messages.push(m);
  }
  const rating = value.rating === 'offered' || value.rating === 'sent' || value.rating === 'declined' ? value.rating : 'none';
  return {
    v: 1,
    conversationId: value.conversationId.slice(0, 200),
    phase: value.phase,
    messages,
    draft: str(value.draft, 20000) ?? '',
    handoff: restoreHandoff(value.handoff),
    agent: isRecord(value.agent) && typeof value.agent.name === 'string' ? restoreAgent(value.agent) : undefined,
    user: restoreUser(value.user),
    startedAt: num(value.startedAt) ?? Date.now(),
    rating,
    ...(typeof value.owner === 'string' ? { owner: value.owner.slice(0, 500) } : {}),
  };
}
