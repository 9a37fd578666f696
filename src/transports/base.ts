/**
 * Everything of `handoff-chat/transports` except the four product presets (Rasa,
 * Direct Line, OpenAI, Chatwoot): what the script-tag bundle carries itself. The presets
 * are add-on files there (see src/embed/addons.ts); `index.ts` adds them for npm apps.
 */
export type {
  Emit,
  HandoffReceipt,
  HandoffRequest,
  HumanTransport,
  InboundMessage,
  OutboundMessage,
  SendReceipt,
  Transport,
  TransportEvent,
  TransportSession,
} from '../core/contract.js';
export { TransportError, isTransportError, toTransportError } from '../core/errors.js';
export { createMemoryBot, createMemoryHuman } from './memory.js';
export type { MemoryBackend, MemoryBotOptions, MemoryHumanOptions, ScriptedReply } from './memory.js';

export { createRestTransport } from './rest.js';
export type { RestResponseInfo, RestTransportOptions } from './rest.js';
export { withHttpHandoff } from './http-handoff.js';
export type { HttpHandoffOptions } from './http-handoff.js';
export { createSseTransport } from './sse.js';
export type { SseSequenceReset, SseTransportOptions } from './sse.js';
export { createWebSocketTransport } from './websocket.js';
export type { WebSocketConstructor, WebSocketLike, WebSocketTransport, WebSocketTransportOptions } from './websocket.js';
export { decodeJsonFrame, encodeJsonFrame } from './websocket-frames.js';
export type { AckFrame, ClientFrame, NackFrame } from './websocket-frames.js';

// Building blocks for presets and custom transports.
export { createSseParser } from './sse-parser.js';
export type { SseEvent, SseParser, SseParserHandlers } from './sse-parser.js';
export { readAgent, readAvailability, readInboundMessage, readTransportEvent } from './parse-event.js';
export { parseRetryAfter } from './retry-after.js';
export { restRequestBody, restResponseEvents, toWireMessage, toWireSession } from './rest-wire.js';
export type { RestRequestBody, WireMessage } from './rest-wire.js';
export type { HeadersOption, HttpOptions } from './http-client.js';
export type { RetryOptions } from './retry-policy.js';
export type { UrlOption } from './check-options.js';
export type { SeqCursor } from './seq-cursor.js';
export type { TransportEnv } from './transport-env.js';
export { createHandoffTransport } from './handoff.js';
export type { HandoffTransportOptions } from './handoff.js';
