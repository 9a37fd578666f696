import type { OutboundMessage, TransportSession } from '../core/contract.js';
import { TransportError, describeValue } from '../core/errors.js';
import type { ChatUser, QuickReply } from '../core/types.js';
import { isRecord } from '../core/is-record.js';

/** A customer message as the default wire format sends it. */
export interface WireMessage {
  id: string;
  text: string;
  /** Milliseconds since the epoch. */
  time: number;
  quickReply?: QuickReply;
}

/** The default REST request body (see docs/transports.md, "Default wire formats"). */
export interface RestRequestBody {
  conversationId: string;
  message: WireMessage;
  session: { locale: string; user?: ChatUser };
}

/**
 * The customer message without transport bookkeeping (`attempt`).
 *
 * @example toWireMessage({ id: 'msg_1', conversationId: 'c1', text: 'hi', time: 1, attempt: 2 }) // { id: 'msg_1', text: 'hi', time: 1 }
 */
export function toWireMessage(message: OutboundMessage): WireMessage {
  const wire: WireMessage = { id: message.id, text: message.text, time: message.time };
  if (message.quickReply) wire.quickReply = message.quickReply;
  return wire;
}

/**
 * The session as sent to a backend.
 *
 * @example toWireSession({ conversationId: 'c1', locale: 'sv-SE' }) // { locale: 'sv-SE' }
 */
export function toWireSession(session: TransportSession): RestRequestBody['session'] {
  return session.user ? { locale: session.locale, user: session.user } : { locale: session.locale };
}

/**
 * The default `mapRequest`: `{ conversationId, message, session }`.
 *
 * @example
 * restRequestBody(message, session) // { conversationId: 'c1', message: { id: 'msg_1', text: 'hi', time: 1700000000000 }, session: { locale: 'en' } }
 */
export function restRequestBody(message: OutboundMessage, session: TransportSession): RestRequestBody {
  return { conversationId: message.conversationId, message: toWireMessage(message), session: toWireSession(session) };
}

/**
 * The default `mapResponse`: `{ messages?: InboundMessage[], events?: TransportEvent[] }`,
 * messages first. An empty body means "accepted, nothing to say". A body of any
 * other shape throws `invalid_response`; the entries themselves are checked later,
 * one by one, by the transport.
 *
 * @example
 * restResponseEvents({ messages: [{ id: 'r1', text: 'Hi' }], events: [{ type: 'typing', active: false }] })
 * // [{ type: 'message', message: { id: 'r1', text: 'Hi' } }, { type: 'typing', active: false }]
 */
export function restResponseEvents(body: unknown): unknown[] {
  if (body === undefined) return [];
  if (!isRecord(body)) {
    throw new TransportError('invalid_response', `Expected a response object with "messages" and/or "events", received ${describeValue(body)}.`, {
      retryable: false,
    });
  }
  const { messages, events } = body as { messages?: unknown; events?: unknown };
  for (const [name, value] of [['messages', messages], ['events', events]] as const) {
    if (value !== undefined && value !== null && !Array.isArray(value)) {
      throw new TransportError('invalid_response', `Expected "${name}" to be an array, received ${describeValue(value)}.`, { retryable: false });
    }
  }
  return [
    ...((messages as unknown[] | undefined) ?? []).map((message) => ({ type: 'message', message })),
    ...((events as unknown[] | undefined) ?? []),
  ];
}
