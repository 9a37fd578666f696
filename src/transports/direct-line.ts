import { backoffDelay } from '../core/backoff.js';
import type { Emit, SendReceipt, Transport, TransportSession } from '../core/contract.js';
import { ConfigError, TransportError, describeValue, isTransportError, toTransportError } from '../core/errors.js';
import type { KeyValueStorage } from '../core/environment.js';
import type { ConnectionState } from '../core/types.js';
import { checkBackoff, checkCount, checkFunction, checkKnownOptions, checkOptionsObject, checkUrlOption, resolveUrl, type UrlOption } from './check-options.js';
import { activityToEvents, outgoingActivity, type QuickReplyActions } from './direct-line-activity.js';
import { createDirectLineStore, type DirectLineConversation as Line } from './direct-line-store.js';
import { emitValidated } from './emit-validated.js';
import { createHttpClient, normalizeHttpOptions, type HeadersOption, type HttpOptions } from './http-client.js';
import { parseJson } from './parse-json.js';
import { createSeenIds } from './seen-ids.js';
import { createTimerSet } from './timer-set.js';
import { createWebSocketTransport, type WebSocketConstructor, type WebSocketTransport } from './websocket.js';
import { isRecord } from '../core/is-record.js';

/**
 * A Direct Line token as the site's token endpoint returns it. Only `token` is required.
 *
 * @example { "token": "ey…", "conversationId": "abc123", "userId": "dl_8f2…", "expires_in": 1800 }
 */
export interface DirectLineToken {
  token: string;
  /** The conversation the token was generated for, if any. */
  conversationId?: string;
  /** The user id embedded in the token (`dl_…`); messages are sent from it. */
  userId?: string;
  expires_in?: number;
}

/**
 * Options for `createDirectLineTransport`: `token` or `tokenUrl` is required. A Direct
 * Line **secret** is refused: it opens every conversation of the bot to anyone who reads
 * the page.
 *
 * @example
 * { tokenUrl: '/api/directline/token', domain: 'https://europe.directline.botframework.com/v3/directline' }
 */
export interface DirectLineTransportOptions extends HttpOptions {
  /** A token the page already has, or a function fetching one (e.g. from your server). */
  token?: string | ((session: TransportSession) => string | DirectLineToken | Promise<string | DirectLineToken>);
  /**
   * Your server's endpoint that exchanges the secret for a token (`POST
   * /v3/directline/tokens/generate`). It gets `POST { userId }` with `headers`, and
   * answers `{ token, conversationId?, userId?, expires_in? }`.
   */
  tokenUrl?: UrlOption;
  /** Direct Line's base URL. Default `https://directline.botframework.com/v3/directline`. */
  domain?: string;
  /** The customer's id in `from.id`. Default: the token's `userId`, else `dl_<conversation id>`. */
  userId?: string | ((session: TransportSession) => string);
  /** How activities arrive: the WebSocket stream, polling, or the stream with polling as fallback. Default `auto`. */
  stream?: 'auto' | 'websocket' | 'polling';
  /** Polling interval in ms. Default 1000 (Microsoft's advice for client apps). */
  pollIntervalMs?: number;
  /** Default: the global `WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Stream reconnect backoff. Default `{ baseMs: 500, maxMs: 30000 }`. */
  reconnect?: { baseMs?: number; maxMs?: number };
  /** WebSocket handshake deadline. Default 10000. */
  connectTimeoutMs?: number;
  /**
   * Keeps the Direct Line conversation (id, token, watermark) across reloads, e.g.
   * `sessionStorage`. Without it a reload starts a new Direct Line conversation, and the
   * bot forgets what was said (the chat still shows it). The token is a credential for
   * this one conversation only.
   */
  storage?: KeyValueStorage;
}

interface Run {
  emit: Emit;
  session: TransportSession;
  stopped: boolean;
  /** Aborted by `close()`: every request of this run carries its signal, even one started afterwards. */
  controller: AbortController;
  line: Line | undefined;
  /** Resolves once the conversation is started and activities are arriving. */
  ready: Promise<void>;
  socket: WebSocketTransport | undefined;
  polling: boolean;
  pollTimer: unknown;
  pollFailures: number;
  state: ConnectionState | undefined;
  /** Set when a Direct Line call was refused with 401/403: the token is no longer good. */
  tokenRefused: boolean;
  /** The recovery attempt under way (never rejects). */
  recovering: Promise<void> | undefined;
  /** Failed recovery attempts in a row, for the backoff; 0 when none is going on. */
  recoverAttempts: number;
  recoverTimer: unknown;
  refreshTimer: unknown;
  /** Set once the transport gave up on this run: what every send now rejects with at once. */
  gaveUp: TransportError | undefined;
}

const KNOWN = new Set([
  'token',
  'tokenUrl',
  'domain',
  'userId',
  'stream',
  'pollIntervalMs',
  'WebSocket',
  'reconnect',
  'connectTimeoutMs',
  'storage',
  'headers',
  'timeoutMs',
  'retry',
  'fetch',
  'maxResponseBytes',
  'env',
]);

const DEFAULT_DOMAIN = 'https://directline.botframework.com/v3/directline';
/** Microsoft: a stream URL must be used within 60 s; keep a margin. */
const STREAM_URL_LIFETIME_MS = 50_000;

const isAuthError = (error: unknown): boolean => isTransportError(error) && (error.status === 401 || error.status === 403);

function secretRefused(option: string): ConfigError {
  return new ConfigError(
    option,
    'no secret',
    undefined,
    `createDirectLineTransport refuses "${option}": a Direct Line secret never belongs in a browser, where anyone can read it and talk to your bot as anyone, in any conversation. ` +
      'Exchange it for a token on your server (POST https://directline.botframework.com/v3/directline/tokens/generate with "Authorization: Bearer <secret>") and pass that endpoint as tokenUrl, or the token as token.',
  );
}

function readToken(value: unknown, source: string): DirectLineToken {
  if (typeof value === 'string' && value !== '') return { token: value };
  if (!isRecord(value) || typeof value.token !== 'string' || value.token === '') {
    throw new TransportError('invalid_response', `${source} must give a token: a string or { token, conversationId?, userId?, expires_in? }, received ${describeValue(value)}.`, {
      retryable: false,
    });
  }
  const out: DirectLineToken = { token: value.token };
  if (typeof value.conversationId === 'string' && value.conversationId) out.conversationId = value.conversationId;
  if (typeof value.userId === 'string' && value.userId) out.userId = value.userId;
  if (typeof value.expires_in === 'number' && value.expires_in > 0) out.expires_in = value.expires_in;
  return out;
}

/** Reads a Direct Line `Conversation` object (start, reconnect, refresh answers). */
function readConversation(value: unknown, what: string): { conversationId?: string; token?: string; expiresIn?: number; streamUrl?: string } {
  if (!isRecord(value)) {
    throw new TransportError('invalid_response', `Direct Line answered ${what} with ${describeValue(value)} instead of a Conversation object.`, { retryable: false });
  }
  const out: { conversationId?: string; token?: string; expiresIn?: number; streamUrl?: string } = {};
  if (typeof value.conversationId === 'string' && value.conversationId) out.conversationId = value.conversationId;
  if (typeof value.token === 'string' && value.token) out.token = value.token;
  if (typeof value.expires_in === 'number' && value.expires_in > 0) out.expiresIn = value.expires_in;
  if (typeof value.streamUrl === 'string' && value.streamUrl) out.streamUrl = value.streamUrl;
  return out;
}

/**
 * A bot transport for Microsoft Bot Framework **Direct Line 3.0**. Secret-free: it takes a
 * token, or your server's token endpoint, and refuses a `secret`. It starts a
 * conversation, posts each message as an activity from a stable user id with
 * `channelData.clientActivityID` set to the message id, and receives activities over the
 * conversation's WebSocket stream (polling `GET …/activities?watermark=` when WebSockets
 * are unavailable). It refreshes the token at half its lifetime, reconnects the stream
 * with the last watermark so nothing is lost or repeated, and recognises the customer's
 * own echoed activities. Bot messages (text, suggested actions as quick replies, https
 * images and files, hero cards), typing, and the `handoff.initiate` event (as
 * `handoff-suggested` with the bot's `handoffContext`) reach the chat.
 *
 * @example
 * const bot = createDirectLineTransport({ tokenUrl: '/api/directline/token' })
 * createChat({ bot, human })
 */
export function createDirectLineTransport(options: DirectLineTransportOptions): Transport {
  checkOptionsObject('createDirectLineTransport', options as unknown);
  for (const key of Object.keys(options)) if (/secret/i.test(key)) throw secretRefused(key);
  checkKnownOptions('createDirectLineTransport', options, KNOWN);
  const { token: tokenOption, tokenUrl: tokenUrlOption, headers, timeoutMs, retry, fetch, maxResponseBytes, env: envOption } = options;
  if (tokenOption === undefined && tokenUrlOption === undefined) {
    throw new ConfigError('token', 'a token or tokenUrl', undefined, 'createDirectLineTransport needs "token" (a Direct Line token) or "tokenUrl" (your server endpoint that returns one).');
  }
  if (tokenOption !== undefined && typeof tokenOption !== 'function' && (typeof tokenOption !== 'string' || tokenOption === '')) {
    throw new ConfigError('token', 'a non-empty token string or a function returning one', tokenOption);
  }
  const tokenUrl = tokenUrlOption === undefined ? undefined : checkUrlOption('tokenUrl', tokenUrlOption, ['http', 'https']);
  const domainOption = options.domain ?? DEFAULT_DOMAIN;
  checkUrlOption('domain', domainOption, ['http', 'https']);
  const domain = (domainOption as string).replace(/\/+$/, '');
  const { userId: userIdOption } = options;
  if (userIdOption !== undefined && typeof userIdOption !== 'function' && (typeof userIdOption !== 'string' || userIdOption === '')) {
    throw new ConfigError('userId', 'a non-empty string or a function of the session', userIdOption);
  }
  const mode = options.stream ?? 'auto';
  if (mode !== 'auto' && mode !== 'websocket' && mode !== 'polling') throw new ConfigError('stream', '"auto", "websocket" or "polling"', mode);
  const pollIntervalMs = checkCount('pollIntervalMs', options.pollIntervalMs, 1000, 100, 600_000);
  const Socket = checkFunction<WebSocketConstructor>('WebSocket', options.WebSocket);
  const reconnect = checkBackoff('reconnect', options.reconnect, { baseMs: 500, maxMs: 30_000 });
  const connectTimeoutMs = checkCount('connectTimeoutMs', options.connectTimeoutMs, 10_000, 1, 600_000);
  const { storage } = options;
  if (
    storage !== undefined &&
    (typeof storage !== 'object' || storage === null || typeof storage.getItem !== 'function' || typeof storage.setItem !== 'function' || typeof storage.removeItem !== 'function')
  ) {
    throw new ConfigError('storage', 'an object with getItem, setItem and removeItem, like sessionStorage', storage);
  }
  const shared = { timeoutMs, retry, fetch, maxResponseBytes, env: envOption };
  const siteOptions = normalizeHttpOptions({ ...shared, headers: headers as HeadersOption | undefined });
  const { env } = siteOptions;
  const site = createHttpClient(siteOptions, 'the Direct Line token endpoint');
  const directLine = createHttpClient(normalizeHttpOptions(shared), 'Direct Line');
  // Activity posts are not retried here: a retry could post twice. The chat's outbox
  // retries later, by when the first attempt's echo shows whether it arrived.
  const posts = createHttpClient(normalizeHttpOptions({ ...shared, retry: false }), 'Direct Line');
  const timers = createTimerSet(env);

  const actions: QuickReplyActions = new Map();
  const seen = createSeenIds(2000);
  /** Message ids Direct Line accepted. */
  const delivered = createSeenIds();
  /** Message ids seen echoed back: an earlier attempt reached the bot even if its answer was lost. */
  const echoed = createSeenIds();
  /** Ids of messages being posted right now, so their echo is recognised before the POST answers. */
  const pending = new Set<string>();
  const store = createDirectLineStore(storage, env.now);
  let run: Run | undefined;

  const live = (r: Run): boolean => !r.stopped && run === r;
  const emitFrom = (r: Run, event: Parameters<Emit>[0]): void => {
    if (live(r)) r.emit(event);
  };
  const setState = (r: Run, state: ConnectionState): void => {
    if (r.state === state) return;
    r.state = state;
    emitFrom(r, { type: 'connection', state });
  };
  const auth = (line: Line): Record<string, string> => ({ authorization: `Bearer ${line.token}` });
  const save = (r: Run): void => {
    if (r.line) store.save(r.session.conversationId, r.line);
  };
  const forget = (r: Run): void => store.forget(r.session.conversationId);
  const restore = (r: Run): Line | undefined => store.restore(r.session.conversationId);

  const obtainToken = async (r: Run, userId: string): Promise<DirectLineToken> => {
    if (typeof tokenOption === 'string') return { token: tokenOption };
    if (typeof tokenOption === 'function') {
      let value: unknown;
      try {
        value = await tokenOption(r.session);
      } catch (error) {
        throw new TransportError('token_failed', `The token function failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      return readToken(value, 'The token function');
    }
    const target = await resolveUrl(tokenUrl as UrlOption, r.session);
    const response = await site.json({ method: 'POST', url: target, session: r.session, json: { userId }, signal: r.controller.signal });
    return readToken(response.body, 'The token endpoint');
  };

  const defaultUserId = (session: TransportSession): string => {
    const value = typeof userIdOption === 'function' ? userIdOption(session) : (userIdOption ?? `dl_${session.conversationId}`);
    if (typeof value !== 'string' || value === '') throw new TransportError('map_failed', `userId must be a non-empty string, got ${describeValue(value)}.`, { retryable: false });
    return value;
  };

  /** A fresh conversation: a token, then `POST /conversations`. */
  const startLine = async (r: Run): Promise<Line> => {
    const wanted = defaultUserId(r.session);
    const granted = await obtainToken(r, wanted);
    // A token function cannot be aborted: a conversation is not started for a transport closed meanwhile.
    if (!live(r)) throw new TransportError('closed', 'The Direct Line transport was closed.');
    const started = await directLine.json({
      method: 'POST',
      url: `${domain}/conversations`,
      session: r.session,
      extraHeaders: { authorization: `Bearer ${granted.token}` },
      signal: r.controller.signal,
    });
    const conversation = readConversation(started.body, 'Start Conversation');
    const conversationId = conversation.conversationId ?? granted.conversationId;
    if (!conversationId) throw new TransportError('invalid_response', 'Direct Line started a conversation without a conversationId.', { retryable: false });
    const now = env.now();
    const expiresIn = conversation.expiresIn ?? granted.expires_in;
    return {
      conversationId,
      token: conversation.token ?? granted.token,
      expiresAt: expiresIn === undefined ? undefined : now + expiresIn * 1000,
      issuedAt: now,
      userId: granted.userId ?? wanted,
      watermark: undefined,
      streamUrl: conversation.streamUrl,
      streamUrlAt: now,
    };
  };

  /** A new token for the line (refreshed, or handed out on reconnect): kept, and its refresh planned anew. */
  const renewToken = (r: Run, line: Line, token: string, expiresIn: number | undefined): void => {
    if (token === line.token && expiresIn === undefined) return;
    const now = env.now();
    // Without a stated lifetime, a new token is assumed to live as long as the one it replaces.
    const lifetime = expiresIn !== undefined ? expiresIn * 1000 : line.expiresAt === undefined ? undefined : line.expiresAt - line.issuedAt;
    line.token = token;
    line.issuedAt = now;
    line.expiresAt = lifetime === undefined ? undefined : now + lifetime;
    save(r);
    scheduleRefresh(r);
  };

  /** Refreshes at half the token's lifetime; failures retry with backoff until it expires. One timer per run. */
  const scheduleRefresh = (r: Run, attempt = 0): void => {
    timers.clear(r.refreshTimer);
    const line = r.line;
    if (!line?.expiresAt || !live(r)) return;
    const lifetime = line.expiresAt - line.issuedAt;
    const due = attempt === 0 ? line.issuedAt + lifetime / 2 : env.now() + backoffDelay(attempt, env.random, { baseMs: 5000, maxMs: 60_000 });
    if (due >= line.expiresAt) return;
    r.refreshTimer = timers.set(() => {
      void (async () => {
        if (!live(r) || r.line !== line) return;
        try {
          const answer = await directLine.json({ method: 'POST', url: `${domain}/tokens/refresh`, session: r.session, extraHeaders: auth(line), signal: r.controller.signal });
          const refreshed = readConversation(answer.body, 'Refresh Token');
          if (!refreshed.token) throw new TransportError('invalid_response', 'Direct Line refreshed the token without a token.', { retryable: false });
          if (!live(r) || r.line !== line) return;
          renewToken(r, line, refreshed.token, refreshed.expiresIn);
        } catch (raw) {
          if (!live(r) || r.line !== line) return;
          const error = toTransportError(raw, 'refresh_failed');
          emitFrom(r, { type: 'error', error });
          if (isAuthError(error)) r.tokenRefused = true;
          else if (error.retryable) scheduleRefresh(r, attempt + 1);
        }
      })();
    }, Math.max(0, due - env.now()));
  };

  /** Handles an ActivitySet from the stream or a poll: de-duplicates, drops echoes, keeps the watermark. */
  const receive = (r: Run, set: unknown): unknown[] => {
    const line = r.line;
    if (!line) return [];
    if (!isRecord(set) || !Array.isArray(set.activities)) {
      return [{ type: 'error', code: 'invalid_event', message: `Direct Line sent ${describeValue(set)} instead of an ActivitySet.` }];
    }
    const events: unknown[] = [];
    for (const activity of set.activities) {
      if (!isRecord(activity)) continue;
      const id = typeof activity.id === 'string' ? activity.id : undefined;
      if (id !== undefined && !seen.add(id)) continue;
      const clientId = isRecord(activity.channelData) && typeof activity.channelData.clientActivityID === 'string' ? activity.channelData.clientActivityID : undefined;
      const from = isRecord(activity.from) ? activity.from.id : undefined;
      if (from === line.userId || (clientId !== undefined && (delivered.has(clientId) || pending.has(clientId)))) {
        if (clientId !== undefined) echoed.add(clientId);
        continue;
      }
      events.push(...activityToEvents(activity, { userId: line.userId, actions }));
    }
    // "If the watermark is null or missing, ignore it and keep the prior one."
    if (typeof set.watermark === 'string' && set.watermark !== '') {
      line.watermark = set.watermark;
      save(r);
    }
    return events;
  };

  /** A stream URL: the one from starting the conversation while fresh, else a new one resuming at the watermark. */
  const nextStreamUrl = async (r: Run): Promise<string> => {
    const line = r.line;
    if (!line) throw new TransportError('closed', 'The Direct Line transport was closed.');
    if (line.streamUrl && env.now() - line.streamUrlAt < STREAM_URL_LIFETIME_MS) {
      const url = line.streamUrl;
      line.streamUrl = undefined;
      return url;
    }
    const query = line.watermark ? `?watermark=${encodeURIComponent(line.watermark)}` : '';
    try {
      const answer = await directLine.json({
        method: 'GET',
        url: `${domain}/conversations/${encodeURIComponent(line.conversationId)}${query}`,
        session: r.session,
        extraHeaders: auth(line),
        signal: r.controller.signal,
      });
      const info = readConversation(answer.body, 'Reconnect');
      if (!info.streamUrl) throw new TransportError('invalid_response', 'Direct Line gave no streamUrl to reconnect with.', { retryable: false });
      // A token handed out here replaces the old one: kept (a reload needs it) and refreshed on its own clock.
      if (info.token && live(r) && r.line === line) renewToken(r, line, info.token, info.expiresIn);
      return info.streamUrl;
    } catch (error) {
      if (isAuthError(error)) r.tokenRefused = true;
      throw error;
    }
  };

  const openSocket = async (r: Run, Ctor: WebSocketConstructor): Promise<void> => {
    const socket = createWebSocketTransport({
      url: () => nextStreamUrl(r),
      WebSocket: Ctor,
      kind: 'directline',
      // The stream is receive-only; Direct Line ignores what clients send on it.
      encode: () => undefined,
      decode: (data) => {
        if (typeof data !== 'string') throw new TransportError('invalid_frame', 'Direct Line sent a binary frame.', { retryable: false });
        // Empty messages are Direct Line's keep-alives.
        if (data.trim() === '') return undefined;
        return receive(r, parseJson(data, 'The Direct Line stream', false));
      },
      acks: false,
      // Direct Line never answers pings; its own keep-alives and close frames tell us about the connection.
      heartbeatIntervalMs: 0,
      connectTimeoutMs,
      reconnect,
      // A second stream for the same conversation is closed with "collision": reconnecting would fight it.
      shouldReconnect: (code, reason) => !/collision/i.test(reason) && code !== 1008 && !(code >= 4400 && code <= 4499),
      env,
    });
    r.socket = socket;
    let lastError: TransportError | undefined;
    await socket.connect((event) => {
      if (!live(r) || r.socket !== socket) return;
      if (event.type === 'connection') {
        // The stream gave up: a refused token starts a new conversation; anything else ends this run.
        if (event.state === 'closed' || event.state === 'offline') {
          if (r.tokenRefused) return void recover(r);
          return giveUp(r, lastError ?? new TransportError('connection_lost', 'The Direct Line stream ended.'), false);
        }
        setState(r, event.state);
        return;
      }
      if (event.type === 'error') lastError = toTransportError(event.error);
      r.emit(event);
    }, r.session);
  };

  const stopReceiving = (r: Run): void => {
    const socket = r.socket;
    r.socket = undefined;
    r.polling = false;
    timers.clear(r.pollTimer);
    void socket?.close();
  };

  const schedulePoll = (r: Run, ms: number): void => {
    timers.clear(r.pollTimer);
    r.pollTimer = timers.set(() => void poll(r), ms);
  };

  const poll = async (r: Run): Promise<void> => {
    const line = r.line;
    if (!live(r) || !r.polling || !line) return;
    const query = line.watermark ? `?watermark=${encodeURIComponent(line.watermark)}` : '';
    let body: unknown;
    try {
      body = (
        await directLine.json({
          method: 'GET',
          url: `${domain}/conversations/${encodeURIComponent(line.conversationId)}/activities${query}`,
          session: r.session,
          extraHeaders: auth(line),
          signal: r.controller.signal,
        })
      ).body;
    } catch (raw) {
      if (!live(r) || !r.polling) return;
      const error = toTransportError(raw);
      if (isAuthError(error)) {
        r.tokenRefused = true;
        return void recover(r);
      }
      if (!error.retryable) return giveUp(r, error);
      r.pollFailures++;
      if (r.pollFailures === 1) emitFrom(r, { type: 'error', error });
      setState(r, 'reconnecting');
      schedulePoll(r, backoffDelay(r.pollFailures, env.random, reconnect));
      return;
    }
    if (!live(r) || !r.polling) return;
    r.pollFailures = 0;
    setState(r, 'online');
    const events = receive(r, body);
    emitValidated(events, (event) => emitFrom(r, event), 'activities');
    // "Page through the available activities by advancing the watermark until none are returned."
    const more = isRecord(body) && Array.isArray(body.activities) && body.activities.length > 0;
    schedulePoll(r, more ? 0 : pollIntervalMs);
  };

  const startPolling = async (r: Run): Promise<void> => {
    r.polling = true;
    r.pollFailures = 0;
    await poll(r);
  };

  const startReceiving = async (r: Run): Promise<void> => {
    const Ctor = Socket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (mode === 'polling' || (mode === 'auto' && !Ctor)) return startPolling(r);
    if (!Ctor) throw new TransportError('unsupported', 'This runtime has no WebSocket; pass the WebSocket option or stream: "polling".', { retryable: false });
    try {
      await openSocket(r, Ctor);
    } catch (error) {
      if (mode === 'websocket' || !live(r) || isAuthError(error) || r.tokenRefused) throw error;
      // Proxies and some networks block WebSockets: poll instead.
      r.socket?.close();
      r.socket = undefined;
      emitFrom(r, { type: 'error', error: new TransportError('stream_unavailable', `The Direct Line stream could not be opened (${(error as Error).message}); polling instead.`, { cause: error }) });
      await startPolling(r);
    }
  };

  /** Starts (or resumes) the conversation and starts receiving. */
  const establish = async (r: Run): Promise<void> => {
    r.tokenRefused = false;
    const restored = restore(r);
    r.line = restored ?? (await startLine(r));
    if (!live(r)) return;
    save(r);
    scheduleRefresh(r);
    try {
      await startReceiving(r);
    } catch (error) {
      // A kept token Direct Line no longer accepts (revoked, or expired early): start afresh.
      if (!restored || !live(r) || !(isAuthError(error) || r.tokenRefused)) throw error;
      stopReceiving(r);
      forget(r);
      r.tokenRefused = false;
      r.line = await startLine(r);
      if (!live(r)) return;
      save(r);
      scheduleRefresh(r);
      await startReceiving(r);
    }
  };

  /**
   * Ends this run for good: receiving stops, every send rejects at once (retryable: the
   * next `connect()` starts over, from the kept conversation or a new one), and `closed`
   * tells the chat to call `connect()` when it needs the bot again.
   */
  const giveUp = (r: Run, error: TransportError, report = true): void => {
    if (!live(r) || r.gaveUp) return;
    r.gaveUp = new TransportError(error.code, `${error.message} The bot is reached again on the next connect.`, {
      cause: error,
      retryable: true,
      ...(error.status === undefined ? {} : { status: error.status }),
    });
    stopReceiving(r);
    timers.clear(r.refreshTimer);
    timers.clear(r.recoverTimer);
    if (report) emitFrom(r, { type: 'error', error });
    setState(r, 'closed');
  };

  /**
   * The token was refused (expired while the page slept, or revoked): a new token cannot
   * join the old conversation, so a new one starts. The chat keeps showing what was said;
   * the bot no longer knows it, which the error event says. A failed attempt (the token
   * endpoint briefly down) is tried again with backoff, and at once when a message is
   * sent; one that cannot succeed ends the run. Never rejects.
   */
  const recover = (r: Run): Promise<void> => {
    if (r.recovering) return r.recovering;
    if (!live(r) || r.gaveUp) return Promise.resolve();
    timers.clear(r.recoverTimer);
    const attempt = async (): Promise<void> => {
      if (r.recoverAttempts === 0) {
        emitFrom(r, {
          type: 'error',
          error: new TransportError('token_expired', 'The Direct Line token was refused (expired or revoked); starting a new conversation with the bot, which does not remember the earlier messages.'),
        });
        stopReceiving(r);
        forget(r);
        r.line = undefined;
        setState(r, 'reconnecting');
      }
      r.recoverAttempts++;
      try {
        await establish(r);
        if (live(r) && r.tokenRefused) {
          // Refused again at once (a poll does not throw): do not resume that line next time.
          forget(r);
          r.line = undefined;
          throw new TransportError('unauthorized', 'Direct Line refused the new token as well.', { retryable: true });
        }
        if (live(r)) r.recoverAttempts = 0;
      } catch (raw) {
        if (!live(r)) return;
        const error = toTransportError(raw, 'connect_failed');
        stopReceiving(r);
        if (!error.retryable) return giveUp(r, error);
        // One report per outage, not one per attempt.
        if (r.recoverAttempts === 1) emitFrom(r, { type: 'error', error });
        r.recoverTimer = timers.set(() => void recover(r), backoffDelay(r.recoverAttempts, env.random, reconnect));
      }
    };
    // Started on the next tick, so anything the attempt sets off sees it already under way.
    const recovering = Promise.resolve()
      .then(attempt)
      .finally(() => {
        if (r.recovering === recovering) r.recovering = undefined;
      });
    r.recovering = recovering;
    return recovering;
  };

  const stop = (): void => {
    const r = run;
    run = undefined;
    if (!r) return;
    r.stopped = true;
    r.controller.abort();
    stopReceiving(r);
    timers.clearAll();
    site.abortAll();
    directLine.abortAll();
    posts.abortAll();
  };

  const post = async (r: Run, message: Parameters<Transport['send']>[0]): Promise<unknown> => {
    await r.ready;
    if (r.recovering) await r.recovering;
    // A recovery waiting for its next try: the customer sending is the moment to try now.
    if (!r.line && live(r) && !r.gaveUp) await recover(r);
    if (!live(r)) throw new TransportError('closed', 'The Direct Line transport was closed.');
    if (r.gaveUp) throw r.gaveUp;
    const line = r.line;
    if (!line) throw new TransportError('reconnecting', 'The conversation with the bot is being started again; the message is sent once it is ready.', { retryable: true });
    const answer = await posts.json({
      method: 'POST',
      url: `${domain}/conversations/${encodeURIComponent(line.conversationId)}/activities`,
      session: r.session,
      json: outgoingActivity(message, r.session, line.userId, actions),
      extraHeaders: auth(line),
      signal: r.controller.signal,
    });
    return answer.body;
  };

  return {
    kind: 'directline',
    async connect(emit, session) {
      if (run && !run.stopped && run.session.conversationId === session.conversationId && !run.gaveUp) {
        run.emit = emit;
        run.session = session;
        return run.ready;
      }
      stop();
      const r: Run = {
        emit,
        session,
        stopped: false,
        controller: new AbortController(),
        line: undefined,
        ready: Promise.resolve(),
        socket: undefined,
        polling: false,
        pollTimer: undefined,
        pollFailures: 0,
        state: undefined,
        tokenRefused: false,
        recovering: undefined,
        recoverAttempts: 0,
        recoverTimer: undefined,
        refreshTimer: undefined,
        gaveUp: undefined,
      };
      run = r;
      r.ready = establish(r).catch((error: unknown) => {
        if (run === r) stop();
        throw toTransportError(error, 'connect_failed');
      });
      return r.ready;
    },
    async send(message): Promise<SendReceipt | void> {
      const r = run;
      if (!r || r.stopped) throw new TransportError('not_connected', 'The Direct Line transport is not connected.');
      if (delivered.has(message.id) || echoed.has(message.id)) return;
      if (r.gaveUp) throw r.gaveUp;
      pending.add(message.id);
      let body: unknown;
      try {
        body = await post(r, message).catch(async (error: unknown) => {
          if (!isAuthError(error) || !live(r)) throw error;
          r.tokenRefused = true;
          await recover(r);
          return post(r, message);
        });
      } finally {
        pending.delete(message.id);
      }
      delivered.add(message.id);
      // Microsoft's advice for polling clients: look again shortly after sending, for the reply.
      if (r.polling && live(r)) schedulePoll(r, 300);
      return isRecord(body) && typeof body.id === 'string' ? { serverId: body.id } : undefined;
    },
    close() {
      stop();
    },
  };
}
