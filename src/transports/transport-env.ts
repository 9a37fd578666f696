import type { ChatEnvironment } from '../core/environment.js';

/**
 * The clock, timers and randomness a transport uses. Every built-in transport takes a
 * partial one as `env`, so tests can make backoff, timeouts and heartbeats deterministic.
 *
 * @example
 * createWebSocketTransport({ url: 'wss://chat.example.com', env: { random: () => 0 } })
 */
export type TransportEnv = Pick<ChatEnvironment, 'now' | 'random' | 'setTimeout' | 'clearTimeout'>;

/** Fills the missing pieces with the real clock, timers and `Math.random`. */
export function resolveTransportEnv(partial: Partial<TransportEnv> = {}): TransportEnv {
  return {
    now: partial.now ?? (() => Date.now()),
    random: partial.random ?? Math.random,
    setTimeout: partial.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms)),
    clearTimeout: partial.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)),
  };
}
