import { TransportError } from '../core/errors.js';

/**
 * `JSON.parse` for backend text. Drops `__proto__` keys, which `JSON.parse` would
 * otherwise keep as own properties that turn into a prototype swap the moment
 * someone copies the object with `Object.assign`. A syntax error becomes a
 * `TransportError` (`invalid_response`) that says where the text came from.
 *
 * @example parseJson('{"messages":[]}', 'the bot backend') // { messages: [] }
 */
export function parseJson(text: string, source: string, retryable = true): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unreadable';
    throw new TransportError('invalid_response', `${source} sent malformed JSON (${detail}): ${excerpt(text)}`, {
      cause: error,
      retryable,
    });
  }
}

/** The start of a body for an error message, on one line. */
export function excerpt(text: string, length = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > length ? `${flat.slice(0, length)}…` : flat);
}
