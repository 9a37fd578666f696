import type { Emit, HandoffReceipt, HumanTransport, TransportEvent, TransportSession } from '../core/contract.js';
import type { KeyValueStorage } from '../core/environment.js';
import { ConfigError, TransportError, describeValue, isTransportError } from '../core/errors.js';
import type { AgentInfo, Availability } from '../core/types.js';
import { checkKnownOptions, checkOptionsObject } from './check-options.js';
import { createHttpClient, normalizeHttpOptions, type HttpClient } from './http-client.js';
import type { WireMessage } from './rest-wire.js';
import { isSeqCursor, type SeqCursor } from './seq-cursor.js';
import { createSseTransport } from './sse.js';
import type { SseEvent } from './sse-parser.js';
import type { TransportEnv } from './transport-env.js';
import { createWebSocketTransport, type WebSocketConstructor } from './websocket.js';
import type { ClientFrame } from './websocket-frames.js';
import { isRecord } from '../core/is-record.js';

/**
 * Options for `createHandoffTransport`. Only `url` is required.
 *
 * @example
 * { url: 'wss://desk.example.com/hub', mode: 'auto', cursor: localStorageCursor }
 */
export interface HandoffTransportOptions {
  /**
   * The hub: `wss://host/hub` (or `ws://` on localhost). The HTTP fallback uses the same
   * path over `https://` (`/hub/frames` and `/hub/events`). A path such as `/hub`
   * is resolved against the page, so one value works on every host.
   */
  url: string;
  /** `websocket`, `http` (POST + server-sent events), or `auto`: WebSocket, falling back to HTTP when it can't connect. Default `auto`. */
  mode?: 'auto' | 'websocket' | 'http';
  /** Default: the global `WebSocket`. Node 20 has none: pass the `ws` package's. */
  WebSocket?: WebSocketConstructor;
  /** Default: the global `fetch` (HTTP mode). */
  fetch?: typeof globalThis.fetch;
  /**
   * Keeps the last event `seq` beyond the page, so a reload resumes without replays.
   * Default: the chat's own transport storage (`session.storage`), which honours the
   * customer's consent and is wiped by `logout()`; `false` for none.
   */
  cursor?: SeqCursor | false;
  /** Headers for the HTTP mode (e.g. an auth token). A WebSocket can't carry headers: use the identity token instead. */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** How long the WebSocket handshake may take before `auto` falls back. Default 8000. */
  connectTimeoutMs?: number;
  /** Clock, timers and randomness, for tests. */
  env?: Partial<TransportEnv>;
}

const KNOWN = new Set(['url', 'mode', 'WebSocket', 'fetch', 'cursor', 'headers', 'connectTimeoutMs', 'env']);

type Raw = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function availabilityOf(f: Raw): Availability {
  const a: Availability = { available: f.available === true };
  const eta = num(f.etaSeconds);
  if (eta !== undefined) a.etaSeconds = eta;
  const message = str(f.message);
  if (message) a.message = message;
  return a;
}

/** A hub event frame (with `seq`) as the transport contract's event; undefined for anything else. */
function hubEvent(f: Raw): (TransportEvent & { seq?: number }) | undefined {
  const seq = num(f.seq);
  const withSeq = <T extends TransportEvent>(e: T): T & { seq?: number } => (seq === undefined ? e : { ...e, seq });
  switch (f.type) {
    case 'availability':
      return { type: 'availability', availability: availabilityOf(f) };
    case 'queued':
      return withSeq({ type: 'queue', ...(num(f.position) !== undefined ? { position: num(f.position) } : {}), ...(num(f.etaSeconds) !== undefined ? { etaSeconds: num(f.etaSeconds) } : {}) });
    case 'agent-joined':
      return withSeq({ type: 'agent-joined', agent: f.agent as AgentInfo });
    case 'agent-typing':
      return withSeq({ type: 'typing', active: f.active === true, ...(isRecord(f.agent) ? { agent: f.agent as unknown as AgentInfo } : {}) });
    case 'agent-message':
      return withSeq({ type: 'message', message: f.message as never });
    case 'agent-left':
      return withSeq({ type: 'agent-left', ...(isRecord(f.agent) ? { agent: f.agent as unknown as AgentInfo } : {}) });
    case 'unavailable':
    case 'handed-back':
      return withSeq({ type: f.type, ...(str(f.reason) ? { reason: str(f.reason) } : {}) } as TransportEvent);
    case 'ended':
      return withSeq({
        type: 'ended',
        ...(f.by === 'agent' || f.by === 'customer' || f.by === 'system' ? { by: f.by } : {}),
        ...(str(f.reason) ? { reason: str(f.reason) } : {}),
      });
    default:
      return undefined;
  }
}

function parseFrame(data: unknown): Raw {
  let f: unknown;
  try {
    f = JSON.parse(String(data));
  } catch (cause) {
    throw new TransportError('bad_frame', 'The hub sent a frame that is not JSON.', { cause, retryable: true });
  }
  if (!isRecord(f) || typeof f.type !== 'string') throw new TransportError('bad_frame', 'The hub sent a frame without a type.', { retryable: true });
  if (f.v !== 1) throw new TransportError('unsupported_version', `The hub speaks protocol version ${describeValue(f.v)}; this widget speaks 1.`, { retryable: false });
  return f;
}

/** Hub frame → what the generic WebSocket transport understands (docs/handoff-protocol.md, "On the generic WebSocket transport"). */
function decodeHubFrame(data: unknown): unknown {
  const f = parseFrame(data);
  switch (f.type) {
    case 'welcome':
      return { type: 'ready', resetSeq: f.reset === true };
    case 'ack':
      return { type: 'ack', id: f.id, ...(isRecord(f.result) ? f.result : {}) };
    case 'error':
      if (typeof f.id === 'string') {
        return { type: 'nack', id: f.id, code: f.code, message: f.message, retryable: f.retryable, retryAfterMs: f.retryAfterMs };
      }
      throw new TransportError(String(f.code ?? 'hub_error'), String(f.message ?? 'The hub reported an error.'), { retryable: f.retryable === true });
    case 'pong':
      return { type: 'pong' };
    default:
      return hubEvent(f);
  }
}

/** Generic transport frame → hub frame. */
function encodeHubFrame(frame: ClientFrame): string | undefined {
  switch (frame.type) {
    case 'resume': {
      const session = frame.session as { locale: string; user?: unknown };
      return JSON.stringify({
        v: 1,
        type: 'hello',
        conversationId: frame.conversationId,
        lastSeq: Number(frame.lastSeq ?? 0) || 0,
        locale: session.locale,
        ...(session.user ? { user: session.user } : {}),
        ...(typeof frame.identityToken === 'string' ? { identityToken: frame.identityToken } : {}),
      });
    }
    case 'message':
      return JSON.stringify(messageFrame(frame.id as string, frame.conversationId as string, frame.message as WireMessage));
    case 'pong':
      return undefined; // the hub never sends protocol pings
    default:
      return JSON.stringify({ v: 1, ...frame });
  }
}

function messageFrame(id: string, conversationId: string, m: WireMessage): Raw {
  return { v: 1, type: 'message', id, conversationId, text: m.text, time: m.time, ...(m.quickReply ? { quickReply: m.quickReply } : {}) };
}

/** Resolves `/hub` against the page and gives the WebSocket and HTTP forms of the URL. */
function hubUrls(url: string): { ws: string; http: string } {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  let parsed: URL;
  try {
    parsed = base ? new URL(url, base) : new URL(url);
  } catch {
    throw new ConfigError('url', 'an absolute ws(s):// or http(s):// URL, or a path such as "/hub" on a web page', url);
  }
  const scheme = parsed.protocol.replace(':', '');
  if (!['ws', 'wss', 'http', 'https'].includes(scheme)) throw new ConfigError('url', 'a ws:, wss:, http: or https: URL', url);
  const secure = scheme === 'wss' || scheme === 'https';
  const rest = `//${parsed.host}${parsed.pathname.replace(/\/$/, '')}`;
  return { ws: `${secure ? 'wss' : 'ws'}:${rest}`, http: `${secure ? 'https' : 'http'}:${rest}` };
}

/** The default cursor: kept in the session's storage, bound when the chat connects. */
function sessionCursor(): SeqCursor & { bind(storage: KeyValueStorage | undefined): void } {
  let storage: KeyValueStorage | undefined;
  const key = (conversationId: string): string => `handoff-seq:${conversationId}`;
  return {
    bind(s) {
      storage = s;
    },
    get: (conversationId) => storage?.getItem(key(conversationId)) ?? undefined,
    set: (conversationId, seq) => {
      if (!storage) return;
      if (seq === undefined) storage.removeItem(key(conversationId));
      else storage.setItem(key(conversationId), String(seq));
    },
  };
}

/**
 * The human transport for the handoff-chat protocol (docs/handoff-protocol.md): a
 * WebSocket to the hub, with an HTTP fallback (POST frames + server-sent events) for
 * networks that block WebSockets. Every request carries a client id the hub drops
 * duplicates by, and a reconnect resumes from the last `seq`, so nothing is lost or shown twice.
 *
 * @example
 * HandoffChat.init({
 *   bot: HandoffChat.transports.createSseTransport({ url: '/bot/sse' }),
 *   human: HandoffChat.transports.createHandoffTransport({ url: '/hub' }),
 * })
 */
export function createHandoffTransport(options: HandoffTransportOptions): HumanTransport {
  checkOptionsObject('createHandoffTransport', options);
  checkKnownOptions('createHandoffTransport', options, KNOWN);
  if (typeof options.url !== 'string' || !options.url) throw new ConfigError('url', 'the hub URL, e.g. "wss://desk.example.com/hub" or "/hub"', options.url);
  const mode = options.mode ?? 'auto';
  if (!['auto', 'websocket', 'http'].includes(mode)) throw new ConfigError('mode', '"auto", "websocket" or "http"', mode);
  if (options.cursor !== undefined && options.cursor !== false && !isSeqCursor(options.cursor)) throw new ConfigError('cursor', 'an object with get(conversationId) and set(conversationId, seq)', options.cursor);
  if (options.WebSocket !== undefined && typeof options.WebSocket !== 'function') throw new ConfigError('WebSocket', 'a WebSocket class', options.WebSocket);
  // URLs are resolved lazily: a relative path needs the page, which SSR does not have.
  let urls: { ws: string; http: string } | undefined;
  const resolve = (): { ws: string; http: string } => (urls ??= hubUrls(options.url));
  if (/^(wss?|https?):/i.test(options.url)) resolve();

  const defaultCursor = options.cursor === undefined ? sessionCursor() : undefined;
  const cursor = defaultCursor ?? (options.cursor || undefined);
  const common = {
    ...(cursor ? { cursor } : {}),
    ...(options.env ? { env: options.env } : {}),
  };
  const ws = createWebSocketTransport({
    url: () => resolve().ws,
    kind: 'handoff',
    waitForReady: true,
    encode: encodeHubFrame,
    decode: decodeHubFrame,
    connectTimeoutMs: options.connectTimeoutMs ?? 8000,
    ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
    ...common,
  });

  const httpOptions = normalizeHttpOptions({
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  let client: HttpClient | undefined;
  const http = (): HttpClient => (client ??= createHttpClient(httpOptions, 'handoff hub', { identity: true }));
  const sse = createSseTransport({
    url: () => `${resolve().http}/frames`,
    eventsUrl: () => `${resolve().http}/events`,
    kind: 'handoff-http',
    mapRequest: (message) => messageFrame(message.id, message.conversationId, { id: message.id, text: message.text, time: message.time, ...(message.quickReply ? { quickReply: message.quickReply } : {}) }),
    mapResponse: () => [],
    mapEvent: (event: SseEvent) => {
      const f = parseFrame(event.data);
      // A hub that lost its data replays from seq 1: the cursor must start over, or the replay looks old.
      if (f.type === 'welcome') return f.reset === true ? { type: 'ready', resetSeq: true } : [];
      return hubEvent(f) ?? [];
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...common,
  });

  let active: 'websocket' | 'http' = mode === 'http' ? 'http' : 'websocket';
  let session: TransportSession | undefined;

  /** Sends one acknowledged frame on whichever channel is active; resolves with the ack's result fields. */
  const request = async (frame: Raw & { id: string; type: string }): Promise<Raw> => {
    if (active === 'websocket') return (await ws.request(frame as unknown as ClientFrame, frame.id)) as unknown as Raw;
    if (!session) throw new TransportError('not_connected', 'The handoff hub is not connected.', { retryable: true });
    const response = await http().json({
      method: 'POST',
      url: `${resolve().http}/frames`,
      session,
      json: { v: 1, ...frame },
      idempotencyKey: frame.id,
    });
    const ack = response.body;
    if (!isRecord(ack) || ack.type !== 'ack') throw new TransportError('bad_response', 'The hub answered a frame without an ack.', { retryable: true });
    return isRecord(ack.result) ? ack.result : {};
  };

  let counter = 0;
  const freshId = (prefix: string): string => `${prefix}_${Date.now().toString(36)}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  let lastRequestId: string | undefined;

  return {
    kind: 'handoff',
    async connect(emit: Emit, s: TransportSession) {
      session = s;
      defaultCursor?.bind(s.storage);
      if (active === 'http') return sse.connect(emit, s);
      try {
        await ws.connect(emit, s);
      } catch (error) {
        // A hub that answered and refused (a bad identity token) is not a network that blocks WebSockets.
        if (mode !== 'auto' || (isTransportError(error) && error.code === 'connection_refused')) throw error;
        // A proxy that kills upgrades should not cost the customer their person.
        await ws.close();
        active = 'http';
        await sse.connect(emit, s);
      }
    },
    send: (message) => (active === 'websocket' ? ws.send(message) : sse.send(message)),
    async close() {
      // HTTP-mode requests need the session: after close they reject as not connected.
      session = undefined;
      client?.abortAll();
      await Promise.all([ws.close(), sse.close()]);
    },
    async handoff(request_) {
      lastRequestId = request_.id;
      const r = await request({ type: 'handoff', id: request_.id, conversationId: request_.conversationId, transcript: request_.transcript });
      const status = r.status === 'accepted' || r.status === 'unavailable' ? r.status : 'queued';
      const receipt: HandoffReceipt = { status };
      const position = num(r.position);
      if (position !== undefined) receipt.position = position;
      const eta = num(r.etaSeconds);
      if (eta !== undefined) receipt.etaSeconds = eta;
      if (isRecord(r.agent) && typeof r.agent.name === 'string') receipt.agent = r.agent as unknown as AgentInfo;
      return receipt;
    },
    async cancel(requestId) {
      await request({ type: 'cancel', id: `cancel_${requestId}`, conversationId: session?.conversationId ?? '', requestId });
    },
    async end(conversationId) {
      await request({ type: 'end', id: freshId('end'), conversationId, ...(lastRequestId ? { requestId: lastRequestId } : {}) });
    },
    async rate(rating) {
      await request({ type: 'csat', id: rating.id, conversationId: rating.conversationId, score: rating.score, ...(rating.comment ? { comment: rating.comment } : {}) });
    },
    async leaveMessage(note) {
      const { id, conversationId, email, message, name, transcript } = note;
      await request({ type: 'leave-message', id, conversationId, email, message, ...(name ? { name } : {}), transcript });
    },
    async availability() {
      const r = await request({ type: 'availability', id: freshId('av') });
      return availabilityOf(isRecord(r.availability) ? r.availability : r);
    },
  };
}
