import { backoffDelay } from '../core/backoff.js';
import { ConfigError, toTransportError, type TransportError } from '../core/errors.js';
import { checkCount } from './check-options.js';

/**
 * The transport's own quick retries, before it gives up and lets the chat's outbox
 * take over. Keep them short: the outbox already retries a rejected message with
 * backoff up to 30 s (and survives reloads), so long transport retries would only
 * multiply the wait.
 */
export interface RetryOptions {
  /** Extra attempts after the first. Default 2; 0 disables transport retries. */
  limit?: number;
  /** First delay ceiling in ms (full jitter between half and all of it). Default 300. */
  baseMs?: number;
  /**
   * Longest delay in ms. Default 2000. A `Retry-After` longer than this is not waited
   * out here: the send rejects at once with `retryAfterMs` set, and the outbox waits.
   */
  maxMs?: number;
}

export interface NormalizedRetry {
  limit: number;
  baseMs: number;
  maxMs: number;
}

const KNOWN_RETRY = new Set(['limit', 'baseMs', 'maxMs']);

/** Validates `retry` (`false` means no transport retries). */
export function normalizeRetry(value: RetryOptions | false | undefined, option = 'retry'): NormalizedRetry {
  if (value === false) return { limit: 0, baseMs: 0, maxMs: 0 };
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new ConfigError(option, 'an object like { limit: 2, baseMs: 300, maxMs: 2000 } or false', value);
  }
  const v = value ?? {};
  for (const key of Object.keys(v)) {
    if (!KNOWN_RETRY.has(key)) throw new ConfigError(`${option}.${key}`, 'one of limit, baseMs, maxMs', key);
  }
  const limit = checkCount(`${option}.limit`, v.limit, 2, 0, 10);
  const baseMs = checkCount(`${option}.baseMs`, v.baseMs, 300, 0, 60_000);
  const maxMs = checkCount(`${option}.maxMs`, v.maxMs, Math.max(2000, baseMs), baseMs, 600_000);
  return { limit, baseMs, maxMs };
}

/** How the retry loop waits; rejects when the transport closes meanwhile. */
export type Sleep = (ms: number) => Promise<void>;

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the retry
 * budget is spent. Waits the longer of the backoff and the server's `Retry-After`.
 * Failures are always `TransportError`s. `quick` narrows which retryable failures are
 * tried again here rather than left to the chat's outbox (e.g. not a timeout of a
 * request the server may still be working on).
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  retry: NormalizedRetry,
  random: () => number,
  sleep: Sleep,
  quick: (error: TransportError) => boolean = () => true,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (raw) {
      const error: TransportError = toTransportError(raw);
      if (!error.retryable || n > retry.limit || !quick(error)) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > retry.maxMs) throw error;
      const wait = Math.max(error.retryAfterMs ?? 0, backoffDelay(n, random, { baseMs: retry.baseMs, maxMs: retry.maxMs }));
      await sleep(wait);
    }
  }
}
