import { backoffDelay } from '../core/backoff.js';
import type { Emit, SendReceipt, Transport, TransportEvent, TransportSession } from '../core/contract.js';
import { ConfigError, TransportError, describeValue, toTransportError } from '../core/errors.js';
import type { ConnectionState } from '../core/types.js';
import { checkBackoff, checkCount, checkFunction, checkKnownOptions, checkOptionsObject, checkUrlOption, resolveUrl, type UrlOption } from './check-options.js';
import { emitValidated } from './emit-validated.js';
import { toWireMessage, toWireSession } from './rest-wire.js';
import { createSeenIds, type SeenIds } from './seen-ids.js';
import { isSeqCursor, loadCursor, saveCursor, type SeqCursor } from './seq-cursor.js';
import { createTimerSet } from './timer-set.js';
import { resolveTransportEnv, type TransportEnv } from './transport-env.js';
import { decodeJsonFrame, encodeJsonFrame, type AckFrame, type ClientFrame, type NackFrame } from './websocket-frames.js';
import { isRecord } from '../core/is-record.js';

/**
 * The parts of the WebSocket API used here; the browser's and the `ws` package's both fit.
 *
 * @example const socket: WebSocketLike = new WebSocket('wss://desk.example.com')
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
}

/**
 * A WebSocket class, e.g. the browser's `WebSocket` or `import WebSocket from 'ws'`.
 *
 * @example createWebSocketTransport({ url: 'ws://127.0.0.1:8080', WebSocket: (await import('ws')).default })
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/**
 * Options for `createWebSocketTransport`. Only `url` is required.
 *
 * @example
 * { url: (s) => `wss://desk.example.com/ws?c=${s.conversationId}`, heartbeatIntervalMs: 20000, reconnect: { maxMs: 15000 } }
 */
export interface WebSocketTransportOptions {
  /** `wss://…` (or `https://…`, turned into `wss://`); a function builds it per conversation. */
  url: UrlOption;
  /** Subprotocols for the handshake. */
  protocols?: string | string[];
  /** Default: the global `WebSocket`. Node 20 has none: pass the `ws` package's. */
  WebSocket?: WebSocketConstructor;
  /** Name in errors and logs. Default `websocket`. */
  kind?: string;
  /** Turns a frame into text; return `undefined` to skip it (e.g. a protocol without pings). Default JSON. */
  encode?: (frame: ClientFrame) => string | undefined;
  /** Turns received data into one frame or a list of them (see docs). Default JSON. */
  decode?: (data: unknown) => unknown;
  /** Wait for the server's `ack` before `send` resolves. Default true; false resolves once written. */
  acks?: boolean;
  /** How long `send` waits for its ack, reconnects included, before rejecting. Default 10000. */
  ackTimeoutMs?: number;
  /** How long the opening handshake may take. Default 10000. */
  connectTimeoutMs?: number;
  /** A ping every this many ms of silence. Default 25000; 0 turns heartbeats off. */
  heartbeatIntervalMs?: number;
  /** A connection that stays silent this long after a ping is presumed dead and replaced. Default 10000. */
  heartbeatTimeoutMs?: number;
  /**
   * Reconnect backoff: ceilings from `baseMs` doubling to `maxMs`, full jitter. Default 500
   * and 30000. The count starts over only after a connection proved healthy (online for
   * 10 s, or an ack), so a server that greets and then drops every connection is not hammered.
   */
  reconnect?: { baseMs?: number; maxMs?: number };
  /**
   * Whether to reconnect after the server closed with this code. Default: not after 1008
   * or 4400–4499. A refusal ends this connection: pending and later sends reject at once
   * (retryable), `{ type: 'connection', state: 'closed' }` is emitted, and the next
   * `connect()` (the chat calls it when needed) tries again, after a backoff that grows
   * with each refusal in a row.
   */
  shouldReconnect?: (code: number, reason: string) => boolean;
  /**
   * For protocols whose server greets first (a `welcome`): `decode` turns that greeting
   * into `{ type: 'ready', resetSeq?: boolean }`, and nothing but the `resume` frame is
   * sent, and `connect` does not resolve, until it arrives. Default false.
   */
  waitForReady?: boolean;
  /**
   * Keeps the last inbound `seq` per conversation beyond this page (e.g. in
   * `localStorage`), so a reload resumes where it was instead of replaying everything.
   */
  cursor?: SeqCursor;
  /** Largest frame accepted, in bytes (characters for text frames); bigger ones are dropped and reported. Default 1 MiB. */
  maxFrameBytes?: number;
  /** Clock, timers and randomness, for tests. */
  env?: Partial<TransportEnv>;
}

/**
 * A WebSocket transport; `request` lets presets send their own acknowledged frames.
 *
 * @example
 * const ws = createWebSocketTransport({ url })
 * const ack = await ws.request({ type: 'handoff', id: request.id, request }, request.id)
 */
export interface WebSocketTransport extends Transport {
  /**
   * Sends `frame` (queued while disconnected, re-sent after a reconnect until
   * acknowledged) and resolves with the server's `ack` for `id`.
   */
  request(frame: ClientFrame, id: string): Promise<AckFrame>;
}

const KNOWN = new Set([
  'url',
  'protocols',
  'WebSocket',
  'kind',
  'encode',
  'decode',
  'acks',
  'ackTimeoutMs',
  'connectTimeoutMs',
  'heartbeatIntervalMs',
  'heartbeatTimeoutMs',
  'reconnect',
  'shouldReconnect',
  'waitForReady',
  'cursor',
  'maxFrameBytes',
  'env',
]);

const OPEN = 1;

/** A connection online this long (or one that carried an ack) was healthy: backoff starts over after it. */
const HEALTHY_AFTER_MS = 10_000;

/**
 * The longest wait a timer can hold (about 24.8 days). A larger `retryAfterMs` in a
 * nack would overflow `setTimeout`, which then fires at once: the retry would hammer the server.
 */
const MAX_RETRY_AFTER_MS = 2_147_483_647;

interface Pending {
  id: string;
  frame: ClientFrame;
  resolve(ack: AckFrame): void;
  reject(error: TransportError): void;
  timer: unknown;
}

/** What survives reconnects for one conversation. */
interface Resume {
  conversationId: string;
  seen: SeenIds;
  messageIds: SeenIds;
  highest: number;
  lastSeq: string | number | undefined;
}

interface Run {
  emit: Emit;
  session: TransportSession;
  stopped: boolean;
  state: ConnectionState;
  /** Failed reconnect attempts in the current outage. */
  attempt: number;
  /** Whether this outage was already reported as an `error` event. */
  reported: boolean;
  /** When the current connection went online, and whether it carried an ack: signs it is healthy. */
  onlineAt: number | undefined;
  acked: boolean;
  /** Set once the transport gave up on this run: what every send now rejects with at once. */
  gaveUp: TransportError | undefined;
  /** Ends the wait before the first open (after refusals), when the transport closes meanwhile. */
  cancelWait: ((reason: TransportError) => void) | undefined;
  /** The first open; a second `connect` while it is under way waits for it too. */
  opened: Promise<void>;
  /** The site's signed identity for this connection's greeting (never in the URL). */
  identityToken?: string | undefined;
}

const defaultShouldReconnect = (code: number): boolean => code !== 1008 && !(code >= 4400 && code <= 4499);

/** `https://` and `http://` become `wss://` and `ws://`; relative URLs resolve against the page. */
function toSocketUrl(url: string): string {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  const absolute = base && !/^[a-z][a-z0-9+.-]*:/i.test(url) ? new URL(url, base).href : url;
  return absolute.replace(/^http(s?):/i, 'ws$1:');
}

/**
 * A WebSocket transport that survives real networks: it reconnects with capped
 * exponential backoff and jitter, pings to notice dead connections, queues sends
 * while disconnected and flushes them in order after reconnecting, re-sends what was
 * never acknowledged (the server drops repeats by id), and resumes with the last
 * `seq` it saw while dropping anything it already delivered. `send` resolves on the
 * server's ack for the message id. `close()` clears every timer and the socket.
 *
 * @example
 * import WebSocket from 'ws' // in Node; browsers have a global WebSocket
 * const human = createWebSocketTransport({ url: 'wss://desk.example.com/chat', WebSocket })
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  checkOptionsObject('createWebSocketTransport', options);
  checkKnownOptions('createWebSocketTransport', options, KNOWN);
  const url = checkUrlOption('url', options.url, ['ws', 'wss', 'http', 'https']);
  const { protocols } = options;
  if (protocols !== undefined && typeof protocols !== 'string' && !(Array.isArray(protocols) && protocols.every((p) => typeof p === 'string'))) {
    throw new ConfigError('protocols', 'a string or an array of strings', protocols);
  }
  const Socket = checkFunction<WebSocketConstructor>('WebSocket', options.WebSocket);
  if (options.kind !== undefined && (typeof options.kind !== 'string' || !options.kind)) throw new ConfigError('kind', 'a non-empty string', options.kind);
  const kind = options.kind ?? 'websocket';
  const encode = checkFunction<NonNullable<WebSocketTransportOptions['encode']>>('encode', options.encode) ?? encodeJsonFrame;
  const decode = checkFunction<NonNullable<WebSocketTransportOptions['decode']>>('decode', options.decode) ?? decodeJsonFrame;
  if (options.acks !== undefined && typeof options.acks !== 'boolean') throw new ConfigError('acks', 'true or false', options.acks);
  const acks = options.acks ?? true;
  const ackTimeoutMs = checkCount('ackTimeoutMs', options.ackTimeoutMs, 10_000, 1, 600_000);
  const connectTimeoutMs = checkCount('connectTimeoutMs', options.connectTimeoutMs, 10_000, 1, 600_000);
  const heartbeatIntervalMs = checkCount('heartbeatIntervalMs', options.heartbeatIntervalMs, 25_000, 0, 3_600_000);
  const heartbeatTimeoutMs = checkCount('heartbeatTimeoutMs', options.heartbeatTimeoutMs, 10_000, 1, 600_000);
  const maxFrameBytes = checkCount('maxFrameBytes', options.maxFrameBytes, 1_048_576, 1024, 64 * 1_048_576);
  const { baseMs, maxMs } = checkBackoff('reconnect', options.reconnect, { baseMs: 500, maxMs: 30_000 });
  const shouldReconnect = checkFunction<NonNullable<WebSocketTransportOptions['shouldReconnect']>>('shouldReconnect', options.shouldReconnect) ?? defaultShouldReconnect;
  if (options.waitForReady !== undefined && typeof options.waitForReady !== 'boolean') throw new ConfigError('waitForReady', 'true or false', options.waitForReady);
  const waitForReady = options.waitForReady ?? false;
  const { cursor } = options;
  if (cursor !== undefined && !isSeqCursor(cursor)) {
    throw new ConfigError('cursor', 'an object with get(conversationId) and set(conversationId, seq)', cursor);
  }
  const env = resolveTransportEnv(options.env);
  const timers = createTimerSet(env);

  let run: Run | undefined;
  let resume: Resume | undefined;
  /** The open socket, once its handshake completed. */
  let socket: WebSocketLike | undefined;
  /** Whether `socket` may carry frames: at once, or after the server's `ready` with `waitForReady`. */
  let ready = false;
  /** The socket being opened (handshake, then `ready` if awaited) and how to end that wait. */
  let opening: { ws: WebSocketLike; finish(error?: TransportError): void } | undefined;
  /** Frames waiting for their ack, in the order they were first sent. */
  let outgoing: Pending[] = [];
  let heartbeat: unknown;
  let pongDeadline: unknown;
  /** Times in a row the server refused us (or reconnecting became impossible); spaces out the next `connect`. */
  let refusals = 0;

  const emitFrom = (r: Run, event: TransportEvent): void => {
    if (r === run && !r.stopped) r.emit(event);
  };

  const setState = (r: Run, state: ConnectionState): void => {
    if (r.state === state) return;
    r.state = state;
    emitFrom(r, { type: 'connection', state });
  };

  const numericSeq = (seq: string | number | undefined): number | undefined =>
    typeof seq === 'number' ? seq : typeof seq === 'string' && /^\d+$/.test(seq) ? Number(seq) : undefined;

  const resumeFor = (conversationId: string): Resume => {
    if (resume?.conversationId !== conversationId) {
      const lastSeq = loadCursor(cursor, conversationId);
      resume = { conversationId, seen: createSeenIds(), messageIds: createSeenIds(), highest: numericSeq(lastSeq) ?? -Infinity, lastSeq };
    }
    return resume;
  };

  /** Writes a frame on the open socket. `skipped` when `encode` chose not to send it. */
  const write = (ws: WebSocketLike, frame: ClientFrame): 'sent' | 'skipped' | 'failed' => {
    let text: string | undefined;
    try {
      text = encode(frame);
    } catch (error) {
      throw new TransportError('encode_failed', `Could not encode a ${frame.type} frame: ${(error as Error).message}`, { cause: error, retryable: false });
    }
    if (text === undefined) return 'skipped';
    if (ws !== socket || ws.readyState !== OPEN) return 'failed';
    try {
      ws.send(text);
      return 'sent';
    } catch {
      return 'failed';
    }
  };

  const settle = (id: string): Pending | undefined => {
    const index = outgoing.findIndex((p) => p.id === id);
    if (index === -1) return undefined;
    const [entry] = outgoing.splice(index, 1) as [Pending];
    timers.clear(entry.timer);
    return entry;
  };

  /** Writes a pending frame; without acks, writing is delivery. */
  const transmit = (ws: WebSocketLike, entry: Pending): void => {
    let result: ReturnType<typeof write>;
    try {
      result = write(ws, entry.frame);
    } catch (error) {
      settle(entry.id)?.reject(toTransportError(error));
      return;
    }
    // A failed write stays queued: the close that follows brings a reconnect and a re-send.
    if (result !== 'failed' && !acks) settle(entry.id)?.resolve({ type: 'ack', id: entry.id });
  };

  const stopHeartbeat = (): void => {
    timers.clear(heartbeat);
    timers.clear(pongDeadline);
    heartbeat = pongDeadline = undefined;
  };

  /** Any frame proves the connection alive: the next ping waits a full interval again. */
  const scheduleHeartbeat = (r: Run, ws: WebSocketLike): void => {
    stopHeartbeat();
    if (heartbeatIntervalMs === 0) return;
    heartbeat = timers.set(() => {
      if (ws !== socket) return;
      const result = write(ws, { type: 'ping' });
      if (result === 'failed') return drop(r, ws, 'the heartbeat could not be sent');
      if (result === 'skipped') return;
      pongDeadline = timers.set(() => drop(r, ws, `no answer to a heartbeat within ${heartbeatTimeoutMs} ms`), heartbeatTimeoutMs);
    }, heartbeatIntervalMs);
  };

  /** Forgets a socket we no longer trust and starts over; its late events are ignored. */
  const drop = (r: Run, ws: WebSocketLike, why: string): void => {
    if (ws !== socket) return;
    socket = undefined;
    ready = false;
    stopHeartbeat();
    try {
      ws.close(4000, 'heartbeat timeout');
    } catch {
      // Closing a socket that is already gone may throw; it is gone either way.
    }
    endedHealthy(r);
    reconnectLater(r, new TransportError('connection_lost', `The ${kind} connection was lost (${why}); reconnecting.`));
  };

  const onFrame = (r: Run, ws: WebSocketLike, raw: unknown, state: Resume): void => {
    if (!isRecord(raw) || typeof raw.type !== 'string') {
      emitFrom(r, { type: 'error', error: new TransportError('invalid_frame', `Expected a frame object with a "type", received ${describeValue(raw)}.`, { retryable: false }) });
      return;
    }
    switch (raw.type) {
      case 'ack':
        if (typeof raw.id === 'string') {
          const entry = settle(raw.id);
          // The server processes what we send: this connection is healthy.
          if (entry) r.acked = true;
          entry?.resolve(raw as AckFrame);
        }
        return;
      case 'nack': {
        const nack = raw as unknown as NackFrame;
        if (typeof nack.id !== 'string') return;
        const retryAfterMs = typeof nack.retryAfterMs === 'number' && nack.retryAfterMs >= 0 ? Math.min(nack.retryAfterMs, MAX_RETRY_AFTER_MS) : undefined;
        settle(nack.id)?.reject(
          new TransportError(typeof nack.code === 'string' ? nack.code : 'rejected', typeof nack.message === 'string' ? nack.message : `The ${kind} server refused ${nack.id}.`, {
            retryable: nack.retryable === true,
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          }),
        );
        return;
      }
      case 'ping':
        write(ws, { type: 'pong' });
        return;
      case 'pong':
        return;
      case 'ready': {
        if (raw.resetSeq === true) {
          resume = { conversationId: state.conversationId, seen: createSeenIds(), messageIds: state.messageIds, highest: -Infinity, lastSeq: undefined };
          saveCursor(cursor, state.conversationId, undefined);
        }
        if (opening?.ws === ws && socket === ws && !ready) {
          const { finish } = opening;
          goOnline(r, ws);
          finish();
        }
        return;
      }
      default:
        break;
    }
    const seq = raw.seq;
    const sequenced = typeof seq === 'string' || typeof seq === 'number';
    const numeric = numericSeq(sequenced ? seq : undefined);
    if (sequenced && (state.seen.has(String(seq)) || (numeric !== undefined && numeric <= state.highest))) return; // a replay
    // A message id is shown once, whatever its seq: servers that replay without seq are covered too.
    if (raw.type === 'message' && isRecord(raw.message) && (typeof raw.message.id === 'string' || typeof raw.message.id === 'number')) {
      if (!state.messageIds.add(String(raw.message.id))) return;
    }
    emitValidated([raw], (event) => emitFrom(r, event), sequenced ? `frame ${seq}` : 'frame', false);
    // Recorded only once handed on, so the resume point never passes an event that was not.
    if (sequenced) {
      state.seen.add(String(seq));
      if (numeric !== undefined) state.highest = numeric;
      state.lastSeq = seq;
      saveCursor(cursor, state.conversationId, seq);
    }
  };

  const onData = (r: Run, ws: WebSocketLike, data: unknown): void => {
    if (ws !== socket || r.stopped) return;
    timers.clear(pongDeadline);
    if (ready) scheduleHeartbeat(r, ws);
    // A frame far larger than any chat needs is not parsed at all: it is dropped and reported.
    const size = typeof data === 'string' ? data.length : (data as { byteLength?: number; size?: number })?.byteLength ?? (data as { size?: number })?.size ?? 0;
    if (size > maxFrameBytes) {
      emitFrom(r, { type: 'error', error: new TransportError('response_too_large', `The ${kind} server sent a frame of ${size} bytes; the limit is ${maxFrameBytes}. It was dropped.`, { retryable: false }) });
      return;
    }
    let decoded: unknown;
    try {
      decoded = decode(data);
    } catch (error) {
      emitFrom(r, { type: 'error', error: toTransportError(error, 'invalid_frame') });
      return;
    }
    for (const frame of Array.isArray(decoded) ? decoded : decoded === undefined ? [] : [decoded]) {
      if (ws !== socket || r.stopped) return;
      onFrame(r, ws, frame, resumeFor(r.session.conversationId));
    }
  };

  /** A connection that stayed online long enough, or carried an ack, ends the outage count. */
  const endedHealthy = (r: Run): void => {
    const healthy = r.acked || (r.onlineAt !== undefined && env.now() - r.onlineAt >= HEALTHY_AFTER_MS);
    r.onlineAt = undefined;
    r.acked = false;
    if (!healthy) return;
    r.attempt = 0;
    r.reported = false;
    refusals = 0;
  };

  /**
   * Stops trying on this run: every pending and later send rejects at once with `error`
   * (`retryable` when a later `connect()` may succeed, e.g. with a fresh identity token),
   * and `closed` tells the chat to call `connect()` again when it needs the connection.
   */
  const giveUp = (r: Run, error: TransportError, retryable: boolean): void => {
    if (r.stopped || run !== r || r.gaveUp) return;
    refusals++;
    const rejection = new TransportError(error.code, `${error.message} It is tried again on the next connect.`, { cause: error, retryable });
    r.gaveUp = rejection;
    for (const entry of outgoing.slice()) settle(entry.id)?.reject(rejection);
    stopHeartbeat();
    emitFrom(r, { type: 'error', error });
    setState(r, 'closed');
  };

  const onClosed = (r: Run, ws: WebSocketLike, code: number, reason: string): void => {
    if (ws !== socket) return;
    socket = undefined;
    ready = false;
    stopHeartbeat();
    if (r.stopped) return;
    endedHealthy(r);
    if (!shouldReconnect(code, reason)) {
      const error = new TransportError('connection_refused', `The ${kind} server closed the connection (${code}${reason ? ` ${reason}` : ''}) and asked not to reconnect.`, {
        retryable: false,
      });
      giveUp(r, error, true);
      return;
    }
    reconnectLater(r, new TransportError('connection_lost', `The ${kind} connection closed (${code}${reason ? ` ${reason}` : ''}); reconnecting.`));
  };

  /** Opens a socket; resolves once it is ready and the queue is flushed. */
  const open = async (r: Run): Promise<void> => {
    const Ctor = Socket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) {
      throw new TransportError('unsupported', 'This runtime has no WebSocket; pass the WebSocket option (in Node, the ws package).', { retryable: false });
    }
    const target = toSocketUrl(await resolveUrl(url, r.session));
    // Fetched now, before the socket exists, because the greeting goes out synchronously on open.
    r.identityToken = await r.session.identityToken?.();
    if (r.stopped) throw new TransportError('closed', `The ${kind} transport was closed.`);
    let ws: WebSocketLike;
    try {
      ws = protocols === undefined ? new Ctor(target) : new Ctor(target, protocols);
    } catch (error) {
      throw new TransportError('connect_failed', `Could not open ${target.replace(/[?#].*$/, '')}: ${(error as Error).message}`, { cause: error, retryable: false });
    }
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: TransportError): void => {
        if (settled) return;
        settled = true;
        timers.clear(deadline);
        if (opening?.ws === ws) opening = undefined;
        if (error && socket === ws) {
          socket = undefined;
          ready = false;
        }
        if (error) reject(error);
        else resolve();
      };
      const deadline = timers.set(() => {
        const opened = socket === ws;
        finish(
          new TransportError(
            'timeout',
            opened
              ? `The ${kind} server did not say it was ready within ${connectTimeoutMs} ms.`
              : `The ${kind} server did not complete the handshake within ${connectTimeoutMs} ms.`,
          ),
        );
        try {
          ws.close();
        } catch {
          // Not open yet; nothing to close politely.
        }
      }, connectTimeoutMs);
      opening = { ws, finish };
      ws.addEventListener('open', () => {
        if (settled || r.stopped || run !== r) {
          try {
            ws.close(1000);
          } catch {
            // Already closing.
          }
          finish(new TransportError('closed', `The ${kind} transport was closed.`));
          return;
        }
        socket = ws;
        ready = false;
        // Synchronously, before any frame the server sent along with the handshake is handled.
        greet(r, ws);
        if (!waitForReady) {
          goOnline(r, ws);
          finish();
        }
      });
      ws.addEventListener('message', (event: { data: unknown }) => onData(r, ws, event.data));
      ws.addEventListener('close', (event: { code: number; reason: string }) => {
        if (settled) return onClosed(r, ws, event.code, event.reason);
        const said = `${event.code}${event.reason ? ` ${event.reason}` : ''}`;
        // Refused before it was ready (a protocol that greets first): not worth retrying within this run.
        finish(
          shouldReconnect(event.code, event.reason)
            ? new TransportError('connect_failed', `Could not connect to the ${kind} server (close code ${event.code}).`)
            : new TransportError('connection_refused', `The ${kind} server refused the connection (${said}) and asked not to reconnect.`),
        );
      });
      // An error is always followed by close, which decides what happens next.
      ws.addEventListener('error', () => undefined);
    });
  };

  /** A fresh connection: say who we are and the last `seq` we have. */
  const greet = (r: Run, ws: WebSocketLike): void => {
    const state = resumeFor(r.session.conversationId);
    const hello: ClientFrame = { type: 'resume', conversationId: r.session.conversationId, session: toWireSession(r.session) };
    if (r.identityToken) hello.identityToken = r.identityToken;
    if (state.lastSeq !== undefined) hello.lastSeq = state.lastSeq;
    try {
      write(ws, hello);
    } catch (error) {
      emitFrom(r, { type: 'error', error: toTransportError(error) });
    }
  };

  /** The connection may carry frames: re-send what is unacknowledged and start the heartbeat. */
  const goOnline = (r: Run, ws: WebSocketLike): void => {
    ready = true;
    r.onlineAt = env.now();
    r.acked = false;
    setState(r, 'online');
    // Oldest first; the server drops repeats by id.
    for (const entry of outgoing.slice()) {
      if (ws !== socket) break;
      transmit(ws, entry);
    }
    if (ws === socket) scheduleHeartbeat(r, ws);
  };

  const reconnectLater = (r: Run, error: TransportError): void => {
    if (r.stopped || run !== r) return;
    setState(r, 'reconnecting');
    r.attempt++;
    // One report per outage, not one per attempt.
    if (!r.reported) {
      r.reported = true;
      emitFrom(r, { type: 'error', error });
    }
    timers.set(() => {
      open(r).catch((raw: unknown) => {
        if (r.stopped) return;
        const failure = toTransportError(raw, 'connect_failed');
        if (failure.code === 'connection_refused') return giveUp(r, failure, true);
        // Nothing this run can do about it (no WebSocket, a URL it cannot open): let the next connect try.
        if (!failure.retryable) return giveUp(r, failure, false);
        reconnectLater(r, failure);
      });
    }, backoffDelay(r.attempt, env.random, { baseMs, maxMs }));
  };

  const stop = (reason: TransportError): void => {
    const r = run;
    run = undefined;
    if (r) {
      r.stopped = true;
      r.cancelWait?.(reason);
    }
    const ws = socket;
    socket = undefined;
    ready = false;
    const pending = opening;
    opening = undefined;
    pending?.finish(reason);
    if (pending && pending.ws !== ws) {
      try {
        pending.ws.close(1000, 'closed by the client');
      } catch {
        // Still connecting: some implementations refuse close() then; the open handler closes it.
      }
    }
    timers.clearAll();
    heartbeat = pongDeadline = undefined;
    const waiting = outgoing;
    outgoing = [];
    for (const entry of waiting) entry.reject(reason);
    if (ws) {
      try {
        ws.close(1000, 'closed by the client');
      } catch {
        // Already closed.
      }
    }
  };

  /** Waits `ms` before a run's first open; `close()` meanwhile ends the wait with its reason. */
  const pause = (r: Run, ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const timer = timers.set(() => {
            r.cancelWait = undefined;
            resolve();
          }, ms);
          r.cancelWait = (reason) => {
            timers.clear(timer);
            r.cancelWait = undefined;
            reject(reason);
          };
        });

  const request = (frame: ClientFrame, id: string): Promise<AckFrame> => {
    const r = run;
    if (!r) return Promise.reject(new TransportError('not_connected', `The ${kind} transport is not connected.`));
    if (r.gaveUp) return Promise.reject(r.gaveUp);
    const existing = outgoing.find((p) => p.id === id);
    return new Promise<AckFrame>((resolve, reject) => {
      if (existing) {
        // The same id again (a retry racing the first try) waits for the same ack.
        const { resolve: first, reject: firstReject } = existing;
        existing.resolve = (ack) => {
          first(ack);
          resolve(ack);
        };
        existing.reject = (error) => {
          firstReject(error);
          reject(error);
        };
        return;
      }
      const entry: Pending = { id, frame, resolve, reject, timer: undefined };
      entry.timer = timers.set(() => {
        settle(id)?.reject(
          new TransportError('ack_timeout', `The ${kind} server did not acknowledge ${id} within ${ackTimeoutMs} ms.`, { retryable: true }),
        );
      }, ackTimeoutMs);
      outgoing.push(entry);
      if (socket && ready) transmit(socket, entry);
    });
  };

  return {
    kind,
    request,
    async connect(emit, session) {
      if (run && run.session.conversationId === session.conversationId && !run.gaveUp) {
        // Still connected, or reconnecting in the background: keep the queue and the resume point.
        run.emit = emit;
        run.session = session;
        return run.opened;
      }
      if (run?.session.conversationId !== session.conversationId) refusals = 0;
      stop(new TransportError('closed', `The ${kind} transport reconnected for another conversation.`));
      const r: Run = {
        emit,
        session,
        stopped: false,
        state: 'connecting',
        attempt: 0,
        reported: false,
        onlineAt: undefined,
        acked: false,
        gaveUp: undefined,
        cancelWait: undefined,
        opened: Promise.resolve(),
      };
      run = r;
      // Refused just now: wait a growing while first, so a server that keeps refusing is not hammered.
      const wait = refusals > 0 ? backoffDelay(refusals, env.random, { baseMs, maxMs }) : 0;
      r.opened = pause(r, wait)
        .then(() => open(r))
        .catch((error: unknown) => {
          if (run === r) stop(toTransportError(error));
          throw toTransportError(error, 'connect_failed');
        });
      return r.opened;
    },
    async send(message): Promise<SendReceipt | void> {
      const ack = await request({ type: 'message', id: message.id, conversationId: message.conversationId, message: toWireMessage(message) }, message.id);
      return typeof ack.serverId === 'string' ? { serverId: ack.serverId } : undefined;
    },
    close() {
      stop(new TransportError('closed', `The ${kind} transport was closed.`));
    },
  };
}
