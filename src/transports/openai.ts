import type { Emit, OutboundMessage, Transport, TransportEvent, TransportSession } from '../core/contract.js';
import { ConfigError, TransportError, describeValue, isConfigError, toTransportError } from '../core/errors.js';
import { checkCount, checkKnownOptions, checkOptionsObject, checkUrlOption, resolveUrl, type UrlOption } from './check-options.js';
import { HTTP_OPTION_KEYS, createHttpClient, normalizeHttpOptions, type HeadersOption, type HttpOptions } from './http-client.js';
import { readChunk, readCompletion } from './openai-chunk.js';
import { refuseSecretHeaders, refuseSecretOptions, refuseSecretUrl } from './openai-secrets.js';
import { parseJson } from './parse-json.js';
import { withRetry } from './retry-policy.js';
import { createSeenIds } from './seen-ids.js';
import { createSseParser } from './sse-parser.js';
import { createTimerSet } from './timer-set.js';
import { isRecord } from '../core/is-record.js';

/**
 * One turn of the history sent for context.
 *
 * @example { role: 'user', content: 'Where is my order?' }
 */
export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * Options for `createOpenAITransport`. Only `url` is required. There is deliberately no
 * `apiKey`: the page talks to your own proxy, which adds the key.
 *
 * @example
 * { url: '/api/chat', model: 'gpt-4o-mini', system: 'You are the Fernway help desk. Be brief.', params: { temperature: 0.2 } }
 */
export interface OpenAITransportOptions extends HttpOptions {
  /** Your server's endpoint that forwards to `POST /v1/chat/completions` with the key. */
  url: UrlOption;
  /** Sent as `model`; omit to let the proxy choose. */
  model?: string;
  /** A system message put first in every request. Visible to anyone reading the page. */
  system?: string | ((session: TransportSession) => string);
  /** More request fields, e.g. `{ temperature: 0.2, max_tokens: 400 }`. */
  params?: Record<string, unknown>;
  /**
   * Ask for a streamed answer. Default true; a plain JSON completion is read either way.
   * With `false` the proxy answers only once the whole completion is written, so
   * `timeoutMs` (how long the answer may take to start) defaults to 60000 instead of 10000.
   */
  stream?: boolean;
  /** How many earlier turns (customer and assistant) go with each request. Default 20. */
  maxHistory?: number;
  /** A stream silent this long is cut and the reply finished as it is. Default 30000; 0 turns it off. */
  idleTimeoutMs?: number;
}

interface Run {
  emit: Emit;
  session: TransportSession;
  stopped: boolean;
  /** The reply still streaming; the next request waits for it, so its history is complete. */
  previous: Promise<void>;
  controllers: Set<AbortController>;
}

type Opened = { kind: 'stream'; response: Response; controller: AbortController } | { kind: 'text'; text: string };

const KNOWN = new Set(['url', 'model', 'system', 'params', 'stream', 'maxHistory', 'idleTimeoutMs', ...HTTP_OPTION_KEYS]);

/** A whole completion can take this long to be written before its headers go out. */
const WHOLE_COMPLETION_TIMEOUT_MS = 60_000;

/**
 * Retried inside the transport only when no completion can have been produced: a
 * network failure before an answer, 408, 429, 5xx. A timeout (the proxy may still be
 * generating) or a 2xx whose body broke is left to the chat's outbox, which retries
 * later, so a slow model is not asked for the same completion three times at once.
 */
const quickRetryable = (error: TransportError): boolean =>
  error.code !== 'timeout' && !(error.status !== undefined && error.status >= 200 && error.status < 300);

/** The same error, with the status of the answer it came with: the proxy did produce a completion. */
function answered(error: TransportError, status: number): TransportError {
  if (error.status !== undefined) return error;
  return new TransportError(error.code, error.message, { cause: error, retryable: error.retryable, status });
}

/**
 * A bot transport for an **OpenAI-compatible chat completions** endpoint reached through
 * your own server-side proxy. It POSTs `{ model, messages, stream: true }` with the
 * conversation so far (customer and assistant turns, kept in memory) and shows the
 * streamed `choices[0].delta.content` pieces growing one message, finished at
 * `data: [DONE]`; a plain JSON completion works too. Any API key (`apiKey`, `key`,
 * `secret`, an `Authorization: Bearer sk-…` header, a provider's URL) is refused with a
 * `ConfigError`: secrets never belong in a browser.
 *
 * @example
 * // Server (yours): POST /api/chat → adds `Authorization: Bearer ${process.env.OPENAI_API_KEY}` and forwards.
 * const bot = createOpenAITransport({ url: '/api/chat', model: 'gpt-4o-mini', system: 'You are a helpful shop assistant.' })
 * createChat({ bot, human })
 */
export function createOpenAITransport(options: OpenAITransportOptions): Transport {
  checkOptionsObject('createOpenAITransport', options as unknown);
  refuseSecretOptions('createOpenAITransport', options);
  checkKnownOptions('createOpenAITransport', options, KNOWN);
  const { url: urlOption, model, system, params, stream: streamOption, maxHistory: maxHistoryOption, idleTimeoutMs: idleOption, headers, ...http } = options;
  const url = checkUrlOption('url', urlOption, ['http', 'https']);
  if (typeof url === 'string') refuseSecretUrl(url, 'url');
  if (model !== undefined && (typeof model !== 'string' || model.trim() === '')) throw new ConfigError('model', 'a non-empty model name', model);
  if (system !== undefined && typeof system !== 'string' && typeof system !== 'function') throw new ConfigError('system', 'a string or a function of the session', system);
  if (params !== undefined) {
    if (!isRecord(params)) throw new ConfigError('params', 'an object of request fields, like { temperature: 0.2 }', params);
    refuseSecretOptions('createOpenAITransport', params, 'params.');
    for (const key of ['messages', 'stream'] as const) {
      if (key in params) throw new ConfigError(`params.${key}`, `no "${key}"`, params[key], `"params.${key}" is set by the transport; use the ${key === 'stream' ? '"stream"' : '"system"'} option instead.`);
    }
    if ('model' in params && model !== undefined) throw new ConfigError('params.model', 'no model when the "model" option is set', params.model);
  }
  if (headers !== undefined && typeof headers !== 'function') {
    if (!isRecord(headers)) throw new ConfigError('headers', 'an object of header strings or a function returning one', headers);
    refuseSecretHeaders(headers as Record<string, string>, 'headers');
  }
  if (streamOption !== undefined && typeof streamOption !== 'boolean') throw new ConfigError('stream', 'true or false', streamOption);
  const stream = streamOption ?? true;
  const maxHistory = checkCount('maxHistory', maxHistoryOption, 20, 0, 1000);
  const idleTimeoutMs = checkCount('idleTimeoutMs', idleOption, 30_000, 0, 600_000);
  // Headers are resolved here, per attempt, so a function's result is checked for keys too.
  const httpOptions = normalizeHttpOptions({
    ...http,
    ...(headers === undefined ? {} : { headers }),
    ...(http.timeoutMs === undefined && !stream ? { timeoutMs: WHOLE_COMPLETION_TIMEOUT_MS } : {}),
  });
  const { env, maxResponseBytes } = httpOptions;
  const client = createHttpClient({ ...httpOptions, headers: undefined }, 'the chat completions endpoint', { identity: true });
  const timers = createTimerSet(env);

  const delivered = createSeenIds();
  let history: { conversationId: string; turns: ChatTurn[] } | undefined;
  let run: Run | undefined;

  const live = (r: Run): boolean => run === r && !r.stopped;
  const emitFrom = (r: Run, event: TransportEvent): void => {
    if (live(r)) r.emit(event);
  };
  const closedError = (): TransportError => new TransportError('closed', 'The chat completions transport was closed.');

  const turnsFor = (session: TransportSession): ChatTurn[] => {
    if (history?.conversationId !== session.conversationId) history = { conversationId: session.conversationId, turns: [] };
    return history.turns;
  };

  const remember = (session: TransportSession, turns: ChatTurn[]): void => {
    const all = turnsFor(session);
    all.push(...turns);
    // Oldest first out, whole exchanges at a time, so the history never starts with an answer.
    while (all.length > maxHistory) {
      all.shift();
      while (all[0]?.role === 'assistant') all.shift();
    }
  };

  const requestHeaders = async (session: TransportSession): Promise<Record<string, string>> => {
    if (headers === undefined) return {};
    let value: unknown;
    try {
      value = typeof headers === 'function' ? await (headers as Exclude<HeadersOption, Record<string, string>>)(session) : headers;
    } catch (error) {
      throw new TransportError('headers_failed', `The headers function failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!isRecord(value) || Object.values(value).some((v) => typeof v !== 'string')) {
      throw new TransportError('headers_failed', `The headers function must return an object of strings, returned ${describeValue(value)}.`, { retryable: false });
    }
    refuseSecretHeaders(value as Record<string, string>, 'headers');
    return value as Record<string, string>;
  };

  /**
   * Reads a body until it ends, `stop()` says so, or it stays silent for `idleTimeoutMs`
   * (then it throws `idle_timeout`). `limit` caps the bytes read.
   */
  const read = async (response: Response, controller: AbortController, onText: (text: string) => void, stop: () => boolean, limit?: number): Promise<void> => {
    if (!response.body) return;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let size = 0;
    let idle: unknown;
    let silent = false;
    const arm = (): void => {
      timers.clear(idle);
      if (idleTimeoutMs > 0) {
        idle = timers.set(() => {
          silent = true;
          controller.abort();
        }, idleTimeoutMs);
      }
    };
    arm();
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (silent) throw new TransportError('idle_timeout', `The completion stream sent nothing for ${idleTimeoutMs} ms.`, { cause: error });
          throw error;
        }
        if (chunk.done) break;
        size += chunk.value.byteLength;
        if (limit !== undefined && size > limit) {
          throw new TransportError('response_too_large', `The chat completions endpoint sent more than ${limit} bytes; it was not read.`, { retryable: false });
        }
        arm();
        onText(decoder.decode(chunk.value, { stream: true }));
        if (stop()) break;
      }
      onText(decoder.decode());
    } finally {
      timers.clear(idle);
      await reader.cancel().catch(() => undefined);
    }
  };

  /** One attempt: POST, then either a stream to read on, or a whole completion's text. */
  const open = async (r: Run, body: unknown, key: string): Promise<Opened> => {
    let extra: Record<string, string>;
    let target: string;
    try {
      extra = await requestHeaders(r.session);
      target = await resolveUrl(url, r.session);
      refuseSecretUrl(target, 'url');
    } catch (error) {
      // A key slipped in through a function: refusing is final, retrying cannot help.
      if (isConfigError(error)) throw new TransportError('secret_refused', error.message, { cause: error, retryable: false });
      throw toTransportError(error, 'map_failed');
    }
    if (!live(r)) throw closedError();
    const controller = new AbortController();
    r.controllers.add(controller);
    let response: Response;
    try {
      response = await client.stream(
        { method: 'POST', url: target, session: r.session, json: body, idempotencyKey: key, accept: stream ? 'text/event-stream, application/json' : 'application/json', extraHeaders: extra },
        controller.signal,
      );
    } catch (error) {
      r.controllers.delete(controller);
      throw error;
    }
    const type = response.headers.get('content-type') ?? '';
    if (/^text\/event-stream/i.test(type)) return { kind: 'stream', response, controller };
    if (/json/i.test(type)) {
      let text = '';
      try {
        await read(response, controller, (piece) => (text += piece), () => false, maxResponseBytes);
      } catch (error) {
        if (!live(r)) throw closedError();
        throw answered(toTransportError(error, 'network_error'), response.status);
      } finally {
        r.controllers.delete(controller);
      }
      // Broken JSON is retryable (by the outbox): often a cut connection, and the Idempotency-Key lets a proxy de-duplicate.
      try {
        return { kind: 'text', text: readCompletion(parseJson(text, 'The chat completions endpoint')) };
      } catch (error) {
        throw answered(toTransportError(error, 'invalid_response'), response.status);
      }
    }
    r.controllers.delete(controller);
    controller.abort();
    throw new TransportError(
      'invalid_response',
      `The chat completions endpoint answered with content-type ${type || 'missing'} instead of text/event-stream or JSON. Check the URL points at your proxy.`,
      { status: response.status },
    );
  };

  /** Reads a streamed reply into deltas of one message; never throws, problems become error events. */
  const consume = async (r: Run, opened: Extract<Opened, { kind: 'stream' }>, replyId: string, turn: ChatTurn): Promise<void> => {
    let text = '';
    let finished = false;
    let problem: TransportError | undefined;
    const parser = createSseParser({
      onEvent: (event) => {
        if (finished || !live(r)) return;
        if (event.data.trim() === '[DONE]') {
          finished = true;
          return;
        }
        let content: ReturnType<typeof readChunk>;
        try {
          content = readChunk(parseJson(event.data, 'The completion stream', false));
        } catch (error) {
          emitFrom(r, { type: 'error', error: toTransportError(error, 'invalid_event') });
          return;
        }
        if (content.error !== undefined) {
          problem = new TransportError('backend_error', `The model stopped with an error: ${content.error}`, { retryable: false });
          finished = true;
          return;
        }
        if (content.text) {
          text += content.text;
          emitFrom(r, { type: 'delta', id: replyId, text: content.text });
        }
      },
    });
    try {
      await read(opened.response, opened.controller, (piece) => parser.feed(piece), () => finished);
    } catch (error) {
      if (!live(r)) return;
      const cause = toTransportError(error, 'stream_dropped');
      problem = new TransportError(cause.code === 'idle_timeout' ? 'idle_timeout' : 'stream_dropped', `The reply was cut off: ${cause.message}`, { cause: error });
    } finally {
      r.controllers.delete(opened.controller);
    }
    if (!live(r)) return;
    // A finished message never grows, so a cut-off reply is closed as it is rather than left "typing".
    if (text) emitFrom(r, { type: 'delta', id: replyId, text: '', done: true });
    else if (!problem) problem = new TransportError('blank_message', 'The model answered with no text, so nothing was shown.', { retryable: false });
    if (problem) emitFrom(r, { type: 'error', error: problem });
    remember(r.session, text ? [turn, { role: 'assistant', content: text }] : [turn]);
  };

  const requestBody = (r: Run, turn: ChatTurn): Record<string, unknown> => {
    const messages: Array<{ role: string; content: string }> = [];
    const prompt = typeof system === 'function' ? system(r.session) : system;
    if (prompt) messages.push({ role: 'system', content: prompt });
    messages.push(...turnsFor(r.session), turn);
    return { ...params, ...(model === undefined ? {} : { model }), messages, stream };
  };

  const stop = (): void => {
    const r = run;
    run = undefined;
    if (r) {
      r.stopped = true;
      for (const controller of r.controllers) controller.abort();
      r.controllers.clear();
    }
    timers.clearAll(closedError());
    client.abortAll();
  };

  return {
    kind: 'openai',
    async connect(emit, session) {
      if (run && run.session.conversationId === session.conversationId) {
        run.emit = emit;
        run.session = session;
        return;
      }
      stop();
      run = { emit, session, stopped: false, previous: Promise.resolve(), controllers: new Set() };
    },
    async send(message: OutboundMessage) {
      const r = run;
      if (!r) throw new TransportError('not_connected', 'The chat completions transport is not connected.');
      if (delivered.has(message.id)) return;
      await r.previous;
      if (!live(r)) throw closedError();
      const turn: ChatTurn = { role: 'user', content: message.text };
      let body: Record<string, unknown>;
      try {
        body = requestBody(r, turn);
      } catch (error) {
        throw new TransportError('map_failed', `Could not build the request: ${error instanceof Error ? error.message : String(error)}`, { cause: error, retryable: false });
      }
      const opened = await withRetry(() => open(r, body, message.id), httpOptions.retry, env.random, timers.sleep, quickRetryable);
      delivered.add(message.id);
      const replyId = `${message.id}_reply`;
      if (opened.kind === 'text') {
        if (!live(r)) return;
        if (opened.text.trim()) emitFrom(r, { type: 'message', message: { id: replyId, text: opened.text } });
        else emitFrom(r, { type: 'error', error: new TransportError('blank_message', 'The model answered with no text, so nothing was shown.', { retryable: false }) });
        remember(r.session, opened.text ? [turn, { role: 'assistant', content: opened.text }] : [turn]);
        return;
      }
      r.previous = consume(r, opened, replyId, turn);
    },
    close() {
      stop();
    },
  };
}
