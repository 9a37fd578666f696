import type { OutboundMessage, Transport, TransportEvent, TransportSession } from '../core/contract.js';
import { ConfigError, TransportError, describeValue, isTransportError } from '../core/errors.js';
import { checkFunction, checkKnownOptions, checkOptionsObject, checkUrlOption, type UrlOption } from './check-options.js';
import { HTTP_OPTION_KEYS, type HttpOptions } from './http-client.js';
import { rasaRepliesToEvents, type RasaReply } from './rasa-reply.js';
import { createRestTransport } from './rest.js';
import { normalizeRetry, withRetry } from './retry-policy.js';
import { createSeenIds } from './seen-ids.js';
import { createTimerSet } from './timer-set.js';
import { resolveTransportEnv } from './transport-env.js';

export type { RasaReply } from './rasa-reply.js';

/**
 * Options for `createRasaTransport`. Only `url` is required. Unlike the other HTTP
 * transports, `retry` defaults to `false` and `timeoutMs` to 30000: Rasa processes every
 * POST it receives (it has no idempotency), and it answers only after every custom action ran.
 *
 * @example
 * { url: 'https://bot.example.com/webhooks/rest/webhook', metadata: (m, s) => ({ plan: 'pro' }) }
 */
export interface RasaTransportOptions extends HttpOptions {
  /** The REST channel: `https://<host>:<port>/webhooks/rest/webhook`; a function builds it per conversation. */
  url: UrlOption;
  /** Rasa's conversation key (`sender`). Default: the chat's conversation id, stable across reloads. */
  sender?: string | ((session: TransportSession) => string);
  /**
   * Extra `metadata` for Rasa's tracker, merged over the default `{ message_id, locale }`.
   * Return `undefined` to add nothing.
   */
  metadata?: (message: OutboundMessage, session: TransportSession) => Record<string, unknown> | undefined;
  /**
   * Turns a reply's `custom` payload into events. Default: `{ "handoff": true | { reason?, context? } }`
   * becomes a `handoff-suggested` event; any other `custom` payload is ignored, since bots
   * often send payloads meant for other channels.
   */
  mapCustom?: (custom: unknown, reply: RasaReply) => TransportEvent | readonly TransportEvent[] | void;
}

const KNOWN = new Set(['url', 'sender', 'metadata', 'mapCustom', ...HTTP_OPTION_KEYS]);

/** Rasa answers once its custom actions ran, which can take a while (a refund, a lookup). */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Whether a failed POST may have reached Rasa: it timed out (Rasa may still be working on
 * it), or Rasa answered 2xx and the answer was cut off or unreadable. Sending it again
 * would make Rasa process it twice (log the turn, run the actions again).
 */
function mayHaveReachedRasa(error: TransportError): boolean {
  if (error.code === 'timeout' || error.code === 'invalid_response') return true;
  return error.status !== undefined && error.status >= 200 && error.status < 300;
}

/**
 * A bot transport for Rasa's REST channel (Rasa Open Source 3.x and Rasa Pro, `RestInput`).
 * Each customer message is `POST`ed as `{ sender, message, metadata }`; the answer, an
 * array of replies, is shown in order: `text`, `buttons` as quick replies (choosing one
 * sends its `payload`), `image` as an image, `attachment` URLs as files, and `custom`
 * through `mapCustom` (by default `custom.handoff` asks for a person). Built on
 * `createRestTransport`, so it has its timeouts and validation; since Rasa processes every
 * POST it gets, there are no quick retries by default, and a message Rasa may have
 * received (a timeout, a broken 2xx answer) is rejected as not retryable.
 *
 * @example
 * const bot = createRasaTransport({ url: 'https://bot.example.com/webhooks/rest/webhook' })
 * createChat({ bot, human })
 */
export function createRasaTransport(options: RasaTransportOptions): Transport {
  checkOptionsObject('createRasaTransport', options);
  checkKnownOptions('createRasaTransport', options, KNOWN);
  const { url: urlOption, sender, metadata: metadataOption, mapCustom: mapCustomOption, ...http } = options;
  const url = checkUrlOption('url', urlOption, ['http', 'https']);
  if (sender !== undefined && typeof sender !== 'function' && (typeof sender !== 'string' || sender.trim() === '')) {
    throw new ConfigError('sender', 'a non-empty string or a function of the session', sender);
  }
  const metadata = checkFunction<NonNullable<RasaTransportOptions['metadata']>>('metadata', metadataOption);
  const mapCustom = checkFunction<NonNullable<RasaTransportOptions['mapCustom']>>('mapCustom', mapCustomOption);

  const senderOf = (session: TransportSession): string => {
    const value = typeof sender === 'function' ? sender(session) : (sender ?? session.conversationId);
    if (typeof value !== 'string' || value === '') throw new TypeError(`sender must return a non-empty string, returned ${describeValue(value)}`);
    return value;
  };

  // The quick retries are run here, not by the REST transport, so they skip what may have reached Rasa.
  const retry = normalizeRetry(http.retry ?? false);
  const env = resolveTransportEnv(http.env);
  const timers = createTimerSet(env);
  const rest = createRestTransport({
    ...http,
    retry: false,
    timeoutMs: http.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    url,
    kind: 'rasa',
    mapRequest: (message, session) => ({
      sender: senderOf(session),
      // A chosen button sends its payload (e.g. `/order_status`), which Rasa reads as an intent.
      message: message.quickReply?.payload ?? message.text,
      metadata: { message_id: message.id, locale: session.locale, ...metadata?.(message, session) },
    }),
    mapResponse: (body, message) => {
      if (body === undefined) return [];
      if (!Array.isArray(body)) {
        throw new TransportError('invalid_response', `Rasa answered ${describeValue(body)} instead of an array of replies. Check that the URL ends in /webhooks/rest/webhook.`, {
          retryable: false,
        });
      }
      // Raw `error` entries among them become TransportErrors when the REST transport reads them.
      return rasaRepliesToEvents(body, message.id, mapCustom) as TransportEvent[];
    },
  });

  // Rasa has no de-duplication: a message it already answered must not reach it again.
  const delivered = createSeenIds();
  let connected = false;

  return {
    kind: 'rasa',
    async connect(emit, session) {
      await rest.connect(emit, session);
      connected = true;
    },
    async send(message) {
      // Unconnected sends go through so they reject like any other.
      if (connected && delivered.has(message.id)) return;
      try {
        await withRetry(() => rest.send(message), retry, env.random, timers.sleep, (error) => !mayHaveReachedRasa(error));
      } catch (error) {
        if (!isTransportError(error) || !error.retryable || !mayHaveReachedRasa(error)) throw error;
        throw new TransportError(error.code, `${error.message} Rasa may have received the message, so it is not sent again: Rasa would process it twice.`, {
          cause: error,
          retryable: false,
          ...(error.status === undefined ? {} : { status: error.status }),
        });
      }
      delivered.add(message.id);
    },
    close() {
      connected = false;
      timers.clearAll(new TransportError('closed', 'The rasa transport was closed.'));
      return rest.close();
    },
  };
}
