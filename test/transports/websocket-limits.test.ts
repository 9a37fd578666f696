import { afterEach, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { TransportEvent } from '../../src/core/contract';
import { createWebSocketTransport } from '../../src/transports/websocket';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

it('drops a frame over maxFrameBytes without parsing it, reports it, and keeps the connection', async () => {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  cleanup.push(() => new Promise((r) => server.close(r)));
  await new Promise((r) => server.once('listening', r));
  server.on('connection', (socket) => {
    socket.send(JSON.stringify({ type: 'message', message: { id: 'big', text: 'x'.repeat(2_000_000) } }));
    socket.send(JSON.stringify({ type: 'message', message: { id: 'small', text: 'still here' } }));
  });
  const events: TransportEvent[] = [];
  const port = (server.address() as { port: number }).port;
  const transport = createWebSocketTransport({ url: `ws://127.0.0.1:${port}`, WebSocket: WebSocket as never, heartbeatIntervalMs: 0 });
  cleanup.push(() => transport.close());
  await transport.connect((e) => events.push(e), { conversationId: 'c1', locale: 'en' });
  await vi.waitFor(() => expect(events.some((e) => e.type === 'message')).toBe(true));
  expect(events.filter((e) => e.type === 'message').map((e) => (e as { message: { id: string } }).message.id)).toEqual(['small']);
  expect(events.find((e) => e.type === 'error')).toMatchObject({ error: { code: 'response_too_large' } });
});
