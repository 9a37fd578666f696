import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Transport, TransportEvent } from '../../src/core/contract';
import { createSseTransport } from '../../src/transports/index';
import { startHttpBackend, type HttpBackend } from './support/http-backend';
import { connect, failure, message, recordingEnv, texts, type Connected } from './support/harness';

let backend: HttpBackend | undefined;
const servers: Server[] = [];
const open: Transport[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  await backend?.close();
  backend = undefined;
  for (const s of servers.splice(0)) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function start(): Promise<HttpBackend> {
  backend = await startHttpBackend({ replies: 'sse' });
  return backend;
}

async function connectSse(options: Parameters<typeof createSseTransport>[0], conversationId?: string): Promise<Connected<Transport>> {
  const transport = createSseTransport(options);
  open.push(transport);
  return connect(transport, conversationId);
}

/** A hand-written event-stream server, for streams the wire-format backend would never send. */
async function serveStream(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<string> {
  let n = 0;
  const server = createServer((req, res) => handler(req, res, ++n));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;
}

const streamRequests = (b: HttpBackend) => b.requests.filter((r) => r.path === '/chat/events');

const deltas = (id: string, parts: string[]): TransportEvent[] =>
  parts.map((text, i) => (i === parts.length - 1 ? { type: 'delta', id, text, done: true } : { type: 'delta', id, text }));

/** The full text of each streamed reply, joined from its deltas. */
function joined(events: TransportEvent[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events) if (e.type === 'delta') out[e.id] = (out[e.id] ?? '') + e.text;
  return out;
}

describe('createSseTransport', () => {
  it('posts messages and streams the reply as deltas growing one message', async () => {
    const b = await start();
    b.replyQueue.push([{ type: 'typing', active: true }, ...deltas('r1', ['Your ', 'order ', 'ships ', 'today.'])]);
    const c = await connectSse({ url: b.chatUrl });
    await c.transport.send(message(c.session.conversationId, 'order?'));
    await vi.waitFor(() => expect(c.events).toHaveLength(5));
    expect(joined(c.events)).toEqual({ r1: 'Your order ships today.' });
    expect(c.states).toEqual(['online']);
    const [get] = streamRequests(b);
    expect(get?.headers.accept).toBe('text/event-stream');
    expect(get?.headers['last-event-id']).toBeUndefined();
  });

  it('sends the headers function result on the event stream too', async () => {
    const b = await start();
    await connectSse({ url: b.chatUrl, headers: () => ({ authorization: 'Bearer abc' }) });
    expect(streamRequests(b)[0]?.headers.authorization).toBe('Bearer abc');
  });

  it('resumes with Last-Event-ID after the stream is cut mid-event, losing and repeating nothing', async () => {
    const b = await start();
    b.streamFaults.push({ afterEvents: 3, partial: true });
    const c = await connectSse({ url: b.chatUrl, reconnect: { baseMs: 5, maxMs: 20 } });
    b.push(c.session.conversationId, deltas('r1', ['one ', 'two ', 'three ', 'four ', 'five']));
    await vi.waitFor(() => expect(c.events).toHaveLength(5));
    await new Promise((r) => setTimeout(r, 50));
    expect(joined(c.events)).toEqual({ r1: 'one two three four five' });
    expect(c.events).toHaveLength(5);
    expect(streamRequests(b).map((r) => r.headers['last-event-id'])).toEqual([undefined, '3']);
    expect(c.states).toEqual(['online', 'reconnecting', 'online']);
    expect(c.errors.map((e) => (e as { code?: string }).code)).toEqual(['stream_dropped']);
  });

  it('survives a server restart during a conversation: nothing pushed meanwhile is lost, nothing sent is doubled', async () => {
    const b = await start();
    const c = await connectSse({ url: b.chatUrl, reconnect: { baseMs: 20, maxMs: 40 }, retry: { baseMs: 5, maxMs: 20 } });
    await c.transport.send(message(c.session.conversationId, 'before'));
    await vi.waitFor(() => expect(texts(c.events)).toEqual(['echo: before']));

    await b.down();
    // While the server is down, an agent's message is stored for replay (as a real backend's database would).
    await vi.waitFor(() => expect(c.states).toContain('reconnecting'));
    b.push(c.session.conversationId, [{ type: 'message', message: { id: 'while-down', text: 'Still there?' } }]);
    const during = message(c.session.conversationId, 'during');
    const firstTry = await failure(c.transport.send(during));
    expect(firstTry).toMatchObject({ code: 'network_error', retryable: true });
    await b.up();

    await c.transport.send({ ...during, attempt: 2 });
    await vi.waitFor(() => expect(texts(c.events)).toEqual(['echo: before', 'Still there?', 'echo: during']));
    expect(b.accepted.map((a) => a.text)).toEqual(['before', 'during']);
    expect(c.states.at(-1)).toBe('online');
  });

  it('drops events the server replays again, by id', async () => {
    // This server ignores Last-Event-ID and replays everything, then hangs up.
    const url = await serveStream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(['1', '2', '3'].map((id) => `id: ${id}\ndata: {"type":"message","message":{"id":"m${id}","text":"t${id}"}}\n\n`).join(''));
    });
    const c = await connectSse({ url, reconnect: { baseMs: 5, maxMs: 10 } });
    await vi.waitFor(() => expect(c.states.filter((s) => s === 'online').length).toBeGreaterThanOrEqual(3));
    expect(texts(c.events)).toEqual(['t1', 't2', 't3']);
  });

  it("backs off exponentially while the server is down, starting from the server's retry advice", async () => {
    const { env, delays } = recordingEnv(0.01);
    let up = true;
    const url = await serveStream((_req, res) => {
      if (!up) {
        res.writeHead(503);
        return void res.end();
      }
      up = false;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('retry: 2000\n\n');
    });
    const c = await connectSse({ url, env, timeoutMs: 300_000, reconnect: { baseMs: 1000, maxMs: 8000 }, idleTimeoutMs: 0 });
    const waits = () => delays.filter((d) => d !== 300_000);
    await vi.waitFor(() => expect(waits().length).toBeGreaterThanOrEqual(4));
    // random() is 0.5: each wait is 3/4 of a ceiling that doubles from the server's 2000 ms up to 8000 ms.
    expect(waits().slice(0, 4)).toEqual([1500, 3000, 6000, 6000]);
    expect(c.errors[0]).toMatchObject({ code: 'server_error', status: 503 });
    expect(c.errors).toHaveLength(1);
  });

  it('treats a stream silent for longer than idleTimeoutMs as dead and reopens it', async () => {
    const url = await serveStream((_req, res, n) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\n');
      if (n === 2) res.write('id: 1\ndata: {"type":"typing","active":true}\n\n');
    });
    const c = await connectSse({ url, idleTimeoutMs: 80, reconnect: { baseMs: 5, maxMs: 10 } });
    await vi.waitFor(() => expect(c.events).toEqual([{ type: 'typing', active: true }]));
    expect(c.states.slice(0, 3)).toEqual(['online', 'reconnecting', 'online']);
  });

  it('stops reconnecting when the server refuses the stream, says so, and tries again on the next connect', async () => {
    const b = await start();
    b.streamFaults.push({ afterEvents: 0 }, { status: 401 });
    const c = await connectSse({ url: b.chatUrl, reconnect: { baseMs: 5, maxMs: 10 } });
    b.push(c.session.conversationId, [{ type: 'typing', active: true }]);
    await vi.waitFor(() => expect(c.states.at(-1)).toBe('closed'));
    expect(c.errors.at(-1)).toMatchObject({ code: 'unauthorized', status: 401, retryable: false });
    await new Promise((r) => setTimeout(r, 50));
    expect(streamRequests(b)).toHaveLength(2);
    // No reply could arrive: a send is refused at once, retryable (fresh headers may pass next time).
    expect(await failure(c.transport.send(message(c.session.conversationId, 'hi')))).toMatchObject({ code: 'unauthorized', retryable: true });
    expect(b.accepted).toHaveLength(0);
    await c.transport.connect(() => undefined, c.session);
    expect(streamRequests(b)).toHaveLength(3);
    await c.transport.send(message(c.session.conversationId, 'hi again'));
    expect(b.accepted.map((a) => a.text)).toEqual(['hi again']);
  });

  it('honours 204 as "do not reconnect" until the next connect', async () => {
    const b = await start();
    b.streamFaults.push({ afterEvents: 0 }, { status: 204 });
    const c = await connectSse({ url: b.chatUrl, reconnect: { baseMs: 5, maxMs: 10 } });
    b.push(c.session.conversationId, [{ type: 'typing', active: true }]);
    await vi.waitFor(() => expect(c.states.at(-1)).toBe('closed'));
    expect(c.errors.at(-1)).toMatchObject({ code: 'stream_ended' });
    await new Promise((r) => setTimeout(r, 50));
    expect(streamRequests(b)).toHaveLength(2);
  });

  it('rejects connect when the events URL answers with something other than an event stream', async () => {
    const b = await start();
    b.streamFaults.push({ status: 200, contentType: 'text/html' });
    const transport = createSseTransport({ url: b.chatUrl });
    open.push(transport);
    const error = await failure(connect(transport));
    expect(error).toMatchObject({ name: 'TransportError', code: 'invalid_response' });
    expect(String(error.message)).toContain('content-type text/html instead of text/event-stream');
  });

  it('rejects connect with a non-retryable error when the stream is not found', async () => {
    const url = await serveStream((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    const transport = createSseTransport({ url });
    open.push(transport);
    expect(await failure(connect(transport))).toMatchObject({ code: 'rejected', status: 404, retryable: false });
  });

  it('reports a malformed event by its id and keeps delivering the rest', async () => {
    const url = await serveStream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('id: 1\ndata: {"type":"message","message":{"id":"a","text":\n\n');
      res.write('id: 2\ndata: {"type":"message","message":{"id":"b","text":""}}\n\n');
      res.write('id: 3\ndata: {"type":"message","message":{"id":"c","text":"ok"}}\n\n');
    });
    const c = await connectSse({ url });
    await vi.waitFor(() => expect(texts(c.events)).toEqual(['ok']));
    expect(c.errors.map((e) => [(e as { code?: string }).code, e.message.slice(0, 48)])).toEqual([
      ['invalid_response', 'The event stream (event 1) sent malformed JSON ('],
      ['blank_message', 'event 2.message: message "b" has no text and no '],
    ]);
  });

  it('maps custom stream events with mapEvent, as presets do', async () => {
    const url = await serveStream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: token\ndata: Hi\n\nevent: token\ndata:  there\n\nevent: end\ndata: \n\n');
    });
    const c = await connectSse({
      url,
      mapEvent: (e) => ({ type: 'delta', id: 'answer', text: e.data, ...(e.type === 'end' ? { done: true } : {}) }),
    });
    await vi.waitFor(() => expect(c.events).toHaveLength(3));
    expect(joined(c.events)).toEqual({ answer: 'Hi there' });
  });

  it('sends survive a 500, a 429 with Retry-After and a timeout, and the bot gets each message once', async () => {
    const b = await start();
    const { env, delays } = recordingEnv(0.01);
    b.faults.push({ kind: 'status', status: 500 }, { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, { kind: 'hang', process: true });
    // 20 s scaled to 200 ms: long enough for a busy machine, short enough to time out the hung request.
    const c = await connectSse({ url: b.chatUrl, env, timeoutMs: 20_000, idleTimeoutMs: 0, retry: { limit: 3, baseMs: 100, maxMs: 2000 } });
    const m = message(c.session.conversationId, 'persistent');
    await c.transport.send(m);
    await vi.waitFor(() => expect(texts(c.events)).toEqual(['echo: persistent']));
    await new Promise((r) => setTimeout(r, 30));
    expect(texts(c.events)).toEqual(['echo: persistent']);
    expect(delays).toContain(1000);
    expect(b.accepted.map((a) => a.id)).toEqual([m.id]);
    expect(new Set(b.requests.filter((r) => r.path === '/chat').map((r) => r.headers['idempotency-key']))).toEqual(new Set([m.id]));
  });

  it('closes the stream, clears its timers, and emits nothing after', async () => {
    const b = await start();
    const { env } = recordingEnv(1);
    const pending = new Set<unknown>();
    const tracked = {
      ...env,
      setTimeout: (fn: () => void, ms: number) => {
        const h = setTimeout(() => {
          pending.delete(h);
          fn();
        }, ms);
        pending.add(h);
        return h;
      },
      clearTimeout: (h: unknown) => {
        pending.delete(h);
        clearTimeout(h as ReturnType<typeof setTimeout>);
      },
    };
    const c = await connectSse({ url: b.chatUrl, env: tracked });
    expect(pending.size).toBe(1); // the idle watchdog
    await c.transport.close();
    await c.transport.close();
    expect(pending.size).toBe(0);
    await vi.waitFor(() => expect(b.streamCount()).toBe(0));
    b.push(c.session.conversationId, [{ type: 'typing', active: true }]);
    await new Promise((r) => setTimeout(r, 30));
    expect(c.all).toEqual([{ type: 'connection', state: 'online' }]);
  });

  it('resumes after a reload with the Last-Event-ID kept in a cursor store', async () => {
    const b = await start();
    const kept = new Map<string, string | number | undefined>();
    const cursor = { get: (id: string) => kept.get(id), set: (id: string, seq: string | number | undefined) => void kept.set(id, seq) };
    const first = await connectSse({ url: b.chatUrl, cursor }, 'reloaded');
    b.push('reloaded', [{ type: 'message', message: { id: 'x1', text: 'one' } }]);
    await vi.waitFor(() => expect(texts(first.events)).toEqual(['one']));
    await first.transport.close();
    b.push('reloaded', [{ type: 'message', message: { id: 'x2', text: 'two' } }]);
    const second = await connectSse({ url: b.chatUrl, cursor }, 'reloaded');
    await vi.waitFor(() => expect(texts(second.events)).toEqual(['two']));
    expect(streamRequests(b).map((r) => r.headers['last-event-id'])).toEqual([undefined, '1']);
  });

  it.each([
    [{ url: '/chat', reconnect: 5 }, 'reconnect'],
    [{ url: '/chat', reconnect: { base: 5 } }, 'reconnect.base'],
    [{ url: '/chat', idleTimeoutMs: -1 }, 'idleTimeoutMs'],
    [{ url: '/chat', eventUrl: '/events' }, 'eventUrl'],
    [{ url: '/chat', eventsUrl: 'ws://x/events' }, 'eventsUrl'],
    [{ url: '/chat', cursor: {} }, 'cursor'],
  ])('refuses bad options with a ConfigError naming the option (%j)', (options, option) => {
    expect(() => createSseTransport(options as never)).toThrowError(expect.objectContaining({ name: 'ConfigError', option }));
  });
});
