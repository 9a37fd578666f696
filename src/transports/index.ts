/**
 * `handoff-chat/transports`: the transport contract and the built-in transports.
 * Import only what you use; each transport lives in its own module so bundlers
 * drop the rest.
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
