/**
 * The handoff hub transport over its HTTP fallback (POST frames + server-sent events), and
 * its WebSocket mode when the hub refuses. Regressions from the transport review: the
 * fallback ignored `welcome.reset`, so after a hub lost its data every agent message was
 * dropped as a replay (finding 2); it kept sending after `close()` (finding 12).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { TransportEvent } from '../../src/core/contract';
import { createHandoffTransport } from '../../src/transports/handoff';
import { failure } from './support/harness';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

interface Hub {
  url: string;
  requests: Array<{ method: string; path: string; lastEventId: string; body: string }>;
}

/** A hub's HTTP side: `/hub/events` runs `stream`, `/hub/frames` acks every frame. */
async function httpHub(stream: (res: ServerResponse, n: number) => void): Promise<Hub> {
  const hub: Hub = { url: '', requests: [] };
  let streams = 0;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += String(chunk)));
    req.on('end', () => {
      hub.requests.push({ method: req.method ?? '', path: req.url ?? '', lastEventId: String(req.headers['last-event-id'] ?? ''), body });
      if (req.url?.startsWith('/hub/events')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return stream(res, ++streams);
      }
      const frame = JSON.parse(body || '{}') as { id?: string };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ v: 1, type: 'ack', id: frame.id, result: { status: 'queued', position: 1 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  );
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`;
  return hub;
}

const frame = (value: Record<string, unknown>, id?: number) => `${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify({ v: 1, ...value })}\n\n`;

const shown = (events: TransportEvent[]) => events.flatMap((e) => (e.type === 'message' ? [e.message.text] : e.type === 'agent-joined' ? [`joined: ${e.agent.name}`] : []));

describe('createHandoffTransport over HTTP', () => {
  it('shows the replay from seq 1 when the hub says welcome.reset, and starts the stored cursor over', async () => {
    const hub = await httpHub((res) => {
      res.write('retry: 2000\n\n');
      res.write(frame({ type: 'welcome', conversationId: 'c1', lastSeq: 2, reset: true, heartbeatMs: 25000, maxFrameBytes: 1048576 }));
      res.write(frame({ type: 'agent-joined', seq: 1, time: 1, requestId: 'r', agent: { name: 'Alex' } }, 1));
      res.write(frame({ type: 'agent-message', seq: 2, time: 2, requestId: 'r', message: { id: 'am1', text: 'Hi, I am Alex', time: 2 } }, 2));
    });
    // The hub lost its data: the cursor kept from before (7) is ahead of it.
    const stored = new Map<string, string | number | undefined>([['c1', '7']]);
    const writes: Array<string | number | undefined> = [];
    const t = createHandoffTransport({
      url: hub.url,
      mode: 'http',
      cursor: { get: (id) => stored.get(id), set: (id, seq) => void (writes.push(seq), stored.set(id, seq)) },
    });
    cleanup.push(() => t.close());
    const events: TransportEvent[] = [];
    await t.connect((e) => events.push(e), { conversationId: 'c1', locale: 'en' });
    await vi.waitFor(() => expect(shown(events)).toEqual(['joined: Alex', 'Hi, I am Alex']));
    expect(hub.requests.find((r) => r.path.startsWith('/hub/events'))?.lastEventId).toBe('7');
    expect(writes).toEqual([undefined, '1', '2']);
  });

  it('rejects requests after close() without reaching the hub', async () => {
    const hub = await httpHub((res) => res.write(frame({ type: 'welcome', conversationId: 'c2', lastSeq: 0, heartbeatMs: 25000, maxFrameBytes: 1048576 })));
    const t = createHandoffTransport({ url: hub.url, mode: 'http' });
    await t.connect(() => undefined, { conversationId: 'c2', locale: 'en' });
    await expect(t.availability?.()).resolves.toBeDefined();
    const posted = hub.requests.filter((r) => r.method === 'POST').length;
    await t.close();
    expect(await failure(t.availability?.() ?? Promise.resolve())).toMatchObject({ name: 'TransportError', code: 'not_connected' });
    expect(await failure(t.end?.('c2') ?? Promise.resolve())).toMatchObject({ name: 'TransportError', code: 'not_connected' });
    expect(hub.requests.filter((r) => r.method === 'POST')).toHaveLength(posted);
  });
});

describe('createHandoffTransport in auto mode', () => {
  it('does not fall back to HTTP when the hub answered the WebSocket and refused it', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    wss.on('connection', (socket) => socket.close(4401, 'identity token expired'));
    await new Promise((r) => wss.once('listening', r));
    cleanup.push(() => new Promise((r) => wss.close(r)));
    let httpRequests = 0;
    const fetchSpy: typeof fetch = async (...args) => {
      httpRequests++;
      return fetch(...args);
    };
    const t = createHandoffTransport({ url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/hub`, WebSocket: WebSocket as never, fetch: fetchSpy });
    cleanup.push(() => t.close());
    const error = await failure(t.connect(() => undefined, { conversationId: 'c3', locale: 'en' }));
    // Retryable: the chat connects again later, with a fresh identity token.
    expect(error).toMatchObject({ name: 'TransportError', code: 'connection_refused', retryable: true });
    expect(String(error.message)).toContain('4401 identity token expired');
    expect(httpRequests).toBe(0);
  });
});
