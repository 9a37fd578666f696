import type { Emit, OutboundMessage, Transport, TransportEvent, TransportSession } from '../core/contract.js';
import { ConfigError, TransportError, isTransportError } from '../core/errors.js';
import { checkFunction, checkKnownOptions, checkOptionsObject, checkUrlOption, resolveUrl, type UrlOption } from './check-options.js';
import { emitValidated } from './emit-validated.js';
import { HTTP_OPTION_KEYS, createHttpClient, normalizeHttpOptions, type HttpClient, type HttpOptions } from './http-client.js';
import { restRequestBody, restResponseEvents } from './rest-wire.js';

/**
 * What `mapResponse` gets besides the body.
 *
 * @example mapResponse: (body, message, { status }) => (status === 202 ? [] : toEvents(body))
 */
export interface RestResponseInfo {
  status: number;
  headers: Headers;
}

/**
 * Options for `createRestTransport`. Only `url` is required.
 *
 * @example
 * { url: '/api/chat', timeoutMs: 8000, retry: { limit: 1 }, mapResponse: (body) => toEvents(body) }
 */
export interface RestTransportOptions extends HttpOptions {
  /** Where messages are POSTed; a function builds it per conversation. */
  url: UrlOption;
  /** Name in errors and logs. Default `rest`. */
  kind?: string;
  /** Builds the JSON body. Default: `{ conversationId, message, session }` (docs/transports.md). */
  mapRequest?: (message: OutboundMessage, session: TransportSession) => unknown;
  /**
   * Turns the parsed response body (`undefined` when empty) into events. Default: the
   * `{ messages, events }` format. Every event it returns is validated; bad ones are
   * dropped and reported. Throw a `TransportError` to reject the send.
   */
  mapResponse?: (body: unknown, message: OutboundMessage, response: RestResponseInfo) => readonly TransportEvent[] | void;
}

const KNOWN = new Set(['url', 'kind', 'mapRequest', 'mapResponse', ...HTTP_OPTION_KEYS]);

/**
 * A transport that POSTs each customer message and shows what the response says.
 * Built on ky. Retries quickly on network errors, timeouts, 408, 429 and 5xx
 * (honouring `Retry-After`), never on other 4xx, always with the same
 * `Idempotency-Key`; then rejects with a `TransportError` and leaves longer waits to
 * the chat's outbox. Usable as the bot or (with `withHttpHandoff`) the human side.
 *
 * @example
 * const bot = createRestTransport({
 *   url: 'https://bot.example.com/chat',
 *   headers: async () => ({ authorization: `Bearer ${await getToken()}` }),
 * })
 * createChat({ bot, human })
 */
export function createRestTransport(options: RestTransportOptions): Transport {
  checkOptionsObject('createRestTransport', options);
  checkKnownOptions('createRestTransport', options, KNOWN);
  const url = checkUrlOption('url', options.url, ['http', 'https']);
  if (options.kind !== undefined && (typeof options.kind !== 'string' || !options.kind)) throw new ConfigError('kind', 'a non-empty string', options.kind);
  const kind = options.kind ?? 'rest';
  const mapRequest = checkFunction<NonNullable<RestTransportOptions['mapRequest']>>('mapRequest', options.mapRequest) ?? restRequestBody;
  const mapResponse = checkFunction<NonNullable<RestTransportOptions['mapResponse']>>('mapResponse', options.mapResponse);
  const http: HttpClient = createHttpClient(normalizeHttpOptions(options), `the ${kind} backend`, { identity: true });

  let link: { emit: Emit; session: TransportSession } | undefined;

  return {
    kind,
    async connect(emit, session) {
      link = { emit, session };
    },
    async send(message) {
      const current = link;
      if (!current) throw new TransportError('not_connected', `The ${kind} transport is not connected.`);
      let target: string;
      let body: unknown;
      try {
        target = await resolveUrl(url, current.session);
        body = mapRequest(message, current.session);
      } catch (error) {
        throw new TransportError('map_failed', `Could not build the request: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
          retryable: false,
        });
      }
      const response = await http.json({ method: 'POST', url: target, session: current.session, json: body, idempotencyKey: message.id });
      let events: readonly unknown[];
      try {
        events = mapResponse ? mapResponse(response.body, message, response) ?? [] : restResponseEvents(response.body);
      } catch (error) {
        if (isTransportError(error)) throw error;
        throw new TransportError('invalid_response', `mapResponse failed: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
          retryable: false,
        });
      }
      if (!Array.isArray(events)) throw new TransportError('invalid_response', 'mapResponse must return an array of events.', { retryable: false });
      // After close (or a new connect) the answer belongs to nobody.
      if (link === current) emitValidated(events, current.emit, 'response');
    },
    close() {
      link = undefined;
      http.abortAll();
    },
  };
}
