import { toTransportError } from '../core/errors.js';
import type { AgentInfo } from '../core/types.js';
import { readAgent, readInboundMessage } from './parse-event.js';
import { isRecord } from '../core/is-record.js';

/*
 * Chatwoot messages and broadcasts (the Client API's message objects and the RoomChannel
 * events a contact receives: message.created, conversation.status_changed,
 * conversation.typing_on/off) as handoff-chat events. Backend data is untrusted: every
 * event built here is validated.
 */

type Raw = Record<string, unknown>;

/**
 * What the mapping needs to know about the conversation, and updates as it goes.
 *
 * @example { conversation: 3, agent: undefined, echoed: (id) => seen.add(id), agentChanged: (agent) => store(agent) }
 */
export interface ChatwootView {
  /** The Chatwoot conversation (`display_id`) the customer is in; events of others are ignored. */
  conversation: number | undefined;
  /** The person last seen answering, so "joined" is said once per person. */
  agent: AgentInfo | undefined;
  /** Called with the `echo_id` of the customer's own messages seen coming back. */
  echoed(echoId: string): void;
  /** Called when a different person starts answering. */
  agentChanged(agent: AgentInfo): void;
}

const httpsUrl = (value: unknown): string | undefined => (typeof value === 'string' && /^https?:\/\//i.test(value) ? value : undefined);

/** Chatwoot sends `message_type` as a number over the cable and the API, and as a name in some payloads. */
function messageType(value: unknown): 'incoming' | 'outgoing' | 'activity' | 'template' | undefined {
  const names = ['incoming', 'outgoing', 'activity', 'template'] as const;
  if (typeof value === 'number') return names[value];
  return names.find((n) => n === value);
}

const sameConversation = (id: unknown, view: ChatwootView): boolean =>
  view.conversation !== undefined && (id === view.conversation || (typeof id === 'string' && id === String(view.conversation)));

/**
 * A sender (`push_event_data`) as an agent, when it is a person (`user`) or a desk bot.
 *
 * @example agentFrom({ id: 1, name: 'John', available_name: 'Johnny', type: 'user' }) // { agent: { id: '1', name: 'Johnny' }, person: true }
 */
export function agentFrom(sender: unknown): { agent: AgentInfo; person: boolean } | undefined {
  if (!isRecord(sender) || !['user', 'agent_bot', 'captain_assistant'].includes(sender.type as string)) return undefined;
  const name = [sender.available_name, sender.name].find((n): n is string => typeof n === 'string' && n.trim() !== '');
  if (!name) return undefined;
  const agent: AgentInfo = { name };
  if (typeof sender.id === 'number' || (typeof sender.id === 'string' && sender.id)) agent.id = String(sender.id);
  const avatar = httpsUrl(sender.avatar_url) ?? httpsUrl(sender.thumbnail);
  if (avatar) agent.avatarUrl = avatar;
  try {
    return { agent: readAgent(agent, 'sender'), person: sender.type === 'user' };
  } catch {
    return undefined;
  }
}

function sameAgent(a: AgentInfo | undefined, b: AgentInfo): boolean {
  if (!a) return false;
  return a.id !== undefined && b.id !== undefined ? a.id === b.id : a.name === b.name;
}

/** An `agent-joined` event when a person other than the one known starts answering. */
function joined(agent: AgentInfo | undefined, view: ChatwootView): unknown[] {
  if (!agent || sameAgent(view.agent, agent)) return [];
  view.agent = agent;
  view.agentChanged(agent);
  return [{ type: 'agent-joined', agent }];
}

function attachmentsOf(value: unknown): Raw[] {
  if (!Array.isArray(value)) return [];
  const out: Raw[] = [];
  for (const a of value) {
    if (!isRecord(a)) continue;
    const url = httpsUrl(a.data_url);
    if (!url) continue;
    if (a.file_type === 'image') out.push({ kind: 'image', url });
    else if (['file', 'audio', 'video'].includes(a.file_type as string)) {
      const name = url.split('?')[0]?.split('/').pop();
      out.push({ kind: 'file', url, ...(name ? { name: decodeURIComponent(name) } : {}) });
    }
  }
  return out;
}

/**
 * One Chatwoot message (from the cable or `GET …/messages`) as events: an agent's reply
 * (`outgoing`, not private) with the sender's name, preceded by `agent-joined` when that
 * person is new; a text `template` message (greetings) without an agent. The customer's
 * own messages (`incoming`) are not shown again: their `echo_id` is reported.
 *
 * @example
 * chatwootMessageEvents({ id: 7, content: 'Hi!', message_type: 1, private: false, conversation_id: 3, sender: { name: 'John', type: 'user' } }, view)
 * // [{ type: 'agent-joined', agent: { name: 'John' } }, { type: 'message', message: { id: '7', text: 'Hi!', agent: { name: 'John' } } }]
 */
export function chatwootMessageEvents(message: unknown, view: ChatwootView): unknown[] {
  if (!isRecord(message) || !sameConversation(message.conversation_id, view)) return [];
  const type = messageType(message.message_type);
  if (type === 'incoming') {
    if (typeof message.echo_id === 'string' && message.echo_id) view.echoed(message.echo_id);
    return [];
  }
  if (message.private === true) return [];
  const textTemplate = type === 'template' && (message.content_type === undefined || message.content_type === null || message.content_type === 'text');
  if (type !== 'outgoing' && !textTemplate) return [];
  const sender = type === 'outgoing' ? agentFrom(message.sender) : undefined;
  const raw: Raw = { id: message.id, text: typeof message.content === 'string' ? message.content : '' };
  if (typeof message.created_at === 'number' && message.created_at > 0) raw.time = message.created_at * 1000;
  const attachments = attachmentsOf(message.attachments);
  if (attachments.length) raw.attachments = attachments;
  if (sender) raw.agent = sender.agent;
  let event: unknown;
  try {
    event = { type: 'message', message: readInboundMessage(raw, `message ${String(message.id)}`) };
  } catch (error) {
    const e = toTransportError(error, 'invalid_event');
    return [{ type: 'error', code: e.code, message: e.message }];
  }
  return [...(sender?.person ? joined(sender.agent, view) : []), event];
}

/**
 * A RoomChannel broadcast as events, for the current conversation only:
 * `message.created` (see `chatwootMessageEvents`), `conversation.status_changed` (a new
 * assignee joins; `resolved` ends; older versions send `conversation.resolved`), typing
 * on/off of a person (not private-note typing).
 *
 * @example chatwootBroadcastEvents('conversation.status_changed', { id: 3, status: 'resolved' }, view) // [{ type: 'ended', by: 'agent' }]
 */
export function chatwootBroadcastEvents(event: string, data: unknown, view: ChatwootView): unknown[] {
  if (!isRecord(data)) return [];
  switch (event) {
    case 'message.created':
      return chatwootMessageEvents(data, view);
    case 'conversation.created':
    case 'conversation.updated':
    case 'conversation.status_changed': {
      if (!sameConversation(data.id, view)) return [];
      const assignee = isRecord(data.meta) ? agentFrom(data.meta.assignee) : undefined;
      const out: unknown[] = [];
      if (assignee?.person && data.status !== 'resolved') out.push(...joined(assignee.agent, view));
      if (data.status === 'resolved' && event === 'conversation.status_changed') out.push({ type: 'ended', by: 'agent' });
      return out;
    }
    // Older Chatwoot versions announce resolution to the contact with its own event.
    case 'conversation.resolved':
      return sameConversation(data.id, view) ? [{ type: 'ended', by: 'agent' }] : [];
    case 'conversation.typing_on':
    case 'conversation.typing_off': {
      const conversation = isRecord(data.conversation) ? data.conversation.id : undefined;
      if (!sameConversation(conversation, view) || data.is_private === true) return [];
      const typist = agentFrom(data.user);
      if (!typist?.person) return [];
      return event === 'conversation.typing_off' ? [{ type: 'typing', active: false }] : [{ type: 'typing', active: true, agent: typist.agent }];
    }
    default:
      return [];
  }
}
