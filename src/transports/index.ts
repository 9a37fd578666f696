/**
 * `handoff-chat/transports`: the transport contract and the built-in transports.
 * Import only what you use; each transport lives in its own module so bundlers
 * drop the rest.
 */
export * from './base.js';

// Presets for the backends people already run (docs/presets.md).
export { createRasaTransport } from './rasa.js';
export type { RasaReply, RasaTransportOptions } from './rasa.js';
export { createDirectLineTransport } from './direct-line.js';
export type { DirectLineToken, DirectLineTransportOptions } from './direct-line.js';
export { createOpenAITransport } from './openai.js';
export type { ChatTurn, OpenAITransportOptions } from './openai.js';
export { createChatwootTransport } from './chatwoot.js';
export type { ChatwootTransportOptions } from './chatwoot.js';
