/**
 * What the script-tag bundle lends its add-on files (`handoff-chat.rasa.js`, …) as
 * `HandoffChat.internals`: the shared building blocks the four product presets are
 * made of, so each add-on carries only its own code, and `defineAddon`, with which
 * an add-on hands its factories over. Not a public API: it changes with the bundle,
 * and add-ons are only ever loaded by the bundle of the same version.
 *
 * rollup.config.mjs builds each add-on with every import from outside its own files
 * mapped to this object, and fails the build when an add-on needs a name that is
 * not listed here.
 */
export { backoffDelay } from '../core/backoff.js';
export { ConfigError, TransportError, describeValue, isConfigError, isTransportError, toTransportError } from '../core/errors.js';
export { isRecord } from '../core/is-record.js';
export { createIdFactory } from '../core/ids.js';
export { transcriptToText } from '../core/transcript.js';
export {
  checkBackoff,
  checkCount,
  checkFunction,
  checkKnownOptions,
  checkOptionsObject,
  checkUrlOption,
  resolveUrl,
  withQuery,
} from '../transports/check-options.js';
export { emitValidated } from '../transports/emit-validated.js';
export { HTTP_OPTION_KEYS, createHttpClient, normalizeHttpOptions } from '../transports/http-client.js';
export { readAgent, readInboundMessage, readTransportEvent } from '../transports/parse-event.js';
export { parseJson } from '../transports/parse-json.js';
export { createRestTransport } from '../transports/rest.js';
export { normalizeRetry, withRetry } from '../transports/retry-policy.js';
export { createSeenIds } from '../transports/seen-ids.js';
export { createSseParser } from '../transports/sse-parser.js';
export { createTimerSet } from '../transports/timer-set.js';
export { resolveTransportEnv } from '../transports/transport-env.js';
export { createWebSocketTransport } from '../transports/websocket.js';
export { defineAddon } from './addons.js';
