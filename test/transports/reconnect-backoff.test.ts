/**
 * The reconnect backoff starts over only after a connection proved healthy, so a server in
 * a crash loop (it greets, then drops every connection) is not hit every half second.
 * Regression from the transport review (finding 7): the counter reset on the first frame
 * (the greeting), so every reconnect waited the base delay again.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createSseTransport } from '../../src/transports/sse';
import { createWebSocketTransport } from '../../src/transports/websocket';
import type { TransportEnv } from '../../src/transports/transport-env';
import { connect, message, recordingEnv } from './support/harness';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Recorded timers (run at 1/100 of their length) and a clock the test moves. */
function testEnv(): { env: Partial<TransportEnv>; delays: number[]; advance(ms: number): void } {
  // Waits are scaled down; the 10 s request and handshake deadlines stay real.
  const recorded = recordingEnv(0.01, 10_000);
  let clock = 1_700_000_000_000;
  return { env: { ...recorded.env, now: () => clock }, delays: recorded.delays, advance: (ms) => void (clock += ms) };
}

/** A WebSocket server; `onConnection` decides what each connection (numbered from 1) gets. */
async function wsServer(onConnection: (socket: WebSocket, n: number) => void): Promise<{ url: string; connections: () => number }> {
  let n = 0;
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => onConnection(socket, ++n));
  await new Promise((r) => server.once('listening', r));
  cleanup.push(
    () =>
      new Promise((r) => {
        for (const c of server.clients) c.terminate();
        server.close(r);
      }),
  );
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => n };
}

/** The reconnect waits among the recorded timers: the handshake deadline (10000) aside. */
const waits = (delays: number[]) => delays.filter((d) => d !== 10_000);

describe('WebSocket reconnect backoff', () => {
  it('keeps growing while every connection greets and is dropped at once', async () => {
    const server = await wsServer((socket) => {
      socket.send(JSON.stringify({ type: 'ready' }));
      setTimeout(() => socket.close(1011, 'internal error'), 10);
    });
    const { env, delays } = testEnv();
    const t = createWebSocketTransport({ url: server.url, WebSocket, heartbeatIntervalMs: 0, env });
    cleanup.push(() => t.close());
    await connect(t);
    await vi.waitFor(() => expect(waits(delays).length).toBeGreaterThanOrEqual(4), { timeout: 4000 });
    // random() is 0.5: 3/4 of a ceiling doubling from 500 ms, not 375 ms over and over.
    expect(waits(delays).slice(0, 4)).toEqual([375, 750, 1500, 3000]);
  });

  it('starts over after a connection that stayed online for 10 s', async () => {
    let drop: (() => void) | undefined;
    const server = await wsServer((socket, n) => {
      if (n <= 2) setTimeout(() => socket.close(1011, 'crash'), 10);
      else drop = () => socket.close(1012, 'restart');
    });
    const { env, delays, advance } = testEnv();
    const t = createWebSocketTransport({ url: server.url, WebSocket, heartbeatIntervalMs: 0, env });
    cleanup.push(() => t.close());
    await connect(t);
    await vi.waitFor(() => expect(drop).toBeDefined(), { timeout: 4000 });
    expect(waits(delays)).toEqual([375, 750]);
    advance(10_000);
    drop?.();
    await vi.waitFor(() => expect(waits(delays)).toHaveLength(3));
    expect(waits(delays)[2]).toBe(375);
  });

  it('starts over after a connection that carried an acknowledged message', async () => {
    let drop: (() => void) | undefined;
    const server = await wsServer((socket, n) => {
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; id?: string };
        if (frame.type === 'message') socket.send(JSON.stringify({ type: 'ack', id: frame.id }));
      });
      if (n <= 2) setTimeout(() => socket.close(1011, 'crash'), 10);
      else drop = () => socket.close(1012, 'restart');
    });
    const { env, delays } = testEnv();
    const t = createWebSocketTransport({ url: server.url, WebSocket, heartbeatIntervalMs: 0, env });
    cleanup.push(() => t.close());
    const c = await connect(t);
    await vi.waitFor(() => expect(drop).toBeDefined(), { timeout: 4000 });
    await t.send(message(c.session.conversationId, 'proof of life'));
    drop?.();
    await vi.waitFor(() => expect(waits(delays)).toHaveLength(3));
    expect(waits(delays)).toEqual([375, 750, 375]);
  });
});

describe('SSE reconnect backoff', () => {
  it('keeps growing while every stream opens and ends at once', async () => {
    const server: Server = createServer((req, res) => {
      if (!req.url?.startsWith('/chat/events')) return void res.writeHead(202).end();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(': hello\n\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => server.close(r)));
    const { env, delays } = testEnv();
    const t = createSseTransport({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`, idleTimeoutMs: 0, env });
    cleanup.push(() => t.close());
    await connect(t);
    await vi.waitFor(() => expect(waits(delays).length).toBeGreaterThanOrEqual(4), { timeout: 4000 });
    // The default base is 1000 ms: 750, 1500, 3000, 6000 with random() 0.5.
    expect(waits(delays).slice(0, 4)).toEqual([750, 1500, 3000, 6000]);
  });
});
