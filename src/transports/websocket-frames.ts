import type { ChatUser } from '../core/types.js';
import { TransportError } from '../core/errors.js';
import { parseJson } from './parse-json.js';
import type { WireMessage } from './rest-wire.js';

/**
 * Frames the WebSocket transport sends, in its default JSON wire format
 * (docs/transports.md). Presets map them to their own protocol in `encode`.
 *
 * @example encode: (frame) => (frame.type === 'resume' ? JSON.stringify({ v: 1, type: 'hello', ...frame }) : JSON.stringify({ v: 1, ...frame }))
 */
export type ClientFrame =
  /** First frame on every connection: who we are and the last inbound `seq` we have. */
  | { type: 'resume'; conversationId: string; session: { locale: string; user?: ChatUser }; lastSeq?: string | number; identityToken?: string }
  /** A customer message; the server answers `{ type: 'ack', id }` with the message id. */
  | { type: 'message'; id: string; conversationId: string; message: WireMessage }
  | { type: 'ping' }
  | { type: 'pong' }
  /** Anything a preset sends through `request()`; acknowledged by `id`. */
  | { type: string; id: string; [field: string]: unknown };

/**
 * The server accepted the frame with this id. `serverId` is its id for a message.
 *
 * @example { "type": "ack", "id": "msg_3k2", "serverId": "812" }
 */
export interface AckFrame {
  type: 'ack';
  id: string;
  serverId?: string;
  [field: string]: unknown;
}

/**
 * The server refused the frame with this id.
 *
 * @example { "type": "nack", "id": "msg_3k2", "code": "rate_limited", "retryable": true, "retryAfterMs": 5000 }
 */
export interface NackFrame {
  type: 'nack';
  id: string;
  message?: string;
  code?: string;
  retryable?: boolean;
  retryAfterMs?: number;
}

/**
 * The default `encode`: one JSON text frame.
 *
 * @example encodeJsonFrame({ type: 'ping' }) // '{"type":"ping"}'
 */
export function encodeJsonFrame(frame: ClientFrame): string {
  return JSON.stringify(frame);
}

/**
 * The default `decode`: one JSON text frame holding an `ack`, `nack`, `ping`, `pong`
 * or a `TransportEvent` (optionally with a `seq` for resuming). Binary frames are
 * refused.
 *
 * @example decodeJsonFrame('{"type":"typing","active":true,"seq":4}') // { type: 'typing', active: true, seq: 4 }
 */
export function decodeJsonFrame(data: unknown): unknown {
  if (typeof data !== 'string') {
    throw new TransportError('invalid_frame', 'Received a binary WebSocket frame; the default wire format uses JSON text frames.', { retryable: false });
  }
  return parseJson(data, 'The WebSocket server', false);
}
