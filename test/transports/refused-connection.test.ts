/**
 * A transport that gives up (the server refused it) must not leave the chat stuck: it says
 * `closed`, so the chat connects again when it needs to; sends meanwhile fail at once instead
 * of waiting out an ack timeout; and a server that keeps refusing is not hammered.
 * Regressions from the transport review (finding 1): after a 4401 the WebSocket transport sat
 * `offline` for good, and every send timed out as "retryable" forever.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createChat, type Chat } from '../../src/core/index';
import { withHttpHandoff } from '../../src/transports/http-handoff';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';
import { createWebSocketTransport, type WebSocketTransportOptions } from '../../src/transports/websocket';
import { connect, failure, message, recordingEnv } from './support/harness';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/**
 * A WebSocket server that acks messages and closes connection number `n` with `4401`
 * after `afterMs` when `refuse(n)` says so.
 */
async function refusingServer(refuse: (n: number) => boolean, afterMs = 30): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => {
    const n = ++connections;
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; id?: string };
      if (frame.type === 'message') socket.send(JSON.stringify({ type: 'ack', id: frame.id }));
    });
    if (refuse(n)) setTimeout(() => socket.close(4401, 'session expired'), afterMs);
  });
  await new Promise((r) => server.once('listening', r));
  cleanup.push(
    () =>
      new Promise((r) => {
        for (const c of server.clients) c.terminate();
        server.close(r);
      }),
  );
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

function wsTransport(url: string, extra: Partial<WebSocketTransportOptions> = {}) {
  const t = createWebSocketTransport({ url, WebSocket, heartbeatIntervalMs: 0, ackTimeoutMs: 3000, ...extra });
  cleanup.push(() => t.close());
  return t;
}

describe('a WebSocket server that refuses the connection (4401)', () => {
  it('makes sends fail at once, says closed, and lets the next connect reach the server again', async () => {
    const server = await refusingServer((n) => n === 1);
    const c = await connect(wsTransport(server.url));
    await vi.waitFor(() => expect(c.states.at(-1)).toBe('closed'));
    expect(c.errors.map((e) => (e as { code?: string }).code)).toEqual(['connection_refused']);
    const started = Date.now();
    const refused = await failure(c.transport.send(message(c.session.conversationId, 'hi')));
    // At once, not after ackTimeoutMs; retryable, since a new connection (a fresh identity token) may pass.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(refused).toMatchObject({ name: 'TransportError', code: 'connection_refused', retryable: true });
    expect(server.connections()).toBe(1);
    await c.transport.connect(() => undefined, c.session);
    expect(server.connections()).toBe(2);
    await expect(c.transport.send(message(c.session.conversationId, 'hi again'))).resolves.toBeUndefined();
  });

  it('spaces out the connects that follow refusals in a row', async () => {
    const server = await refusingServer(() => true, 10);
    const { env, delays } = recordingEnv(0.01);
    const t = wsTransport(server.url, { env });
    const session = { conversationId: 'c_refused', locale: 'en' };
    for (let i = 0; i < 3; i++) {
      const states: string[] = [];
      await t.connect((e) => void (e.type === 'connection' && states.push(e.state)), session);
      await vi.waitFor(() => expect(states.at(-1)).toBe('closed'));
    }
    expect(server.connections()).toBe(3);
    // random() is 0.5: 3/4 of a ceiling doubling from the default 500 ms; the handshake deadline (10000) aside.
    expect(delays.filter((d) => d !== 10_000)).toEqual([375, 750]);
  });

  it('end to end: the chat connects again and delivers the message the customer sent after the refusal', async () => {
    const server = await refusingServer((n) => n === 1);
    const chat: Chat = createChat({ bot: wsTransport(server.url), human: createMemoryHuman(), locale: 'en', retry: { baseMs: 50, maxMs: 200 } });
    cleanup.push(() => chat.destroy());
    chat.open();
    await vi.waitFor(() => expect(chat.state.connection.bot).toBe('closed'));
    chat.send('hello');
    await vi.waitFor(() => expect(chat.state.messages.filter((m) => m.author === 'customer').map((m) => m.status)).toEqual(['sent']), { timeout: 4000 });
    expect(server.connections()).toBe(2);
  });

  it('end to end: a desk that keeps refusing while the customer waits for a person is not hammered', async () => {
    const server = await refusingServer(() => true, 20);
    const desk: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"queued"}'));
    });
    await new Promise<void>((r) => desk.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => desk.close(r)));
    const human = withHttpHandoff(wsTransport(server.url), { url: `http://127.0.0.1:${(desk.address() as AddressInfo).port}/handoff` });
    const chat = createChat({ bot: createMemoryBot(), human, locale: 'en' });
    cleanup.push(() => chat.destroy());
    chat.open();
    chat.requestHuman('Please, a person');
    await vi.waitFor(() => expect(chat.state.phase).toBe('waiting'));
    await new Promise((r) => setTimeout(r, 1500));
    // The chat reconnects the desk at once after each `closed`; the transport's growing wait
    // (250–500 ms, then 500–1000 ms, …) keeps that to a handful, not one every few ms.
    expect(server.connections()).toBeGreaterThanOrEqual(2);
    expect(server.connections()).toBeLessThanOrEqual(4);
  });
});
