/**
 * Reads an HTTP `Retry-After` value (RFC 9110 §10.2.3): either whole seconds
 * (`120`) or an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`). Returns the wait in
 * milliseconds from `now`, 0 for a date in the past, and `undefined` for a missing
 * or malformed value, which callers treat as "no advice".
 *
 * @example
 * parseRetryAfter('3', Date.now()) // 3000
 * parseRetryAfter(new Date(Date.now() + 5000).toUTCString(), Date.now()) // about 5000
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only something that looks like a date goes to Date.parse, which would otherwise
  // accept "1.5" or "-1" as years.
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  // asctime dates ("Sun Nov  6 08:49:37 1994") carry no zone but mean GMT.
  const at = Date.parse(/^[A-Za-z]{3} [A-Za-z]{3} /.test(trimmed) ? `${trimmed} GMT` : trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
