import type { TransportSession } from '../core/contract.js';
import { ConfigError } from '../core/errors.js';
import { isRecord } from '../core/is-record.js';

/** A URL, or a function building it from the session (for ids or tokens in the URL). */
export type UrlOption = string | ((session: TransportSession) => string | Promise<string>);

/**
 * Refuses options the factory does not know, so a typo (`timeout` for `timeoutMs`)
 * fails loudly at start-up instead of being ignored.
 */
export function checkKnownOptions(factory: string, options: object, known: ReadonlySet<string>): void {
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new ConfigError(key, `one of ${[...known].join(', ')}`, key, `Unknown option "${key}" for ${factory}; known options: ${[...known].join(', ')}.`);
    }
  }
}

/** Requires a plain options object. */
export function checkOptionsObject(factory: string, options: unknown): asserts options is Record<string, unknown> {
  if (!isRecord(options)) {
    throw new ConfigError('options', `an options object for ${factory}`, options);
  }
}

/** Checks a `UrlOption`: a non-empty string with an allowed scheme, or a function. */
export function checkUrlOption(option: string, value: unknown, schemes: readonly string[]): UrlOption {
  if (typeof value === 'function') return value as UrlOption;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(option, 'a URL string or a function returning one', value);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  // Relative URLs ("/api/chat") are fine: the browser resolves them against the page.
  if (scheme !== undefined && !schemes.includes(scheme)) {
    throw new ConfigError(option, `a ${schemes.join(':, ')}: or relative URL`, value);
  }
  return value;
}

/** Checks an optional whole number within bounds; returns the default when missing. */
export function checkCount(option: string, value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(option, `a whole number from ${min} to ${max}`, value);
  }
  return value;
}

/** Checks an optional function. */
export function checkFunction<T>(option: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new ConfigError(option, 'a function', value);
  return value as T;
}

/** Resolves a `UrlOption` for this session; a throwing builder becomes a `TransportError` upstream. */
export async function resolveUrl(url: UrlOption, session: TransportSession): Promise<string> {
  return typeof url === 'function' ? url(session) : url;
}

/** Appends query parameters to a URL that may be relative, keeping any fragment last. */
export function withQuery(url: string, params: Record<string, string>): string {
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? '' : url.slice(hash);
  const query = new URLSearchParams(params).toString();
  if (!query) return url;
  return `${base}${base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?'}${query}${fragment}`;
}

/** Checks a `{ baseMs?, maxMs? }` reconnect option; `maxMs` is at least `baseMs`. */
export function checkBackoff(option: string, value: unknown, defaults: { baseMs: number; maxMs: number }): { baseMs: number; maxMs: number } {
  if (value === undefined) return defaults;
  if (!isRecord(value)) {
    throw new ConfigError(option, 'an object like { baseMs: 1000, maxMs: 30000 }', value);
  }
  for (const key of Object.keys(value)) {
    if (key !== 'baseMs' && key !== 'maxMs') throw new ConfigError(`${option}.${key}`, 'baseMs or maxMs', key);
  }
  const v = value as { baseMs?: unknown; maxMs?: unknown };
  const baseMs = checkCount(`${option}.baseMs`, v.baseMs, defaults.baseMs, 1, 600_000);
  const maxMs = checkCount(`${option}.maxMs`, v.maxMs, Math.max(defaults.maxMs, baseMs), baseMs, 3_600_000);
  return { baseMs, maxMs };
}
