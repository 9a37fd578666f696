/** How long to wait before retry number `attempt`, with full jitter. */
export interface BackoffOptions {
  /** First delay ceiling in ms. Default 1000. */
  baseMs?: number;
  /** Largest delay in ms. Default 30000. */
  maxMs?: number;
}

/**
 * Capped exponential backoff with "full jitter": a random delay between half the
 * ceiling and the ceiling, where the ceiling doubles each attempt up to `maxMs`.
 * Half the ceiling as a floor keeps retries from hammering a server that is down,
 * while the spread stops many clients retrying in step.
 *
 * @example backoffDelay(3, Math.random) // somewhere in 2000..4000 ms
 */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 30000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
