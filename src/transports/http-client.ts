import ky from 'ky';
import type { TransportSession } from '../core/contract.js';
import { ConfigError, TransportError, isTransportError } from '../core/errors.js';
import { checkCount, checkFunction } from './check-options.js';
import { excerpt, parseJson } from './parse-json.js';
import { parseRetryAfter } from './retry-after.js';
import { normalizeRetry, withRetry, type NormalizedRetry, type RetryOptions } from './retry-policy.js';
import { resolveTransportEnv, type TransportEnv } from './transport-env.js';
import { isRecord } from '../core/is-record.js';

/** Extra request headers, or a function returning them per request (for short-lived tokens). */
export type HeadersOption =
  | Record<string, string>
  | ((session: TransportSession) => Record<string, string> | Promise<Record<string, string>>);

/**
 * HTTP options shared by every HTTP-based transport.
 *
 * @example
 * { headers: async () => ({ authorization: `Bearer ${await getToken()}` }), timeoutMs: 8000, retry: { limit: 1 } }
 */
export interface HttpOptions {
  /** Sent with every request. A function is called before each request, retries included. */
  headers?: HeadersOption;
  /** How long one attempt may take, response body included. Default 10000. */
  timeoutMs?: number;
  /** The transport's own quick retries. Default `{ limit: 2, baseMs: 300, maxMs: 2000 }`; `false` for none. */
  retry?: RetryOptions | false;
  /** The `fetch` to use. Default: the global one. */
  fetch?: typeof globalThis.fetch;
  /** Largest response body accepted, in bytes. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Clock, timers and randomness, for tests. */
  env?: Partial<TransportEnv>;
}

export interface NormalizedHttpOptions {
  headers: HeadersOption | undefined;
  timeoutMs: number;
  retry: NormalizedRetry;
  fetch: typeof globalThis.fetch | undefined;
  maxResponseBytes: number;
  env: TransportEnv;
}

/** Option names `normalizeHttpOptions` reads, for unknown-option checks. */
export const HTTP_OPTION_KEYS: readonly string[] = ['headers', 'timeoutMs', 'retry', 'fetch', 'maxResponseBytes', 'env'];

/** Validates the shared HTTP options once, at the factory. */
export function normalizeHttpOptions(options: HttpOptions, prefix = ''): NormalizedHttpOptions {
  const { headers } = options;
  if (headers !== undefined && typeof headers !== 'function' && (!isRecord(headers))) {
    throw new ConfigError(`${prefix}headers`, 'an object of header strings or a function returning one', headers);
  }
  if (headers && typeof headers === 'object') checkHeaderValues(headers, `${prefix}headers`);
  return {
    headers,
    timeoutMs: checkCount(`${prefix}timeoutMs`, options.timeoutMs, 10_000, 1, 600_000),
    retry: normalizeRetry(options.retry, `${prefix}retry`),
    fetch: checkFunction<typeof globalThis.fetch>(`${prefix}fetch`, options.fetch),
    maxResponseBytes: checkCount(`${prefix}maxResponseBytes`, options.maxResponseBytes, 1_048_576, 1),
    env: resolveTransportEnv(options.env),
  };
}

function checkHeaderValues(headers: Record<string, unknown>, option: string): void {
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw new ConfigError(`${option}.${name}`, 'a string', value);
  }
}

/** One HTTP request a transport makes. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  session: TransportSession;
  /** Sent as a JSON body. */
  json?: unknown;
  /** Sent as `Idempotency-Key`, the same on every retry. */
  idempotencyKey?: string;
  /** Default `application/json`. */
  accept?: string;
  /** Headers for this request only, e.g. `Last-Event-ID`. */
  extraHeaders?: Record<string, string>;
  /**
   * Ends this request (and its retries) when aborted, like `abortAll()` does: a
   * transport gives each connection a signal, so a request started after that
   * connection was closed cannot live on into the next one.
   */
  signal?: AbortSignal;
}

/** A successful response; `body` is the parsed JSON, or `undefined` when there was none. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface HttpClient {
  /** Sends with timeout and quick retries; resolves with the validated JSON body. */
  json(request: HttpRequest): Promise<HttpResponse>;
  /**
   * Opens a response to read as a stream (no retries; the timeout covers the
   * headers only). Non-2xx answers reject like `json` does. Aborting `signal` ends it.
   */
  stream(request: HttpRequest, signal: AbortSignal): Promise<Response>;
  /** Aborts every request under way; they reject with code `closed`. */
  abortAll(): void;
}

/** The header that carries the site's signed identity token (`identify(user, { token })`). */
export const IDENTITY_HEADER = 'x-identity-token';

/**
 * `https://host/path` for error messages: without query or fragment, which may hold
 * tokens, and without the contact id in a `/contacts/<id>` path, which is a credential
 * in APIs such as Chatwoot's Client API.
 */
function describeUrl(url: string): string {
  return url.replace(/[?#].*$/, '').replace(/\/contacts\/[^/]+/gi, '/contacts/…');
}

/**
 * Options of one HTTP client, beyond the shared HTTP options.
 *
 * @example createHttpClient(normalizeHttpOptions(options), 'the rest backend', { identity: true })
 */
export interface HttpClientOptions {
  /**
   * Send the site's signed identity token (`X-Identity-Token`). Only for the site's own
   * backends: a third party (Direct Line, Chatwoot) has no use for it, and the custom
   * header would force a CORS preflight there. Default false.
   */
  identity?: boolean;
}

/**
 * The longest wait a timer can hold (about 24.8 days). A larger `Retry-After` would
 * overflow `setTimeout`, which then fires at once: the retry would hammer the server.
 */
const MAX_RETRY_AFTER_MS = 2_147_483_647;

/**
 * The HTTP status rule: 408, 429 and 5xx may pass; other 4xx will not, except that a
 * backend honouring `Idempotency-Key` answers a repeat that arrives while the first
 * attempt is still being processed with 409 (or 425 Too Early): the retry that follows
 * gets the first attempt's answer.
 */
function isRetryableStatus(status: number, idempotent: boolean): boolean {
  return status === 408 || status === 429 || status >= 500 || (idempotent && (status === 409 || status === 425));
}

/** Error bodies are read only this far: enough for `{ "retryable": false, … }`. */
const ERROR_BODY_LIMIT = 16_384;

/**
 * A JSON error body's own verdict, `{ "retryable": true | false }` (the handoff hub's
 * error frames carry one): the backend knows better than the status code.
 */
async function readRetryVerdict(response: Response): Promise<boolean | undefined> {
  if (!/json/i.test(response.headers.get('content-type') ?? '')) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  try {
    const body = JSON.parse(await readLimited(response, ERROR_BODY_LIMIT, 'the error body')) as unknown;
    const verdict = typeof body === 'object' && body !== null ? (body as { retryable?: unknown }).retryable : undefined;
    return typeof verdict === 'boolean' ? verdict : undefined;
  } catch {
    return undefined;
  }
}

function statusError(request: HttpRequest, response: Response, now: number, cause: unknown, verdict: boolean | undefined): TransportError {
  const { status } = response;
  const advised = parseRetryAfter(response.headers.get('retry-after'), now);
  const retryAfterMs = advised === undefined ? undefined : Math.min(advised, MAX_RETRY_AFTER_MS);
  const idempotent = request.idempotencyKey !== undefined;
  const code =
    status === 401 || status === 403
      ? 'unauthorized'
      : status === 429
        ? 'rate_limited'
        : status >= 500
          ? 'server_error'
          : idempotent && (status === 409 || status === 425) && verdict !== false
            ? 'in_progress'
            : 'rejected';
  const wait = retryAfterMs === undefined ? '' : `; it asked to retry in ${Math.ceil(retryAfterMs / 1000)} s`;
  return new TransportError(code, `${request.method} ${describeUrl(request.url)} answered ${status} ${response.statusText}${wait}.`.replace(' .', '.'), {
    cause,
    status,
    retryable: verdict ?? isRetryableStatus(status, idempotent),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

async function readLimited(response: Response, limit: number, what: string): Promise<string> {
  const tooLarge = (): TransportError =>
    new TransportError('response_too_large', `${what} sent a response larger than ${limit} bytes; it was not read.`, { retryable: false });
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * Reads a 2xx body as JSON. An HTML page or broken JSON is `invalid_response`, and
 * retryable: it is often a proxy or a cut connection, and a retry carries the same
 * `Idempotency-Key`, so the backend cannot process the message twice.
 */
function parseBody(text: string, response: Response, what: string): unknown {
  if (response.status === 204 || text.trim() === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (/html/i.test(type) || (!/json/i.test(type) && /^\s*</.test(text))) {
    throw new TransportError(
      'invalid_response',
      `${what} answered with an HTML page instead of JSON (content-type ${type || 'missing'}): ${excerpt(text)}. Check the URL.`,
      { status: response.status, retryable: true },
    );
  }
  return parseJson(text, what);
}

/**
 * A signal that aborts when either does (`AbortSignal.any` is too new for some browsers
 * still in use); `dispose` removes its listeners once the request is over.
 */
function joinSignals(a: AbortSignal, b: AbortSignal | undefined): { signal: AbortSignal; dispose(): void } {
  if (!b) return { signal: a, dispose: () => undefined };
  const joined = new AbortController();
  const abort = (): void => joined.abort();
  if (a.aborted || b.aborted) joined.abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  return {
    signal: joined.signal,
    dispose() {
      a.removeEventListener('abort', abort);
      b.removeEventListener('abort', abort);
    },
  };
}

async function resolveHeaders(option: HeadersOption | undefined, session: TransportSession): Promise<Record<string, string>> {
  if (!option) return {};
  if (typeof option !== 'function') return option;
  let value: unknown;
  try {
    value = await option(session);
  } catch (error) {
    throw new TransportError('headers_failed', `The headers function failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new TransportError('headers_failed', 'The headers function must return an object of strings.', { retryable: false });
  }
  return value as Record<string, string>;
}

/**
 * The HTTP layer under the REST and SSE transports: ky for the request, our own
 * timeout on the injected clock, quick retries, and errors turned into
 * `TransportError`s with `status`, `retryAfterMs` and the original as `cause`. The
 * identity token goes out only when `client.identity` says the backend is the site's own.
 *
 * @example const http = createHttpClient(normalizeHttpOptions({ timeoutMs: 8000 }), 'the rest backend', { identity: true })
 */
export function createHttpClient(options: NormalizedHttpOptions, backend: string, client: HttpClientOptions = {}): HttpClient {
  const { env } = options;
  const sendIdentity = client.identity === true;
  let closing = new AbortController();

  /** A wait for the retry loop that ends early, rejecting, when the transport closes. */
  const sleepUntilClosed = (signal: AbortSignal) => (ms: number): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(closedError());
      const onAbort = (): void => {
        env.clearTimeout(handle);
        reject(closedError());
      };
      const handle = env.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });

  const closedError = (): TransportError => new TransportError('closed', `The connection to ${backend} was closed.`, { retryable: true });

  /**
   * Runs `work` with a signal that aborts on timeout or close, and names which one
   * happened. `closeSignal` is the one current when the call began: a request started
   * before `close()` must not live on into the next connection.
   */
  const guarded = async <T>(
    request: HttpRequest,
    closeSignal: AbortSignal,
    work: (signal: AbortSignal) => Promise<T>,
    external?: AbortSignal,
  ): Promise<T> => {
    const controller = new AbortController();
    let timedOut = false;
    const abort = (): void => controller.abort();
    closeSignal.addEventListener('abort', abort, { once: true });
    external?.addEventListener('abort', abort, { once: true });
    const timer = env.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    try {
      if (closeSignal.aborted || external?.aborted) controller.abort();
      return await work(controller.signal);
    } catch (error) {
      if (isTransportError(error)) throw error;
      if (closeSignal.aborted || external?.aborted) throw closedError();
      if (timedOut) {
        throw new TransportError('timeout', `${request.method} ${describeUrl(request.url)} got no complete answer within ${options.timeoutMs} ms.`, {
          cause: error,
        });
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new TransportError('network_error', `Could not reach ${backend} (${request.method} ${describeUrl(request.url)}): ${reason}`, {
        cause: error,
      });
    } finally {
      env.clearTimeout(timer);
      closeSignal.removeEventListener('abort', abort);
      external?.removeEventListener('abort', abort);
    }
  };

  const send = async (request: HttpRequest, signal: AbortSignal): Promise<Response> => {
    const headers: Record<string, string> = {
      ...(await resolveHeaders(options.headers, request.session)),
      accept: request.accept ?? 'application/json',
      ...request.extraHeaders,
    };
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    // The site's signed identity travels in a header, never in the URL; a site header of that name wins.
    if (sendIdentity && !Object.keys(headers).some((name) => name.toLowerCase() === IDENTITY_HEADER)) {
      const token = await request.session.identityToken?.();
      if (token) headers[IDENTITY_HEADER] = token;
    }
    try {
      // Retries and timeouts are ours (on the injected clock, and for POST too), so ky's are off.
      return await ky(request.url, {
        method: request.method,
        headers,
        ...(request.json === undefined ? {} : { json: request.json }),
        signal,
        retry: 0,
        timeout: false,
        cache: 'no-store',
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    } catch (error) {
      // Checked by name, as ky's own guards do, so a second copy of ky is recognised too.
      if (error instanceof Error && error.name === 'HTTPError' && (error as { response?: unknown }).response instanceof Response) {
        const { response } = error as Error & { response: Response };
        throw statusError(request, response, env.now(), error, await readRetryVerdict(response));
      }
      throw error;
    }
  };

  return {
    async json(request) {
      const ended = joinSignals(closing.signal, request.signal);
      try {
        return await withRetry(
          () =>
            guarded(request, ended.signal, async (signal) => {
              const response = await send(request, signal);
              let text: string;
              try {
                text = await readLimited(response, options.maxResponseBytes, backend);
              } catch (error) {
                if (isTransportError(error) || signal.aborted) throw error;
                // It carries the status: the backend got the request, which matters to backends that are not idempotent.
                const reason = error instanceof Error ? error.message : String(error);
                throw new TransportError('network_error', `${backend} answered ${response.status}, but the answer was cut off: ${reason}`, {
                  cause: error,
                  status: response.status,
                });
              }
              return { status: response.status, headers: response.headers, body: parseBody(text, response, backend) };
            }),
          options.retry,
          env.random,
          sleepUntilClosed(ended.signal),
        );
      } finally {
        ended.dispose();
      }
    },
    stream(request, signal) {
      return guarded(
        request,
        closing.signal,
        (attempt) => {
          // The attempt's signal only guards reaching the server (timeout, close); the
          // caller's signal must keep working for as long as the stream is read.
          const reading = new AbortController();
          const abort = (): void => reading.abort();
          attempt.addEventListener('abort', abort, { once: true });
          signal.addEventListener('abort', abort, { once: true });
          return send(request, reading.signal);
        },
        signal,
      );
    },
    abortAll() {
      closing.abort();
      closing = new AbortController();
    },
  };
}
