/**
 * A fake Direct Line 3.0 service following Microsoft's API reference: every call needs
 * `Authorization: Bearer <token>` (403 with `{ error: { code: 'TokenExpired' } }` for an
 * expired one); `POST /v3/directline/conversations` answers 201 with a Conversation
 * (`conversationId`, `token`, `expires_in`, `streamUrl`); `POST …/tokens/refresh`;
 * `GET …/conversations/{id}?watermark=` gives a new stream URL; `GET …/activities?watermark=`
 * an ActivitySet (no typing); `POST …/activities` answers `{ id }` and echoes the activity,
 * channelData untouched, to the stream. The stream URL is preauthorised, single use, and
 * replays from its watermark; each frame is an ActivitySet, and empty frames are keep-alives.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { applyFault, json, startTestServer, type Fault, type TestServer } from './http-server';

export interface Activity {
  type: string;
  id?: string;
  from?: { id: string; name?: string; role?: string };
  text?: string;
  [field: string]: unknown;
}

/** An activity before the service gives it an id (and, for the bot's, a sender). */
export interface ActivityInput {
  type: string;
  [field: string]: unknown;
}

interface Conversation {
  id: string;
  activities: Activity[];
  sockets: Set<WebSocket>;
}

export interface DirectLineServer extends TestServer {
  /** `http://127.0.0.1:<port>/v3/directline`, for the `domain` option. */
  readonly domain: string;
  /** The Direct Line secret `POST /tokens/generate` accepts. */
  readonly secret: string;
  /** Issues a token, as `POST /tokens/generate` does for a site's server. */
  issueToken(options?: { userId?: string; expiresInS?: number }): { token: string; userId?: string; expires_in: number };
  /** Makes a token expire now. */
  expire(token: string): void;
  readonly conversations: Map<string, Conversation>;
  /** User activities the bot received, in order (duplicates included). */
  readonly received: Activity[];
  /** What the bot answers to a user activity. Default: `You said: <text>`. */
  bot: (activity: Activity) => Array<ActivityInput>;
  /** Faults for the next `POST /conversations` (start). */
  readonly startFaults: Fault[];
  /** Faults for the next `POST …/activities`; `after` processes the activity first (the answer is lost). */
  readonly postFaults: Array<Fault | { kind: 'after'; status: number }>;
  failMode: 'none' | 'retryable' | 'fatal';
  /** Stream upgrades are refused while true (a proxy that blocks WebSockets). */
  refuseStreams: boolean;
  /** While true, `GET …/conversations/{id}` (reconnect) hands out a new token, as Direct Line may. */
  reconnectTokens: boolean;
  /**
   * `POST <origin>/site/token` plays the site's own token endpoint: it requires the header
   * `x-site-session: ok` and issues a token for the `userId` in the body.
   */
  readonly tokenUrl: string;
  /** Every request path with its Authorization header, in order. */
  readonly calls: Array<{ method: string; path: string; auth: string | undefined }>;
  /** Sends bot activities to a conversation (stream and history). */
  push(conversationId: string, activities: Array<ActivityInput>): void;
  /** Cuts every open stream, as a network drop would. */
  dropStreams(): void;
  /** Closes every open stream with this code and reason. */
  closeStreams(code: number, reason: string): void;
  /** Open streams of a conversation (all when omitted). */
  streamCount(conversationId?: string): number;
  /** Sends an empty keep-alive frame on every stream. */
  keepAlive(): void;
}

const BOT = { id: 'fern-bot', name: 'Fern', role: 'bot' };

export async function startDirectLineServer(): Promise<DirectLineServer> {
  const tokens = new Map<string, { expiresAt: number; userId?: string; conversationId?: string }>();
  const streamTokens = new Map<string, { conversationId: string; watermark: number; expiresAt: number }>();
  let counter = 0;
  let self!: DirectLineServer;

  const newToken = (conversationId: string | undefined, expiresInS: number, userId?: string): string => {
    const token = `tok_${++counter}_${Math.random().toString(36).slice(2, 10)}`;
    tokens.set(token, { expiresAt: Date.now() + expiresInS * 1000, ...(userId ? { userId } : {}), ...(conversationId ? { conversationId } : {}) });
    return token;
  };

  const watermarkOf = (n: number): string => `wm-${n}`;
  const parseWatermark = (value: string | null): number => {
    const match = /^wm-(\d+)$/.exec(value ?? '');
    return match ? Number(match[1]) : 0;
  };

  const streamUrl = (conversationId: string, watermark: number): string => {
    const t = `st_${++counter}_${Math.random().toString(36).slice(2, 10)}`;
    streamTokens.set(t, { conversationId, watermark, expiresAt: Date.now() + 60_000 });
    return `ws://127.0.0.1:${self.port}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?t=${t}&watermark=${watermarkOf(watermark)}`;
  };

  const append = (conversation: Conversation, activity: ActivityInput): Activity => {
    const n = conversation.activities.length + 1;
    const stored: Activity = {
      ...activity,
      id: `${conversation.id}|${String(n).padStart(7, '0')}`,
      channelId: 'directline',
      conversation: { id: conversation.id },
      timestamp: new Date(Date.UTC(2024, 0, 1, 12, 0, n)).toISOString(),
    };
    // Typing reaches streams only, as the API reference says.
    if (stored.type !== 'typing') conversation.activities.push(stored);
    const watermark = watermarkOf(conversation.activities.length);
    for (const socket of conversation.sockets) socket.send(JSON.stringify({ activities: [stored], watermark }));
    return stored;
  };

  const authorise = (req: IncomingMessage): { token: string; info: { expiresAt: number; userId?: string; conversationId?: string } } | { status: number; code: string } => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match) return { status: 401, code: 'Unauthorized' };
    const info = tokens.get(match[1] as string);
    if (!info) return { status: 403, code: 'BadArgument' };
    if (info.expiresAt <= Date.now()) return { status: 403, code: 'TokenExpired' };
    return { token: match[1] as string, info };
  };

  const server = await startTestServer((req, res, body, url) => {
    self.calls.push({ method: req.method ?? '', path: url.pathname + url.search, auth: req.headers.authorization });
    if (url.pathname === '/site/token') {
      if (req.headers['x-site-session'] !== 'ok') return json(res, 401, { error: 'not signed in' });
      const userId = (body as { userId?: unknown })?.userId;
      return json(res, 200, self.issueToken(typeof userId === 'string' ? { userId } : {}));
    }
    const path = url.pathname.replace(/^\/v3\/directline/, '');
    if (req.method === 'POST' && path === '/tokens/generate') {
      // What a site's server does with the secret; the body may embed a user id.
      if (req.headers.authorization !== `Bearer ${self.secret}`) return json(res, 403, { error: { code: 'BadArgument', message: 'Bad secret' } });
      const user = (body as { user?: { id?: unknown } } | undefined)?.user;
      return json(res, 200, self.issueToken(typeof user?.id === 'string' ? { userId: user.id } : {}));
    }
    const who = authorise(req);
    if ('status' in who) return json(res, who.status, { error: { code: who.code, message: 'Token is not valid' } });

    if (req.method === 'POST' && path === '/tokens/refresh') {
      const token = newToken(who.info.conversationId, 1800, who.info.userId);
      return json(res, 200, { conversationId: who.info.conversationId, token, expires_in: 1800 });
    }

    if (req.method === 'POST' && path === '/conversations') {
      const fault = self.startFaults.shift();
      if (applyFault(res, fault)) return;
      if (fault?.kind === 'raw') {
        res.writeHead(200, { 'content-type': fault.contentType ?? 'application/json' });
        res.end(fault.body);
        return;
      }
      const id = who.info.conversationId ?? `conv${++counter}`;
      const existed = self.conversations.has(id);
      if (!existed) self.conversations.set(id, { id, activities: [], sockets: new Set() });
      who.info.conversationId = id;
      return json(res, existed ? 200 : 201, { conversationId: id, token: who.token, expires_in: Math.round((who.info.expiresAt - Date.now()) / 1000), streamUrl: streamUrl(id, 0) });
    }

    const match = /^\/conversations\/([^/]+)(\/activities)?$/.exec(path);
    const conversation = match ? self.conversations.get(decodeURIComponent(match[1] as string)) : undefined;
    if (!match || !conversation) return json(res, 404, { error: { code: 'NotFound', message: 'Conversation not found' } });
    if (who.info.conversationId !== conversation.id) return json(res, 403, { error: { code: 'BadArgument', message: 'Token is for another conversation' } });

    if (req.method === 'GET' && !match[2]) {
      const token = self.reconnectTokens ? newToken(conversation.id, 1800, who.info.userId) : who.token;
      return json(res, 200, {
        conversationId: conversation.id,
        token,
        ...(self.reconnectTokens ? { expires_in: 1800 } : {}),
        streamUrl: streamUrl(conversation.id, parseWatermark(url.searchParams.get('watermark'))),
      });
    }
    if (req.method === 'GET' && match[2]) {
      const after = parseWatermark(url.searchParams.get('watermark'));
      return json(res, 200, { activities: conversation.activities.slice(after), watermark: watermarkOf(conversation.activities.length) });
    }
    if (req.method === 'POST' && match[2]) {
      const fault = self.postFaults.shift();
      if (fault && fault.kind !== 'after' && applyFault(res, fault)) return;
      if (self.failMode === 'retryable') return json(res, 502, { error: { code: 'BotError', message: 'Failed to send activity: bot returned an error' } });
      if (self.failMode === 'fatal') return json(res, 400, { error: { code: 'BadArgument', message: 'Refused' } });
      const activity = body as Activity;
      if (typeof activity?.type !== 'string' || typeof activity.from?.id !== 'string') {
        return json(res, 400, { error: { code: 'BadArgument', message: 'An activity needs a type and from.id' } });
      }
      // With a user id in the token, Direct Line forces it into from.id.
      const from = who.info.userId ? { ...activity.from, id: who.info.userId } : activity.from;
      const stored = append(conversation, { ...activity, from });
      self.received.push(stored);
      for (const reply of self.bot(stored)) append(conversation, { ...reply, from: BOT, replyToId: stored.id });
      if (fault?.kind === 'after') return json(res, fault.status, { error: { code: 'ServiceError', message: 'fault' } });
      return json(res, 200, { id: stored.id });
    }
    return json(res, 405, { error: { code: 'BadArgument', message: 'Method not allowed' } });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const grant = streamTokens.get(url.searchParams.get('t') ?? '');
    const match = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/.exec(url.pathname);
    if (self.refuseStreams || !grant || !match || grant.expiresAt < Date.now()) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    streamTokens.delete(url.searchParams.get('t') ?? ''); // single use
    const conversation = self.conversations.get(grant.conversationId);
    if (!conversation) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      conversation.sockets.add(ws);
      ws.on('close', () => conversation.sockets.delete(ws));
      const missed = conversation.activities.slice(grant.watermark);
      for (const [i, activity] of missed.entries()) ws.send(JSON.stringify({ activities: [activity], watermark: watermarkOf(grant.watermark + i + 1) }));
    });
  });

  self = Object.assign(server, {
    domain: `${server.origin}/v3/directline`,
    secret: 'test-direct-line-secret',
    issueToken({ userId, expiresInS = 1800 }: { userId?: string; expiresInS?: number } = {}) {
      return { token: newToken(undefined, expiresInS, userId), ...(userId ? { userId } : {}), expires_in: expiresInS };
    },
    expire(token: string) {
      const info = tokens.get(token);
      if (info) info.expiresAt = Date.now() - 1;
    },
    conversations: new Map<string, Conversation>(),
    received: [] as Activity[],
    bot: (activity: Activity) => [{ type: 'message', text: `You said: ${String(activity.text ?? '')}` }],
    startFaults: [] as Fault[],
    postFaults: [] as DirectLineServer['postFaults'],
    tokenUrl: `${server.origin}/site/token`,
    failMode: 'none' as DirectLineServer['failMode'],
    refuseStreams: false,
    reconnectTokens: false,
    calls: [] as DirectLineServer['calls'],
    push(conversationId: string, activities: Array<ActivityInput>) {
      const conversation = self.conversations.get(conversationId);
      if (!conversation) throw new Error(`no conversation ${conversationId}`);
      for (const activity of activities) append(conversation, { ...activity, from: BOT });
    },
    dropStreams() {
      for (const c of self.conversations.values()) for (const ws of c.sockets) ws.terminate();
    },
    closeStreams(code: number, reason: string) {
      for (const c of self.conversations.values()) for (const ws of c.sockets) ws.close(code, reason);
    },
    streamCount(conversationId?: string) {
      let n = 0;
      for (const c of self.conversations.values()) if (!conversationId || c.id === conversationId) n += [...c.sockets].filter((s) => s.readyState === s.OPEN).length;
      return n;
    },
    keepAlive() {
      for (const c of self.conversations.values()) for (const ws of c.sockets) ws.send('');
    },
  });
  const close = self.close;
  self.close = async () => {
    self.dropStreams();
    wss.close();
    await close();
  };
  return self;
}
