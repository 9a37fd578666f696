/**
 * `handoff-chat`: the npm face. Re-exports only.
 */
export * from './core/index.js';
export { createMemoryBot, createMemoryHuman } from './transports/memory.js';
export type { MemoryBackend, MemoryBotOptions, MemoryHumanOptions, ScriptedReply } from './transports/memory.js';

/** The library version. */
export const version = '__HC_VERSION__';
