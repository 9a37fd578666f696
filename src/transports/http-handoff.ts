import type { Emit, HandoffReceipt, HandoffRequest, HumanTransport, Transport, TransportSession } from '../core/contract.js';
import { ConfigError, TransportError, describeValue, isTransportError } from '../core/errors.js';
import type { Availability } from '../core/types.js';
import { checkFunction, checkKnownOptions, checkOptionsObject, checkUrlOption, resolveUrl, withQuery, type UrlOption } from './check-options.js';
import { emitValidated } from './emit-validated.js';
import { HTTP_OPTION_KEYS, createHttpClient, normalizeHttpOptions, type HttpOptions } from './http-client.js';
import { readAgent, readAvailability } from './parse-event.js';
import { restResponseEvents, toWireSession } from './rest-wire.js';
import { isRecord } from '../core/is-record.js';

/**
 * Options for `withHttpHandoff`. Only `url` is required; each optional URL adds the
 * matching method (without `offlineUrl`, for example, the chat delivers a
 * leave-a-message note as an ordinary message instead).
 *
 * @example
 * { url: '/desk/handoff', cancelUrl: '/desk/cancel', availabilityUrl: '/desk/availability', headers: { 'x-site': 'shop' } }
 */
export interface HttpHandoffOptions extends HttpOptions {
  /** Where handoff requests are POSTed. */
  url: UrlOption;
  /** POST `{ conversationId, requestId }` to withdraw a waiting request. */
  cancelUrl?: UrlOption;
  /** POST `{ conversationId }` when the customer ends the human conversation. */
  endUrl?: UrlOption;
  /** POST `{ conversationId, id, score, comment? }`. */
  ratingUrl?: UrlOption;
  /** POST `{ conversationId, id, email, message, name?, transcript }`. */
  offlineUrl?: UrlOption;
  /** GET `?conversationId=…`, answered with `{ available, etaSeconds?, message? }`. */
  availabilityUrl?: UrlOption;
  /** Builds the handoff body. Default `{ conversationId, request, session }`. */
  mapRequest?: (request: HandoffRequest, session: TransportSession) => unknown;
  /**
   * Reads the handoff response body (`undefined` when empty) into a receipt. Default:
   * `{ status: 'queued' | 'accepted' | 'unavailable', position?, etaSeconds?, agent? }`.
   */
  mapReceipt?: (body: unknown, request: HandoffRequest) => HandoffReceipt | void;
}

const KNOWN = new Set(['url', 'cancelUrl', 'endUrl', 'ratingUrl', 'offlineUrl', 'availabilityUrl', 'mapRequest', 'mapReceipt', ...HTTP_OPTION_KEYS]);

function readReceipt(body: unknown): HandoffReceipt | void {
  if (body === undefined) return undefined;
  if (!isRecord(body)) {
    throw new TransportError('invalid_response', `Expected a handoff receipt object, received ${describeValue(body)}.`, { retryable: false });
  }
  const b = body as Record<string, unknown>;
  if (b.status !== 'queued' && b.status !== 'accepted' && b.status !== 'unavailable') {
    throw new TransportError('invalid_response', `receipt.status: expected "queued", "accepted" or "unavailable", received ${describeValue(b.status)}.`, {
      retryable: false,
    });
  }
  const receipt: HandoffReceipt = { status: b.status };
  for (const key of ['position', 'etaSeconds'] as const) {
    const value = b[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TransportError('invalid_response', `receipt.${key}: expected a number ≥ 0, received ${describeValue(value)}.`, { retryable: false });
    }
    receipt[key] = value;
  }
  if (b.agent !== undefined && b.agent !== null) {
    try {
      receipt.agent = readAgent(b.agent, 'receipt.agent');
    } catch (error) {
      throw new TransportError('invalid_response', (error as Error).message, { cause: error, retryable: false });
    }
  }
  return receipt;
}

/**
 * Turns any transport into a human transport whose handoff requests (and, when their
 * URLs are given, cancel, end, rating, leave-a-message and availability) go over
 * HTTP, each with an `Idempotency-Key` so retries are never processed twice. Agent
 * messages keep arriving through the wrapped transport (SSE or WebSocket for a live desk).
 *
 * @example
 * const human = withHttpHandoff(createSseTransport({ url: 'https://desk.example.com/chat' }), {
 *   url: 'https://desk.example.com/handoff',
 *   offlineUrl: 'https://desk.example.com/offline',
 * })
 * createChat({ bot, human })
 */
export function withHttpHandoff<T extends Transport>(transport: T, options: HttpHandoffOptions): T & HumanTransport {
  if (typeof transport !== 'object' || transport === null || typeof transport.connect !== 'function' || typeof transport.send !== 'function') {
    throw new ConfigError('transport', 'a transport object with connect, send and close', transport);
  }
  checkOptionsObject('withHttpHandoff', options);
  checkKnownOptions('withHttpHandoff', options, KNOWN);
  const url = checkUrlOption('url', options.url, ['http', 'https']);
  const optionalUrl = (name: 'cancelUrl' | 'endUrl' | 'ratingUrl' | 'offlineUrl' | 'availabilityUrl'): UrlOption | undefined =>
    options[name] === undefined ? undefined : checkUrlOption(name, options[name], ['http', 'https']);
  const cancelUrl = optionalUrl('cancelUrl');
  const endUrl = optionalUrl('endUrl');
  const ratingUrl = optionalUrl('ratingUrl');
  const offlineUrl = optionalUrl('offlineUrl');
  const availabilityUrl = optionalUrl('availabilityUrl');
  const mapRequest = checkFunction<NonNullable<HttpHandoffOptions['mapRequest']>>('mapRequest', options.mapRequest);
  const mapReceipt = checkFunction<NonNullable<HttpHandoffOptions['mapReceipt']>>('mapReceipt', options.mapReceipt) ?? readReceipt;
  const http = createHttpClient(normalizeHttpOptions(options), `the ${transport.kind} desk`, { identity: true });

  let link: { emit: Emit; session: TransportSession } | undefined;

  const connected = (): { emit: Emit; session: TransportSession } => {
    if (!link) throw new TransportError('not_connected', `The ${transport.kind} desk is not connected.`);
    return link;
  };

  /** Runs the site's own code (a URL builder, `mapRequest`); what it throws becomes a final `map_failed`. */
  const build = async <V>(what: string, make: () => V | Promise<V>): Promise<V> => {
    try {
      return await make();
    } catch (error) {
      if (isTransportError(error)) throw error;
      throw new TransportError('map_failed', `Could not build the ${what}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
        retryable: false,
      });
    }
  };

  /** POSTs `body`; emits any messages or events the answer carries; returns its body. */
  const post = async (target: UrlOption, body: unknown, key?: string): Promise<unknown> => {
    const current = connected();
    const response = await http.json({
      method: 'POST',
      url: await build('request URL', () => resolveUrl(target, current.session)),
      session: current.session,
      json: body,
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
    if (link === current && response.body !== undefined) {
      try {
        emitValidated(restResponseEvents(response.body), current.emit, 'response');
      } catch (error) {
        current.emit({ type: 'error', error: error as TransportError });
      }
    }
    return response.body;
  };

  const human = Object.create(transport) as T & HumanTransport;
  const methods: Partial<HumanTransport> = {
    async connect(emit, session) {
      link = { emit, session };
      await transport.connect(emit, session);
    },
    close() {
      link = undefined;
      http.abortAll();
      return transport.close();
    },
    async handoff(request) {
      const { session } = connected();
      const body = await build('handoff request', () =>
        mapRequest ? mapRequest(request, session) : { conversationId: request.conversationId, request, session: toWireSession(session) },
      );
      const answer = await post(url, body, request.id);
      try {
        return mapReceipt(answer, request);
      } catch (error) {
        if (isTransportError(error)) throw error;
        throw new TransportError('invalid_response', `mapReceipt failed: ${(error as Error).message}`, { cause: error, retryable: false });
      }
    },
  };
  if (cancelUrl) {
    methods.cancel = async (requestId) => {
      await post(cancelUrl, { conversationId: connected().session.conversationId, requestId }, `cancel_${requestId}`);
    };
  }
  if (endUrl) {
    methods.end = async (conversationId) => {
      await post(endUrl, { conversationId });
    };
  }
  if (ratingUrl) {
    methods.rate = async (rating) => {
      await post(ratingUrl, rating, rating.id);
    };
  }
  if (offlineUrl) {
    methods.leaveMessage = async (note) => {
      await post(offlineUrl, note, note.id);
    };
  }
  if (availabilityUrl) {
    methods.availability = async (): Promise<Availability> => {
      const { session } = connected();
      const response = await http.json({
        method: 'GET',
        url: withQuery(await build('availability URL', () => resolveUrl(availabilityUrl, session)), { conversationId: session.conversationId }),
        session,
      });
      try {
        return readAvailability(response.body, 'availability');
      } catch (error) {
        throw new TransportError('invalid_response', (error as Error).message, { cause: error, retryable: false });
      }
    };
  }
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(human, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return human;
}
