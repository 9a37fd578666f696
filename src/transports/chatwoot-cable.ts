import { TransportError, describeValue } from '../core/errors.js';
import { parseJson } from './parse-json.js';
import type { ClientFrame } from './websocket-frames.js';
import { isRecord } from '../core/is-record.js';

/*
 * Chatwoot's real-time channel is Rails ActionCable (`<installation>/cable`, protocol
 * `actioncable-v1-json`): the server greets with `{ type: 'welcome' }`, pings every few
 * seconds with `{ type: 'ping' }`, confirms or rejects subscriptions, and delivers
 * broadcasts as `{ identifier, message: { event, data } }`. A contact subscribes to
 * `RoomChannel` with its `pubsub_token`.
 */

/**
 * The subprotocols the Rails client offers.
 *
 * @example new WebSocket('wss://app.chatwoot.com/cable', CABLE_PROTOCOLS)
 */
export const CABLE_PROTOCOLS = ['actioncable-v1-json', 'actioncable-unsupported'];

/**
 * The subscription identifier: a JSON string inside the JSON frame, as ActionCable wants.
 *
 * @example cableIdentifier('tok') // '{"channel":"RoomChannel","pubsub_token":"tok"}'
 */
export function cableIdentifier(pubsubToken: string): string {
  return JSON.stringify({ channel: 'RoomChannel', pubsub_token: pubsubToken });
}

/**
 * The WebSocket transport's frames in ActionCable terms: `resume` subscribes, and a
 * heartbeat `ping` (or a `presence` request) publishes the contact's presence, which the
 * server answers with a `presence.update` broadcast, so a dead connection is noticed.
 * Everything else is not sent: messages go over HTTP.
 *
 * @example encodeCableFrame({ type: 'ping' }, cableIdentifier('tok')) // '{"command":"message","identifier":"…","data":"{\"action\":\"update_presence\"}"}'
 */
export function encodeCableFrame(frame: ClientFrame, identifier: string): string | undefined {
  switch (frame.type) {
    case 'resume':
      return JSON.stringify({ command: 'subscribe', identifier });
    case 'ping':
    case 'presence':
      return JSON.stringify({ command: 'message', identifier, data: JSON.stringify({ action: 'update_presence' }) });
    default:
      return undefined;
  }
}

/**
 * One frame from the cable, sorted by what it means.
 *
 * @example { kind: 'broadcast', event: 'conversation.typing_on', data: { conversation: { id: 3 }, user: { type: 'user', name: 'John' } } }
 */
export type CableFrame =
  | { kind: 'control' }
  | { kind: 'confirmed' }
  | { kind: 'rejected' }
  | { kind: 'disconnect'; reconnect: boolean; reason: string }
  | { kind: 'broadcast'; event: string; data: unknown };

/**
 * Reads one cable frame for the subscription `identifier`; frames for other
 * subscriptions read as `control` (ignored). Malformed text throws `invalid_frame`.
 *
 * @example readCableFrame('{"identifier":"…","message":{"event":"message.created","data":{}}}', '…') // { kind: 'broadcast', event: 'message.created', data: {} }
 */
export function readCableFrame(data: unknown, identifier: string): CableFrame {
  if (typeof data !== 'string') throw new TransportError('invalid_frame', 'The Chatwoot cable sent a binary frame.', { retryable: false });
  const frame = parseJson(data, 'The Chatwoot cable', false);
  if (!isRecord(frame)) {
    throw new TransportError('invalid_frame', `The Chatwoot cable sent ${describeValue(frame)} instead of a frame object.`, { retryable: false });
  }
  const f = frame as Record<string, unknown>;
  const ours = f.identifier === identifier;
  switch (f.type) {
    case 'welcome':
    case 'ping':
      return { kind: 'control' };
    case 'confirm_subscription':
      return ours ? { kind: 'confirmed' } : { kind: 'control' };
    case 'reject_subscription':
      return ours ? { kind: 'rejected' } : { kind: 'control' };
    case 'disconnect':
      return { kind: 'disconnect', reconnect: f.reconnect !== false, reason: typeof f.reason === 'string' ? f.reason : '' };
    default:
      break;
  }
  const message = f.message;
  if (!ours || typeof message !== 'object' || message === null) return { kind: 'control' };
  const { event, data: payload } = message as Record<string, unknown>;
  if (typeof event !== 'string') return { kind: 'control' };
  return { kind: 'broadcast', event, data: payload };
}
