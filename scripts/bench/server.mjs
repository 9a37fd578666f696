// The bench's web server on 127.0.0.1 (port 0): the host pages, the built files, the two
// vendor bundles, and just enough fake backend for each widget to start and talk:
// a REST bot, an SSE bot that can stream a long reply, a handoff hub (WebSocket) and
// deep-chat's `connect` endpoints. Scripts are sent gzip-compressed, as any CDN would,
// so "transferred bytes" means what a visitor downloads.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { WebSocketServer } from 'ws';
import { pageHtml } from './pages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** URL prefix → folder or file on disk. */
const MOUNTS = [
  ['/dist/', join(root, 'dist')],
  ['/vendor/preact.min.js', join(root, 'node_modules/preact/dist/preact.min.js')],
  ['/vendor/deepChat.bundle.js', join(root, 'node_modules/deep-chat/dist/deepChat.bundle.js')],
  ['/bench/floor-panel.js', join(root, 'scripts/bench/browser/floor-panel.js')],
];

/** How many deltas the SSE bot streams for one customer message (scenario g). */
export const STREAM_DELTAS = 2000;

/** How long a message may wait for its conversation's event stream to open. */
const STREAM_WAIT_MS = 5000;

/** The text of delta `i`; the last one is what the bench waits to see. */
export const deltaText = (i) => `w${i} `;

const compressed = new Map();

/** The gzip form of a file, made once per version of it (the build may change under us). */
function gzipped(file) {
  const { mtimeMs, size } = statSync(file);
  const key = `${file}:${mtimeMs}:${size}`;
  let body = compressed.get(key);
  if (!body) {
    body = gzipSync(readFileSync(file), { level: 9 });
    compressed.set(key, body);
  }
  return body;
}

function fileFor(path) {
  for (const [prefix, target] of MOUNTS) {
    if (path === prefix) return target;
    if (prefix.endsWith('/') && path.startsWith(prefix)) {
      const rest = path.slice(prefix.length);
      if (rest.split('/').includes('..')) return undefined;
      return join(target, rest);
    }
  }
  return undefined;
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    return {};
  }
}

function sendFile(req, res, file) {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    stat = undefined;
  }
  if (!stat?.isFile()) {
    res.writeHead(404).end('not found');
    return;
  }
  const type = file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/octet-stream';
  const headers = { 'content-type': type, 'cache-control': 'no-store' };
  if (type.startsWith('text/') && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    res.writeHead(200, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' }).end(gzipped(file));
  } else {
    res.writeHead(200, headers).end(readFileSync(file));
  }
}

const sseHead = { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' };

/**
 * The SSE bot (docs/transports.md, "SSE"): a POST is accepted with 202 and answered on
 * the conversation's open event stream with STREAM_DELTAS deltas written back to back,
 * the burst a fast model or a replay produces.
 */
function createSseBot() {
  const streams = new Map();
  const seqs = new Map();
  return {
    events(req, res, url) {
      const id = url.searchParams.get('conversationId') ?? '';
      res.writeHead(200, sseHead);
      res.write(': open\n\n');
      streams.set(id, res);
      req.on('close', () => {
        if (streams.get(id) === res) streams.delete(id);
      });
    },
    async post(req, res) {
      const body = await readJson(req);
      res.writeHead(202).end();
      const id = String(body.conversationId ?? '');
      // The widget may send before its event stream is open: give it a moment, as a real bot would queue.
      for (let waited = 0; !streams.has(id) && waited < STREAM_WAIT_MS; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const stream = streams.get(id);
      if (!stream) return;
      let seq = seqs.get(id) ?? 0;
      const reply = `r${seq}`;
      for (let i = 0; i < STREAM_DELTAS; i++) {
        seq += 1;
        const event = { type: 'delta', id: reply, text: deltaText(i), done: i === STREAM_DELTAS - 1 };
        stream.write(`id: ${seq}\ndata: ${JSON.stringify(event)}\n\n`);
      }
      seqs.set(id, seq);
    },
  };
}

/** deep-chat's streaming `connect` endpoint: the same burst in its own event format (`{ text }`). */
function deepChatStream(res) {
  res.writeHead(200, sseHead);
  for (let i = 0; i < STREAM_DELTAS; i++) res.write(`data: ${JSON.stringify({ text: deltaText(i) })}\n\n`);
  res.end();
}

/**
 * The handoff hub (docs/handoff-protocol.md), reduced to what keeps the widget's human
 * lane healthy: `welcome` and `availability` after `hello`, an `ack` for every frame with an id.
 */
function attachHub(server) {
  const hub = new WebSocketServer({ noServer: true });
  hub.on('connection', (socket) => {
    socket.on('message', (data) => {
      let frame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      const send = (f) => socket.send(JSON.stringify({ v: 1, ...f }));
      if (frame.type === 'hello') {
        send({ type: 'welcome', conversationId: frame.conversationId, lastSeq: 0, heartbeatMs: 25000 });
        send({ type: 'availability', agentsOnline: 1, available: true, etaSeconds: 60 });
      } else if (frame.type === 'ping') {
        send({ type: 'pong' });
      } else if (typeof frame.id === 'string') {
        const result = frame.type === 'availability' ? { availability: { agentsOnline: 1, available: true } } : { status: 'queued', position: 1 };
        send({ type: 'ack', id: frame.id, result });
      }
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/hub') {
      socket.destroy();
      return;
    }
    hub.handleUpgrade(req, socket, head, (ws) => hub.emit('connection', ws, req));
  });
  return hub;
}

/**
 * Starts the server. `pages` maps a page name (served at `/pages/<name>.html`) to the
 * options of `pageHtml`.
 *
 * @example
 * const server = await startServer({ baseline: { widget: 'none' } })
 * // … page.goto(`${server.url}/pages/baseline.html`)
 * await server.close()
 */
export async function startServer(pages) {
  const sseBot = createSseBot();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = decodeURIComponent(url.pathname);
      const page = /^\/pages\/([\w-]+)\.html$/.exec(path)?.[1];
      if (page && pages[page]) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(pageHtml(pages[page]));
      } else if (path === '/bot' && req.method === 'POST') {
        const body = await readJson(req);
        const id = `b_${String(body.message?.id ?? Date.now())}`;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages: [{ id, text: 'Thanks, noted.' }] }));
      } else if (path === '/sse-bot' && req.method === 'POST') {
        await sseBot.post(req, res);
      } else if (path === '/sse-bot/events') {
        sseBot.events(req, res, url);
      } else if (path === '/dc-bot' && req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: 'Thanks, noted.' }));
      } else if (path === '/dc-stream' && req.method === 'POST') {
        deepChatStream(res);
      } else if (path === '/favicon.ico') {
        res.writeHead(204).end();
      } else {
        const file = fileFor(path);
        if (file) sendFile(req, res, file);
        else res.writeHead(404).end('not found');
      }
    } catch (error) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    }
  });
  const hub = attachHub(server);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const client of hub.clients) client.terminate();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
