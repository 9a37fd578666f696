/**
 * Every error handoff-chat throws, rejects with or emits is a `HandoffChatError`
 * with a literal `name` and a `code` to switch on. Library errors (ky's, the
 * browser's) are wrapped, never passed through, and kept as `cause`.
 *
 * @example
 * try { createChat({ human: undefined as never }) }
 * catch (e) { if (isHandoffChatError(e) && e.code === 'invalid_option') console.error(e.message) }
 */
export class HandoffChatError extends Error {
  override name: string = 'HandoffChatError';
  /** Stable machine-readable code, e.g. `invalid_option`, `send_failed`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message);
    this.code = code;
    if (options && 'cause' in options) {
      // Assigned rather than passed to super() so it works on ES2020 targets too.
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, writable: true, configurable: true });
    }
  }
}

/**
 * Thrown when an option passed to `createChat`/`init` (or a transport factory) is
 * missing, has the wrong type, or would break a guarantee such as the always-present
 * path to a person. `option` names the offending option.
 *
 * @example
 * new ConfigError('maxLength', 'a whole number between 1 and 20000', 0)
 */
export class ConfigError extends HandoffChatError {
  override name = 'ConfigError' as const;
  /** Dotted path of the option that was wrong, e.g. `theme.accent`. */
  readonly option: string;

  constructor(option: string, expected: string, received?: unknown, detail?: string) {
    super(
      'invalid_option',
      detail ?? `Invalid option "${option}": expected ${expected}, received ${describeValue(received)}.`,
    );
    this.option = option;
  }
}

/** Customer input that can't be sent as it is (empty, too long). The draft is kept. */
export class InputError extends HandoffChatError {
  override name = 'InputError' as const;
}

/** An operation that the conversation's current phase does not allow. */
export class StateError extends HandoffChatError {
  override name = 'StateError' as const;
}

/**
 * A transport could not do what was asked: network failure, a status the backend
 * refused with, or a response that did not have the expected shape.
 * `retryable` tells the core whether trying again could help.
 */
export class TransportError extends HandoffChatError {
  override name = 'TransportError' as const;
  readonly retryable: boolean;
  /** HTTP status when there was one. */
  readonly status?: number;
  /** Milliseconds the backend asked us to wait (e.g. from `Retry-After`). */
  readonly retryAfterMs?: number;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; retryable?: boolean; status?: number; retryAfterMs?: number } = {},
  ) {
    super(code, message, 'cause' in options ? { cause: options.cause } : undefined);
    this.retryable = options.retryable ?? true;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** True for any error handoff-chat created. Checks by name so it works across bundles. */
export function isHandoffChatError(value: unknown): value is HandoffChatError {
  return (
    value instanceof HandoffChatError ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { code?: unknown }).code === 'string' &&
      ['HandoffChatError', 'ConfigError', 'InputError', 'StateError', 'TransportError'].includes(
        (value as { name?: unknown }).name as string,
      ))
  );
}

/** True for a `ConfigError`, also one thrown by another copy of the library. */
export function isConfigError(value: unknown): value is ConfigError {
  return isHandoffChatError(value) && value.name === 'ConfigError';
}

/** True for a `TransportError`, also one thrown by another copy of the library. */
export function isTransportError(value: unknown): value is TransportError {
  return isHandoffChatError(value) && value.name === 'TransportError';
}

/** Wraps anything thrown into a `TransportError`, keeping the original as `cause`. */
export function toTransportError(value: unknown, code = 'transport_failed'): TransportError {
  if (isTransportError(value)) return value;
  const message = value instanceof Error ? value.message : typeof value === 'string' ? value : 'unknown failure';
  return new TransportError(code, message, { cause: value });
}

/** Short, safe description of a received value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  return `an ${typeof value}`;
}
