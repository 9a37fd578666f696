/**
 * Resuming a stream loses nothing: half an event left by a closed stream never runs into the
 * next one, the stored resume point never passes an event that was not handed on, and two
 * callers of `connect()` at once get the same outcome.
 * Regressions from the transport review (findings 4 and 11).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { TransportEvent } from '../../src/core/contract';
import { TransportError } from '../../src/core/errors';
import { createSseTransport } from '../../src/transports/sse';
import { createWebSocketTransport } from '../../src/transports/websocket';
import { texts } from './support/harness';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;
}

/** A cursor store that logs every value written. */
function loggingCursor() {
  const values = new Map<string, string | number | undefined>();
  const writes: Array<string | number | undefined> = [];
  return {
    writes,
    get: (id: string) => values.get(id),
    set: (id: string, seq: string | number | undefined) => {
      writes.push(seq);
      values.set(id, seq);
    },
  };
}

const event = (id: number, text: string) => `id: ${id}\ndata: ${JSON.stringify({ type: 'message', message: { id: `a${id}`, text } })}\n\n`;

describe('SSE resume', () => {
  it('shows the replayed event after close() cut a stream mid-event and connect() opened a new one', async () => {
    const lastEventIds: string[] = [];
    const url = await serve((req, res) => {
      if (!req.url?.startsWith('/chat/events')) return void res.writeHead(202).end();
      lastEventIds.push(String(req.headers['last-event-id'] ?? ''));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (lastEventIds.length === 1) {
        res.write(event(1, 'first'));
        res.write(event(2, 'agent reply').slice(0, 30)); // the rest never comes on this stream
      } else {
        res.write(event(2, 'agent reply'));
      }
    });
    const cursor = loggingCursor();
    const t = createSseTransport({ url, cursor });
    cleanup.push(() => t.close());
    const events: TransportEvent[] = [];
    const session = { conversationId: 'c1', locale: 'en' };
    await t.connect((e) => events.push(e), session);
    await vi.waitFor(() => expect(texts(events)).toEqual(['first']));
    await new Promise((r) => setTimeout(r, 50));
    // A remount (React StrictMode, destroy and createChat again) with the same transport.
    t.close();
    await t.connect((e) => events.push(e), session);
    await vi.waitFor(() => expect(texts(events)).toEqual(['first', 'agent reply']));
    expect(lastEventIds).toEqual(['', '1']);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(cursor.writes).toEqual(['1', '2']);
  });

  it('keeps the stored cursor behind an event it could not hand on', async () => {
    const url = await serve((req, res) => {
      if (!req.url?.startsWith('/chat/events')) return void res.writeHead(202).end();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(event(1, 'one') + event(2, 'two') + event(3, 'three'));
    });
    const cursor = loggingCursor();
    const t = createSseTransport({
      url,
      cursor,
      mapEvent: (e) => {
        if (e.id === '2') throw new TransportError('invalid_event', 'The mapping failed for event 2.');
        return JSON.parse(e.data) as TransportEvent;
      },
    });
    cleanup.push(() => t.close());
    const events: TransportEvent[] = [];
    await t.connect((e) => events.push(e), { conversationId: 'c2', locale: 'en' });
    await vi.waitFor(() => expect(texts(events)).toEqual(['one', 'three']));
    expect(events.filter((e) => e.type === 'error').map((e) => (e as { error: Error }).error.message)).toEqual(['The mapping failed for event 2.']);
    expect(cursor.writes).toEqual(['1', '3']);
  });

  it('settles two connect() calls made at once the same way: both fail on a refused stream', async () => {
    const url = await serve((req, res) => {
      if (req.url?.startsWith('/chat/events')) return void setTimeout(() => res.writeHead(403).end(), 50);
      res.writeHead(202).end();
    });
    const t = createSseTransport({ url });
    cleanup.push(() => t.close());
    const session = { conversationId: 'c3', locale: 'en' };
    const outcomes = await Promise.allSettled([t.connect(() => undefined, session), t.connect(() => undefined, session)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as TransportError).code : undefined))).toEqual(['unauthorized', 'unauthorized']);
  });

  it('settles two connect() calls made at once the same way: both wait for the one stream', async () => {
    let streams = 0;
    const url = await serve((req, res) => {
      if (!req.url?.startsWith('/chat/events')) return void res.writeHead(202).end();
      streams++;
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': hi\n\n'), 50);
    });
    const t = createSseTransport({ url });
    cleanup.push(() => t.close());
    const session = { conversationId: 'c4', locale: 'en' };
    const states: string[] = [];
    const emit = (e: TransportEvent) => void (e.type === 'connection' && states.push(e.state));
    const first = t.connect(emit, session);
    // The second caller resolves only once the stream is open, not at once with nothing open.
    const second = t.connect(emit, session).then(() => [...states]);
    expect(await second).toEqual(['online']);
    await first;
    expect(streams).toBe(1);
  });
});

describe('WebSocket resume point', () => {
  it('moves the stored cursor only once the event was handed on', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (socket) => {
      for (const seq of [1, 2]) socket.send(JSON.stringify({ type: 'message', seq, message: { id: `m${seq}`, text: `event ${seq}` } }));
    });
    await new Promise((r) => server.once('listening', r));
    cleanup.push(() => new Promise((r) => server.close(r)));
    const cursor = loggingCursor();
    const t = createWebSocketTransport({ url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, WebSocket, heartbeatIntervalMs: 0, cursor });
    cleanup.push(() => t.close());
    const cursorWhenShown: Array<string | number | undefined> = [];
    const events: TransportEvent[] = [];
    await t.connect((e) => {
      events.push(e);
      if (e.type === 'message') cursorWhenShown.push(cursor.get('c5'));
    }, { conversationId: 'c5', locale: 'en' });
    await vi.waitFor(() => expect(texts(events)).toEqual(['event 1', 'event 2']));
    expect(cursorWhenShown).toEqual([undefined, 1]);
    expect(cursor.writes).toEqual([1, 2]);
  });
});
