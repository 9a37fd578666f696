/**
 * Backends that say exactly what a test scripts, byte for byte: a REST endpoint, an
 * SSE event stream and a WebSocket server on 127.0.0.1. Unlike the well-behaved test
 * backends in test/transports/support, these exist to send broken and hostile data.
 * Each records what it received, once per Idempotency-Key / message id, like a real
 * backend would, so tests can prove nothing was processed twice.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One scripted HTTP answer. */
export interface RawAnswer {
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Written one byte at a time. */
  trickle?: boolean;
}

export interface RawHttpServer {
  /** `http://127.0.0.1:<port>/chat` */
  readonly chatUrl: string;
  readonly origin: string;
  /** Message ids accepted, once per Idempotency-Key. */
  readonly accepted: string[];
  /** Every request, retries included. */
  readonly requests: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  /** Answers for the next new messages' POSTs (after the message is accepted); then `{}` 200. */
  readonly answers: Array<RawAnswer & { sticky?: boolean }>;
  /** Raw text written to the event stream after the next accepted messages, one entry each. */
  readonly streamAfterPost: Array<string | Buffer>;
  /** How the next GET of the event stream is answered instead of a stream. */
  readonly streamAnswers: RawAnswer[];
  /** Writes to every open event stream; `trickle` writes one byte per tick. */
  stream(data: string | Buffer, trickle?: boolean): Promise<void>;
  openStreams(): number;
  close(): Promise<void>;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function write(res: ServerResponse, data: string | Buffer, trickle: boolean): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (!trickle) {
    res.write(bytes);
    return;
  }
  for (let i = 0; i < bytes.length; i++) {
    if (res.destroyed) return;
    res.write(bytes.subarray(i, i + 1));
    await tick();
  }
}

/**
 * Starts the REST + SSE server.
 *
 * @example const server = await startRawHttpServer(); server.answers.push({ body: '<html>', contentType: 'text/html' })
 */
export async function startRawHttpServer(): Promise<RawHttpServer> {
  const streams = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const seenKeys = new Set<string>();
  const sticky = new Map<string, RawAnswer & { sticky?: boolean }>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    raw.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === '/chat/events') {
      const scripted = raw.streamAnswers.shift();
      if (scripted) return answer(res, scripted);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': hello\n\n');
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }
    if (req.method === 'POST' && path === '/chat') {
      const key = String(req.headers['idempotency-key'] ?? '');
      const fresh = !seenKeys.has(key);
      let after: string | Buffer | undefined;
      if (fresh) {
        seenKeys.add(key);
        raw.accepted.push(key);
        after = raw.streamAfterPost.shift();
        const scripted = raw.answers.shift();
        if (scripted) sticky.set(key, scripted);
      }
      const scripted = sticky.get(key);
      if (scripted && !scripted.sticky) sticky.delete(key);
      await answer(res, scripted ?? { body: '{}', contentType: 'application/json' });
      if (after !== undefined) await raw.stream(after);
      return;
    }
    res.writeHead(404).end();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function answer(res: ServerResponse, a: RawAnswer): Promise<void> {
    const headers: Record<string, string> = { ...(a.contentType ? { 'content-type': a.contentType } : {}), ...a.headers };
    res.writeHead(a.status ?? 200, headers);
    if (a.body !== undefined) await write(res, a.body, a.trickle ?? false);
    res.end();
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const raw: RawHttpServer = {
    chatUrl: `${origin}/chat`,
    origin,
    accepted: [],
    requests: [],
    answers: [],
    streamAfterPost: [],
    streamAnswers: [],
    async stream(data, trickle = false) {
      await Promise.all([...streams].map((res) => write(res, data, trickle)));
    },
    openStreams: () => streams.size,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
  return raw;
}

export interface RawWsServer {
  readonly url: string;
  /** Message ids accepted, once each. */
  readonly accepted: string[];
  /**
   * What to do with the next new messages, one entry each: frames to send after the ack,
   * or `refuseWith`, a frame sent instead of an ack to every attempt. `$ID` becomes the message id.
   */
  readonly afterMessage: Array<{ frames: Array<string | Buffer>; refuseWith?: string }>;
  /** Every message frame received, retries included. */
  readonly attempts: string[];
  /** The URL of every WebSocket handshake. */
  readonly upgradeUrls: string[];
  /** Connections opened so far, and open now. */
  connections(): { opened: number; open: number };
  send(frame: string | Buffer): void;
  close(): Promise<void>;
}

/**
 * A WebSocket server speaking the default frames (docs/transports.md) only as far as a
 * test needs: it acks `message` frames by id and then sends whatever is scripted.
 *
 * @example const ws = await startRawWsServer(); ws.afterMessage.push({ frames: ['not json'] })
 */
export async function startRawWsServer(): Promise<RawWsServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const clients = new Set<WebSocket>();
  let opened = 0;
  const seen = new Set<string>();
  const refusals = new Map<string, string>();
  const server: RawWsServer = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/chat`,
    accepted: [],
    afterMessage: [],
    attempts: [],
    upgradeUrls: [],
    connections: () => ({ opened, open: clients.size }),
    send(frame) {
      for (const c of clients) c.send(frame);
    },
    close() {
      for (const c of clients) c.terminate();
      return new Promise((r) => wss.close(() => r()));
    },
  };
  wss.on('connection', (ws, req) => {
    opened++;
    server.upgradeUrls.push(req.url ?? '');
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data) => {
      let frame: { type?: string; id?: string };
      try {
        frame = JSON.parse(String(data)) as typeof frame;
      } catch {
        return;
      }
      if (frame.type === 'ping') return ws.send('{"type":"pong"}');
      if (frame.type !== 'message' || typeof frame.id !== 'string') return;
      const id = frame.id;
      server.attempts.push(id);
      const withId = (f: string | Buffer): string | Buffer => (typeof f === 'string' ? f.replaceAll('$ID', id) : f);
      if (!seen.has(id)) {
        seen.add(id);
        const script = server.afterMessage.shift();
        if (script?.refuseWith) refusals.set(id, script.refuseWith);
        else {
          server.accepted.push(id);
          ws.send(JSON.stringify({ type: 'ack', id }));
          for (const f of script?.frames ?? []) ws.send(withId(f));
          return;
        }
      }
      const refusal = refusals.get(id);
      if (refusal) return ws.send(withId(refusal));
      if (!server.accepted.includes(id)) server.accepted.push(id);
      ws.send(JSON.stringify({ type: 'ack', id }));
    });
  });
  return server;
}
