/**
 * `handoff-chat/testing`: helpers for people who write transports or test code that
 * uses handoff-chat. The memory transports double as scriptable backends.
 */
export { createMemoryBot, createMemoryHuman } from '../transports/memory.js';
export type { MemoryBackend, MemoryBotOptions, MemoryHumanOptions } from '../transports/memory.js';
