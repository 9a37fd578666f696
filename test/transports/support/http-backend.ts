/**
 * A test backend that follows the default wire formats (docs/transports.md): REST
 * sends with Idempotency-Key de-duplication, an SSE event stream with Last-Event-ID
 * replay, and the HTTP handoff endpoints. Its state survives `restart()`, like a
 * real server with a database, and faults can be scheduled per request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TransportEvent } from '../../../src/core/contract';

export type Fault =
  /** Answer with this status before processing (the message is not taken). */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Process the message, then answer 200 with this raw body and content type. */
  | { kind: 'raw'; body: string; contentType?: string; status?: number }
  /** Process the message, then cut the connection halfway through the JSON answer. */
  | { kind: 'truncate' }
  /** Process the message (or not), then never answer. */
  | { kind: 'hang'; process?: boolean };

export interface Accepted {
  id: string;
  text: string;
  conversationId: string;
  quickReply?: { title: string; payload?: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

interface StoredEvent {
  seq: number;
  event: TransportEvent;
}

export interface HttpBackendOptions {
  /** Where replies go: in the POST response (`rest`) or onto the event stream (`sse`). Default `rest`. */
  replies?: 'rest' | 'sse';
  /** What the bot answers. Default: `echo: <text>`. Return [] to stay silent. */
  reply?: (message: Accepted) => TransportEvent[];
}

export interface HttpBackend {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `<origin>/chat` */
  readonly chatUrl: string;
  readonly requests: RecordedRequest[];
  /** Accepted messages, once per id, in order. */
  readonly accepted: Accepted[];
  readonly handoffs: Array<{ id: string; conversationId: string; body: unknown }>;
  readonly posts: Record<'cancel' | 'end' | 'rating' | 'offline', unknown[]>;
  /** Faults applied to the next POST /chat requests, one each. */
  readonly faults: Fault[];
  /** Faults applied to the next GET /chat/events requests: cut after this many events (partial: mid-event). */
  readonly streamFaults: Array<{ afterEvents: number; partial?: boolean } | { status: number; contentType?: string }>;
  /** 'retryable' answers 503 and 'fatal' 400 to every send and handoff until set back to 'none'. */
  failMode: 'none' | 'retryable' | 'fatal';
  /** The next this many sends and handoffs answer `failStatus` (before `failMode` is looked at). */
  failNext: number;
  /** What `failNext` answers with. Default 503. */
  failStatus: number;
  /** Replies used (once) for the next accepted messages instead of `reply`. */
  readonly replyQueue: TransportEvent[][];
  availability: { available: boolean; etaSeconds?: number };
  receipt: Record<string, unknown> | undefined;
  /** Adds events to a conversation's stream (and to the replay log). */
  push(conversationId: string, events: TransportEvent[]): void;
  /** Open event streams right now. */
  streamCount(conversationId?: string): number;
  /** Kills every connection (as a crash would) and stops listening, until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Kills every open connection (as a crash would) and starts again on the same port. */
  restart(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
};

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startHttpBackend(options: HttpBackendOptions = {}): Promise<HttpBackend> {
  const replies = options.replies ?? 'rest';
  const reply = options.reply ?? ((m: Accepted): TransportEvent[] => [{ type: 'message', message: { id: `r_${m.id}`, text: `echo: ${m.text}` } }]);
  const stored = new Map<string, { status: number; body: unknown }>();
  const log = new Map<string, StoredEvent[]>();
  type Stream = { res: ServerResponse; fault?: { afterEvents: number; partial?: boolean }; written: number; dead?: boolean };
  const streams = new Map<string, Set<Stream>>();
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;

  const backend: HttpBackend = {
    origin: '',
    chatUrl: '',
    requests: [],
    accepted: [],
    handoffs: [],
    posts: { cancel: [], end: [], rating: [], offline: [] },
    faults: [],
    failStatus: 503,
    streamFaults: [],
    failMode: 'none',
    failNext: 0,
    replyQueue: [],
    availability: { available: true, etaSeconds: 60 },
    receipt: undefined,
    push(conversationId, events) {
      const entries = log.get(conversationId) ?? [];
      log.set(conversationId, entries);
      for (const event of events) {
        const entry = { seq: entries.length + 1, event };
        entries.push(entry);
        for (const stream of streams.get(conversationId) ?? []) writeEvent(stream, entry);
      }
    },
    streamCount(conversationId) {
      if (conversationId) return streams.get(conversationId)?.size ?? 0;
      let n = 0;
      for (const set of streams.values()) n += set.size;
      return n;
    },
    down: () => stop(),
    up: () => listen(),
    async restart(downMs = 0) {
      await stop();
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      await listen();
    },
    close: () => stop(),
  };

  function writeEvent(stream: Stream, entry: StoredEvent): void {
    if (stream.dead) return;
    const text = `id: ${entry.seq}\ndata: ${JSON.stringify(entry.event)}\n\n`;
    if (stream.fault && stream.written >= stream.fault.afterEvents) {
      // The connection dies here, once what was written so far is on the wire;
      // with `partial`, half of this event gets out first.
      stream.dead = true;
      stream.res.write(stream.fault.partial ? text.slice(0, Math.floor(text.length / 2)) : '', () => stream.res.socket?.destroy());
      return;
    }
    stream.written++;
    stream.res.write(text);
  }

  /** Stores the reply for the Idempotency-Key and returns it. */
  const processMessage = (key: string, body: { conversationId?: unknown; message?: { id?: unknown; text?: unknown; quickReply?: Accepted['quickReply'] } }) => {
    const previous = stored.get(key);
    if (previous) return previous;
    const m: Accepted = { id: String(body.message?.id), text: String(body.message?.text), conversationId: String(body.conversationId) };
    if (body.message?.quickReply) m.quickReply = body.message.quickReply;
    backend.accepted.push(m);
    const events = backend.replyQueue.shift() ?? reply(m);
    let answer: { status: number; body: unknown };
    if (replies === 'sse') {
      backend.push(m.conversationId, events);
      answer = { status: 202, body: undefined };
    } else {
      const messages = events.filter((e) => e.type === 'message').map((e) => (e as { message: unknown }).message);
      // Only messages: the `messages` form; anything else: the `events` form, which keeps the order.
      answer = { status: 200, body: messages.length === events.length ? { messages } : { events } };
    }
    stored.set(key, answer);
    return answer;
  };

  const failNow = (res: ServerResponse): boolean => {
    if (backend.failNext > 0) {
      backend.failNext--;
      json(res, backend.failStatus, { error: 'busy' });
    } else if (backend.failMode === 'retryable') json(res, 503, { error: 'busy' });
    else if (backend.failMode === 'fatal') json(res, 400, { error: 'refused' });
    else return false;
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = req.method === 'POST' ? await readBody(req).catch(() => '<unparsable>') : undefined;
    backend.requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, body });
    const key = req.headers['idempotency-key'];

    if (req.method === 'POST' && url.pathname === '/chat') {
      if (typeof key !== 'string') return json(res, 400, { error: 'Idempotency-Key required' });
      const fault = backend.faults.shift();
      if (fault?.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? '{"error":"fault"}');
        return;
      }
      if (fault?.kind === 'hang' && !fault.process) return; // never answer
      if (failNow(res)) return;
      const answer = processMessage(key, body as never);
      if (fault?.kind === 'hang') return;
      if (fault?.kind === 'raw') {
        res.writeHead(fault.status ?? 200, { 'content-type': fault.contentType ?? 'application/json' });
        res.end(fault.body);
        return;
      }
      if (fault?.kind === 'truncate') {
        const text = JSON.stringify(answer.body ?? { messages: [] });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      }
      return json(res, answer.status, answer.body);
    }

    if (req.method === 'GET' && url.pathname === '/chat/events') {
      const conversationId = url.searchParams.get('conversationId') ?? '';
      const fault = backend.streamFaults.shift();
      if (fault && 'status' in fault) {
        res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'text/event-stream' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': connected\n\n');
      const stream: Stream = { res, written: 0, ...(fault ? { fault } : {}) };
      const set = streams.get(conversationId) ?? new Set();
      streams.set(conversationId, set);
      set.add(stream);
      req.on('close', () => set.delete(stream));
      const after = Number(req.headers['last-event-id'] ?? 0);
      for (const entry of log.get(conversationId) ?? []) if (entry.seq > after) writeEvent(stream, entry);
      return;
    }

    if (req.method === 'POST' && url.pathname === '/handoff') {
      if (failNow(res)) return;
      const b = body as { conversationId: string; request: { id: string } };
      if (typeof key !== 'string' || key !== b.request?.id) return json(res, 400, { error: 'Idempotency-Key must be the request id' });
      if (!backend.handoffs.some((h) => h.id === key)) backend.handoffs.push({ id: key, conversationId: b.conversationId, body });
      return json(res, 200, backend.receipt ?? { status: 'queued', position: 2, etaSeconds: 90 });
    }

    const simple = { '/handoff/cancel': 'cancel', '/end': 'end', '/rating': 'rating', '/offline': 'offline' } as const;
    if (req.method === 'POST' && url.pathname in simple) {
      if (failNow(res)) return;
      backend.posts[simple[url.pathname as keyof typeof simple]].push(body);
      res.writeHead(204);
      res.end();
      return;
    }

    if (req.method === 'GET' && url.pathname === '/availability') return json(res, 200, backend.availability);

    json(res, 404, { error: 'not found' });
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server = createServer((req, res) => {
        handle(req, res).catch((error: unknown) => {
          if (!res.headersSent) json(res, 500, { error: String(error) });
        });
      });
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });

  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      streams.clear();
      server.close(() => resolve());
    });

  await listen();
  Object.assign(backend, { origin: `http://127.0.0.1:${port}`, chatUrl: `http://127.0.0.1:${port}/chat` });
  return backend;
}
