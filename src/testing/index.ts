/**
 * `handoff-chat/testing`: helpers for people who write transports or test code that
 * uses handoff-chat. The memory transports double as scriptable backends, and the
 * conformance suite checks a transport against the contract every built-in one meets.
 */
export { createMemoryBot, createMemoryHuman } from '../transports/memory.js';
export type { MemoryBackend, MemoryBotOptions, MemoryHumanOptions } from '../transports/memory.js';
export { describeTransportConformance } from './conformance.js';
export type { ConformanceBackend, ConformanceFramework, ConformanceOptions, ConformanceSetup } from './conformance.js';
