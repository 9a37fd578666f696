import { backoffDelay } from '../core/backoff.js';
import type { Emit, Transport, TransportEvent, TransportSession } from '../core/contract.js';
import { ConfigError, TransportError, toTransportError } from '../core/errors.js';
import type { ConnectionState } from '../core/types.js';
import { checkBackoff, checkCount, checkFunction, checkKnownOptions, checkOptionsObject, checkUrlOption, resolveUrl, withQuery, type UrlOption } from './check-options.js';
import { emitValidated } from './emit-validated.js';
import { HTTP_OPTION_KEYS, createHttpClient, normalizeHttpOptions } from './http-client.js';
import { parseJson } from './parse-json.js';
import { createRestTransport, type RestTransportOptions } from './rest.js';
import { createSeenIds, type SeenIds } from './seen-ids.js';
import { isSeqCursor, loadCursor, saveCursor, type SeqCursor } from './seq-cursor.js';
import { createSseParser, type SseEvent, type SseParser } from './sse-parser.js';
import { createTimerSet } from './timer-set.js';

/**
 * What `mapEvent` returns to say the server's sequence started over (e.g. the handoff
 * hub's `welcome` with `reset: true` after it lost its data): the ids seen so far and
 * the stored cursor are forgotten, so the replay from the start is shown.
 *
 * @example mapEvent: (e) => (JSON.parse(e.data).type === 'welcome' ? { type: 'ready', resetSeq: true } : toEvents(e))
 */
export interface SseSequenceReset {
  type: 'ready';
  resetSeq?: boolean;
}

/**
 * Options for `createSseTransport`: the REST options for sending, plus the stream's.
 *
 * @example
 * { url: 'https://desk.example.com/chat', eventsUrl: (s) => `https://desk.example.com/stream/${s.conversationId}`, idleTimeoutMs: 60000 }
 */
export interface SseTransportOptions extends RestTransportOptions {
  /** The event stream. Default: `{url}/events`. `?conversationId=…` is added. */
  eventsUrl?: UrlOption;
  /**
   * Turns one stream event into transport events. Default: `data` is one JSON
   * `TransportEvent`. Whatever it returns is validated like a backend's data; a
   * `{ type: 'ready', resetSeq: true }` among it starts the sequence over (`SseSequenceReset`).
   */
  mapEvent?: (event: SseEvent) => TransportEvent | SseSequenceReset | readonly (TransportEvent | SseSequenceReset)[] | void;
  /**
   * Reconnect backoff after a drop: ceilings from `baseMs` doubling to `maxMs`. Default 1000
   * and 30000. The count starts over only after a stream stayed open for 10 s.
   */
  reconnect?: { baseMs?: number; maxMs?: number };
  /**
   * A stream silent for this long is presumed dead and reopened. Servers should send
   * a `: ping` comment more often than this. Default 45000; 0 turns it off.
   */
  idleTimeoutMs?: number;
  /** Keeps the last event id per conversation beyond this page, so a reload resumes with `Last-Event-ID`. */
  cursor?: SeqCursor;
}

const KNOWN = new Set(['url', 'kind', 'mapRequest', 'mapResponse', 'eventsUrl', 'mapEvent', 'reconnect', 'idleTimeoutMs', 'cursor', ...HTTP_OPTION_KEYS]);

/** A stream open this long was healthy: the next outage backs off from the start. */
const HEALTHY_AFTER_MS = 10_000;

/** What survives reconnects for one conversation: where to resume and what was seen. */
interface Resume {
  conversationId: string;
  parser: SseParser;
  seen: SeenIds;
  /** Highest numeric id seen; the wire's ids are a monotonic sequence. */
  highest: number;
  /** The server's `retry:` advice. */
  retryMs: number | undefined;
}

/** One connect…close span. */
interface Run {
  emit: Emit;
  session: TransportSession;
  stopped: boolean;
  controller: AbortController | undefined;
  state: ConnectionState;
  /** Failed reconnect attempts in the current outage. */
  attempt: number;
  /** Whether this outage was already reported as an `error` event. */
  reported: boolean;
  /** When the current stream opened, to tell a healthy stream from a crash loop. */
  onlineAt: number | undefined;
  /** Set once the transport gave up on this run: what every send now rejects with at once. */
  gaveUp: TransportError | undefined;
  /** The first open; a second `connect` while it is under way waits for it too. */
  opened: Promise<void>;
  idle: unknown;
}

const isSequenceReset = (value: unknown): value is SseSequenceReset =>
  typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'ready';

function defaultMapEvent(event: SseEvent): unknown[] {
  return [parseJson(event.data, `The event stream (event ${(event.id ?? event.lastEventId) || 'without id'})`, false)];
}

/**
 * Streamed replies over server-sent events. Messages are POSTed as with
 * `createRestTransport`; everything the backend says arrives on one `fetch`-read
 * event stream (so headers and tokens work, unlike `EventSource`). After a drop it
 * reconnects with backoff and `Last-Event-ID`, and drops any event whose id it has
 * already delivered, so nothing is lost or shown twice. Reports `connection` changes.
 * An event longer than `maxResponseBytes` characters is skipped as it arrives (never
 * held whole) and reported as `response_too_large`; the stream goes on.
 *
 * @example
 * const bot = createSseTransport({ url: 'https://bot.example.com/chat' })
 * // POST https://bot.example.com/chat, events from GET https://bot.example.com/chat/events?conversationId=…
 */
export function createSseTransport(options: SseTransportOptions): Transport {
  checkOptionsObject('createSseTransport', options);
  checkKnownOptions('createSseTransport', options, KNOWN);
  const { eventsUrl: eventsOption, mapEvent: mapEventOption, reconnect, idleTimeoutMs: idleOption, cursor, ...restOptions } = options;
  if (cursor !== undefined && !isSeqCursor(cursor)) throw new ConfigError('cursor', 'an object with get(conversationId) and set(conversationId, id)', cursor);
  const kind = options.kind ?? 'sse';
  const rest = createRestTransport({ ...restOptions, kind });
  const url = checkUrlOption('url', options.url, ['http', 'https']);
  const eventsUrl: UrlOption =
    eventsOption === undefined
      ? async (session) => `${(await resolveUrl(url, session)).replace(/\/+$/, '')}/events`
      : checkUrlOption('eventsUrl', eventsOption, ['http', 'https']);
  const mapEvent = checkFunction<NonNullable<SseTransportOptions['mapEvent']>>('mapEvent', mapEventOption);
  const { baseMs, maxMs } = checkBackoff('reconnect', reconnect, { baseMs: 1000, maxMs: 30_000 });
  const idleTimeoutMs = checkCount('idleTimeoutMs', idleOption, 45_000, 0, 3_600_000);
  const httpOptions = normalizeHttpOptions(restOptions);
  const { env } = httpOptions;
  const http = createHttpClient(httpOptions, `the ${kind} event stream`, { identity: true });
  const timers = createTimerSet(env);

  let run: Run | undefined;
  let resume: Resume | undefined;

  const emitFrom = (r: Run, event: TransportEvent): void => {
    if (r === run && !r.stopped) r.emit(event);
  };

  const setState = (r: Run, state: ConnectionState): void => {
    if (r.state === state) return;
    r.state = state;
    emitFrom(r, { type: 'connection', state });
  };

  const resumeFor = (conversationId: string): Resume => {
    if (resume?.conversationId === conversationId) return resume;
    const stored = loadCursor(cursor, conversationId);
    const from = stored === undefined ? '' : String(stored);
    const fresh: Resume = {
      conversationId,
      seen: createSeenIds(),
      highest: /^\d+$/.test(from) ? Number(from) : -Infinity,
      retryMs: undefined,
      parser: createSseParser(
        {
          onEvent: (event) => deliver(fresh, event),
          onRetry: (ms) => {
            fresh.retryMs = ms;
          },
          onOverflow: () => {
            const r = run;
            if (!r) return;
            const error = new TransportError('response_too_large', `The ${kind} event stream sent an event larger than ${httpOptions.maxResponseBytes} characters; it was skipped.`, {
              retryable: false,
            });
            emitFrom(r, { type: 'error', error });
          },
        },
        from,
        httpOptions.maxResponseBytes,
      ),
    };
    resume = fresh;
    return fresh;
  };

  /** The server's sequence started over: what was seen no longer says what is a replay. */
  const resetSequence = (state: Resume): void => {
    state.seen = createSeenIds();
    state.highest = -Infinity;
    state.parser.forgetLastEventId();
    saveCursor(cursor, state.conversationId, undefined);
  };

  const deliver = (state: Resume, event: SseEvent): void => {
    const r = run;
    if (!r || r.stopped) return;
    const numeric = event.id && /^\d+$/.test(event.id) ? Number(event.id) : undefined;
    if (event.id && (state.seen.has(event.id) || (numeric !== undefined && numeric <= state.highest))) return; // a replay
    let raw: unknown;
    try {
      raw = mapEvent ? mapEvent(event) : defaultMapEvent(event);
    } catch (error) {
      // Not recorded as seen: a resume from the stored cursor asks for it again.
      emitFrom(r, { type: 'error', error: toTransportError(error, 'invalid_event') });
      return;
    }
    const list: unknown[] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const events: unknown[] = [];
    for (const item of list) {
      // Only the site's own mapping may start the sequence over; the default format has no such event.
      if (!mapEvent || !isSequenceReset(item)) events.push(item);
      else if (item.resetSeq === true) resetSequence(state);
    }
    emitValidated(events, (e) => emitFrom(r, e), event.id ? `event ${event.id}` : 'event', false);
    // Recorded only once handed on, so the stored cursor never passes an event that was not.
    if (event.id) {
      state.seen.add(event.id);
      if (numeric !== undefined) state.highest = numeric;
      saveCursor(cursor, state.conversationId, event.id);
    }
  };

  const armIdle = (r: Run): void => {
    timers.clear(r.idle);
    if (idleTimeoutMs > 0) r.idle = timers.set(() => r.controller?.abort(), idleTimeoutMs);
  };

  /** Opens the stream; resolves once it is readable, reading continues in the background. */
  const open = async (r: Run): Promise<void> => {
    const state = resumeFor(r.session.conversationId);
    // Half an event left by a stream that ended (or was closed) must not run into this one.
    state.parser.endOfStream();
    const controller = new AbortController();
    r.controller = controller;
    const target = withQuery(await resolveUrl(eventsUrl, r.session), { conversationId: r.session.conversationId });
    const lastId = state.parser.lastEventId;
    const response = await http.stream(
      { method: 'GET', url: target, session: r.session, accept: 'text/event-stream', extraHeaders: lastId ? { 'last-event-id': lastId } : {} },
      controller.signal,
    );
    if (r.stopped) {
      controller.abort();
      return;
    }
    const type = response.headers.get('content-type') ?? '';
    if (response.status === 204 || !response.body || !/^text\/event-stream/i.test(type)) {
      controller.abort();
      // 204 is the spec's way for a server to say "stop reconnecting".
      if (response.status === 204) throw new TransportError('stream_ended', `The ${kind} event stream answered 204: the server asked not to reconnect.`, { retryable: false });
      throw new TransportError('invalid_response', `The ${kind} event stream answered with content-type ${type || 'missing'} instead of text/event-stream.`, {
        status: response.status,
      });
    }
    r.onlineAt = env.now();
    setState(r, 'online');
    void read(r, state, response.body.getReader());
  };

  const read = async (r: Run, state: Resume, reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> => {
    const decoder = new TextDecoder();
    let failure: unknown;
    armIdle(r);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (r.stopped) return;
        if (done) break;
        armIdle(r);
        state.parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      failure = error;
    } finally {
      timers.clear(r.idle);
    }
    if (r.stopped) return;
    r.controller?.abort();
    state.parser.endOfStream();
    reconnectLater(r, failure === undefined ? undefined : new TransportError('stream_dropped', `The ${kind} event stream dropped; reconnecting.`, { cause: failure }));
  };

  const reconnectLater = (r: Run, error: TransportError | undefined): void => {
    if (r.stopped) return;
    // Only a stream that stayed open a while ends the outage: a server that answers and
    // drops at once (a crash loop) keeps backing off.
    if (r.onlineAt !== undefined && env.now() - r.onlineAt >= HEALTHY_AFTER_MS) {
      r.attempt = 0;
      r.reported = false;
    }
    r.onlineAt = undefined;
    setState(r, 'reconnecting');
    r.attempt++;
    // One report per outage, not one per attempt.
    if (error && !r.reported) {
      r.reported = true;
      emitFrom(r, { type: 'error', error });
    }
    const base = Math.min(resume?.retryMs ?? baseMs, maxMs);
    const delay = backoffDelay(r.attempt, env.random, { baseMs: Math.max(1, base), maxMs });
    timers.set(() => {
      open(r).catch((raw: unknown) => {
        if (r.stopped) return;
        const failure = toTransportError(raw, 'connect_failed');
        if (!failure.retryable) return giveUp(r, failure);
        reconnectLater(r, failure);
      });
    }, delay);
  };

  /**
   * The server refused the stream for good (401/403, 204, another 4xx): stop, reject sends
   * at once (no reply could arrive), and emit `closed` so the chat calls `connect()` again
   * when it needs the stream. A refusal of credentials or a 204 may pass on that next try
   * (fresh headers, a server back in service), so those rejections are retryable.
   */
  const giveUp = (r: Run, error: TransportError): void => {
    if (r.stopped || run !== r || r.gaveUp) return;
    const retryable = error.code === 'unauthorized' || error.code === 'stream_ended';
    r.gaveUp = new TransportError(error.code, `${error.message} The stream is tried again on the next connect.`, {
      cause: error,
      retryable,
      ...(error.status === undefined ? {} : { status: error.status }),
    });
    timers.clear(r.idle);
    emitFrom(r, { type: 'error', error });
    setState(r, 'closed');
  };

  const stop = (): void => {
    if (!run) return;
    run.stopped = true;
    run.controller?.abort();
    run = undefined;
    timers.clearAll();
  };

  return {
    kind,
    async connect(emit, session) {
      await rest.connect(emit, session);
      if (run && run.session.conversationId === session.conversationId && !run.gaveUp) {
        // Open, opening or reconnecting in the background: a second caller settles with the first.
        run.emit = emit;
        run.session = session;
        return run.opened;
      }
      stop();
      const r: Run = {
        emit,
        session,
        stopped: false,
        controller: undefined,
        state: 'connecting',
        attempt: 0,
        reported: false,
        onlineAt: undefined,
        gaveUp: undefined,
        opened: Promise.resolve(),
        idle: undefined,
      };
      run = r;
      r.opened = open(r).catch((error: unknown) => {
        if (run === r) stop();
        throw toTransportError(error, 'connect_failed');
      });
      return r.opened;
    },
    send: (message) => (run?.gaveUp ? Promise.reject(run.gaveUp) : rest.send(message)),
    close() {
      stop();
      http.abortAll();
      return rest.close();
    },
  };
}
