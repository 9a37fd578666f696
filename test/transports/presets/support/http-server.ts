/**
 * The plumbing the preset fakes share: a node:http server on 127.0.0.1 that can be
 * taken down and brought back on the same port (as a crash and restart would), JSON
 * helpers, and one-shot faults for the next matching requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** Answer with this status (and headers/body) without processing the request. */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Process the request, then answer 200 with this raw body. */
  | { kind: 'raw'; body: string; contentType?: string }
  /** Never answer. */
  | { kind: 'hang' };

export interface TestServer {
  readonly origin: string;
  readonly port: number;
  /** Every HTTP request, in order. */
  readonly requests: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: unknown }>;
  /** The node server, e.g. to attach a WebSocket server to. */
  readonly http: Server;
  /** Kills every connection and stops listening, until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: unknown, url: URL) => void | Promise<void>;

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Applies a fault to the response; returns true when the request must not be processed. */
export function applyFault(res: ServerResponse, fault: Fault | undefined): boolean {
  if (!fault) return false;
  if (fault.kind === 'hang') return true;
  if (fault.kind === 'status') {
    res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
    res.end(fault.body ?? '{"error":"fault"}');
    return true;
  }
  return false;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { __unparsable: text };
  }
}

export async function startTestServer(handler: Handler): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const requests: TestServer['requests'] = [];
  const http = createServer((req, res) => {
    // Like the real products (Rasa with --cors, Direct Line, Chatwoot's /public/api), pages on other origins may call.
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PATCH, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body });
      await handler(req, res, body, url);
    })().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String(error) });
    });
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let port = 0;
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', () => {
        port = (http.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!http.listening) return resolve();
      http.close(() => resolve());
    });
  await listen();
  return {
    get origin() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    requests,
    http,
    down: stop,
    up: listen,
    close: stop,
  };
}
