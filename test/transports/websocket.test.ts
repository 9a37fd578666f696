import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { TransportEvent } from '../../src/core/contract';
import { createWebSocketTransport, type WebSocketConstructor, type WebSocketTransport, type WebSocketTransportOptions } from '../../src/transports/index';
import { startWsBackend, type WsBackend } from './support/ws-backend';
import { connect, failure, message, recordingEnv, texts, type Connected } from './support/harness';

let backend: WsBackend | undefined;
const servers: WebSocketServer[] = [];
const open: WebSocketTransport[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  await backend?.close();
  backend = undefined;
  for (const s of servers.splice(0)) {
    for (const c of s.clients) c.terminate();
    await new Promise((r) => s.close(r));
  }
});

async function start(): Promise<WsBackend> {
  backend = await startWsBackend();
  return backend;
}

const fast: Partial<WebSocketTransportOptions> = { WebSocket, reconnect: { baseMs: 10, maxMs: 40 }, ackTimeoutMs: 3000 };

async function connectWs(options: WebSocketTransportOptions, conversationId?: string): Promise<Connected<WebSocketTransport>> {
  const transport = createWebSocketTransport(options);
  open.push(transport);
  return connect(transport, conversationId);
}

/** A hand-written server for frames the wire-format backend would never send. */
async function serveWs(onConnection: (ws: WebSocket, n: number) => void): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(server);
  let n = 0;
  server.on('connection', (ws) => onConnection(ws, ++n));
  await new Promise((r) => server.once('listening', r));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const deltas = (id: string, parts: string[]): TransportEvent[] =>
  parts.map((text, i) => (i === parts.length - 1 ? { type: 'delta', id, text, done: true } : { type: 'delta', id, text }));

function joined(events: TransportEvent[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events) if (e.type === 'delta') out[e.id] = (out[e.id] ?? '') + e.text;
  return out;
}

const framesOf = (b: WsBackend, type: string) => b.frames.filter((f) => f.type === type);

describe('createWebSocketTransport', () => {
  it('says who it is first, then resolves send on the ack for that message id', async () => {
    const b = await start();
    const c = await connectWs({ url: b.url, ...fast });
    const m = message(c.session.conversationId, 'hello');
    expect(await c.transport.send(m)).toEqual({ serverId: `srv_${m.id}` });
    expect(b.frames.slice(0, 2)).toEqual([
      { type: 'resume', conversationId: c.session.conversationId, session: { locale: 'sv-SE' } },
      { type: 'message', id: m.id, conversationId: c.session.conversationId, message: { id: m.id, text: 'hello', time: m.time } },
    ]);
    await vi.waitFor(() => expect(texts(c.events)).toEqual(['echo: hello']));
    expect(c.states).toEqual(['online']);
  });

  it("takes the browser's WebSocket class and the ws package's as they are", () => {
    // Checked by the type checker (npx tsc -p tsconfig.test.json): no casts needed for either.
    const classes: Array<WebSocketConstructor | undefined> = [WebSocket, (globalThis as { WebSocket?: typeof globalThis.WebSocket }).WebSocket];
    expect(classes[0]).toBe(WebSocket);
  });

  it('turns an https URL into wss (and http into ws)', async () => {
    const b = await start();
    const c = await connectWs({ url: b.url.replace('ws:', 'http:'), ...fast });
    await c.transport.send(message(c.session.conversationId, 'via http url'));
    expect(b.accepted).toHaveLength(1);
  });

  it('rejects with a retryable ack_timeout when the server never acknowledges', async () => {
    const b = await start();
    b.ackless = true;
    const c = await connectWs({ url: b.url, ...fast, ackTimeoutMs: 100 });
    const error = await failure(c.transport.send(message(c.session.conversationId, 'anyone?')));
    expect(error).toMatchObject({ name: 'TransportError', code: 'ack_timeout', retryable: true });
  });

  it('joins a second send of the same id to the first instead of sending it twice', async () => {
    const b = await start();
    const c = await connectWs({ url: b.url, ...fast });
    const m = message(c.session.conversationId, 'twice');
    await Promise.all([c.transport.send(m), c.transport.send({ ...m, attempt: 2 })]);
    expect(framesOf(b, 'message')).toHaveLength(1);
  });

  it('queues sends while disconnected and flushes them in order after reconnecting', async () => {
    const b = await start();
    const c = await connectWs({ url: b.url, ...fast });
    await c.transport.send(message(c.session.conversationId, 'first'));
    await b.down();
    await vi.waitFor(() => expect(c.states).toContain('reconnecting'));
    const queued = ['second', 'third', 'fourth'].map((t) => c.transport.send(message(c.session.conversationId, t)));
    await new Promise((r) => setTimeout(r, 30));
    expect(framesOf(b, 'message')).toHaveLength(1); // nothing got out while the server was away
    await b.up();
    await Promise.all(queued);
    expect(b.accepted.map((a) => a.text)).toEqual(['first', 'second', 'third', 'fourth']);
    const afterRestart = b.frames.slice(b.frames.map((f) => f.type).lastIndexOf('resume'));
    expect(afterRestart.map((f) => f.type)).toEqual(['resume', 'message', 'message', 'message']);
    expect(c.states).toEqual(['online', 'reconnecting', 'online']);
  });

  it('re-sends a message whose ack was lost, and the server keeps it once with one reply', async () => {
    const b = await start();
    b.messageFaults.push('lose-ack');
    const c = await connectWs({ url: b.url, ...fast });
    const m = message(c.session.conversationId, 'did you get this?');
    await c.transport.send(m);
    expect(framesOf(b, 'message').map((f) => f.id)).toEqual([m.id, m.id]);
    expect(b.accepted.map((a) => a.id)).toEqual([m.id]);
    await vi.waitFor(() => expect(texts(c.events)).toEqual(['echo: did you get this?']));
    await new Promise((r) => setTimeout(r, 30));
    expect(texts(c.events)).toEqual(['echo: did you get this?']);
  });

  it('re-sends a message that went into a dying connection', async () => {
    const b = await start();
    b.messageFaults.push('drop');
    const c = await connectWs({ url: b.url, ...fast });
    const m = message(c.session.conversationId, 'lost on the way');
    await c.transport.send(m);
    expect(b.accepted.map((a) => a.id)).toEqual([m.id]);
  });

  it('resumes with the last seq after a drop mid-stream, losing and repeating no delta', async () => {
    const b = await start();
    const c = await connectWs({ url: b.url, ...fast });
    b.cutAfterEvents = 2;
    b.push(c.session.conversationId, deltas('r1', ['Your ', 'refund ', 'was ', 'sent ', 'today.']));
    await vi.waitFor(() => expect(c.events).toHaveLength(5));
    await new Promise((r) => setTimeout(r, 30));
    expect(joined(c.events)).toEqual({ r1: 'Your refund was sent today.' });
    expect(framesOf(b, 'resume').map((f) => f.lastSeq)).toEqual([undefined, 2]);
  });

  it('drops inbound events it already delivered when a server replays too much', async () => {
    const url = await serveWs((ws) => {
      ws.on('message', (data) => {
        if (JSON.parse(String(data)).type !== 'resume') return;
        for (const seq of [1, 2, 3]) ws.send(JSON.stringify({ type: 'message', seq, message: { id: `m${seq}`, text: `t${seq}` } }));
        ws.send(JSON.stringify({ type: 'message', message: { id: 'm3', text: 't3 again without seq' } }));
        setTimeout(() => ws.close(1011, 'restart'), 10);
      });
    });
    const c = await connectWs({ url, ...fast });
    await vi.waitFor(() => expect(c.states.filter((s) => s === 'online').length).toBeGreaterThanOrEqual(3));
    expect(texts(c.events)).toEqual(['t1', 't2', 't3']);
  });

  it('survives a server restart during a conversation with nothing lost or doubled', async () => {
    const b = await start();
    const c = await connectWs({ url: b.url, ...fast });
    await c.transport.send(message(c.session.conversationId, 'before'));
    await vi.waitFor(() => expect(texts(c.events)).toEqual(['echo: before']));
    await b.down();
    await vi.waitFor(() => expect(c.states).toContain('reconnecting'));
    b.push(c.session.conversationId, [{ type: 'agent-joined', agent: { name: 'Alex' } }, { type: 'message', message: { id: 'a1', text: 'Hi, Alex here.' } }]);
    const during = c.transport.send(message(c.session.conversationId, 'during'));
    await b.up();
    await during;
    await vi.waitFor(() => expect(texts(c.events)).toEqual(['echo: before', 'Hi, Alex here.', 'echo: during']));
    expect(c.events.filter((e) => e.type === 'agent-joined')).toHaveLength(1);
    expect(b.accepted.map((a) => a.text)).toEqual(['before', 'during']);
    expect(c.errors.map((e) => (e as { code?: string }).code)).toEqual(['connection_lost']);
  });

  it('notices a dead connection by its missing heartbeat answers and replaces it', async () => {
    const b = await start();
    const c = await connectWs({ url: b.url, ...fast, heartbeatIntervalMs: 30, heartbeatTimeoutMs: 150 });
    await vi.waitFor(() => expect(framesOf(b, 'ping').length).toBeGreaterThanOrEqual(2));
    expect(c.states).toEqual(['online']);
    b.silent = true;
    await vi.waitFor(() => expect(c.states).toContain('reconnecting'));
    b.silent = false;
    await vi.waitFor(() => expect(c.states.at(-1)).toBe('online'));
    expect(c.errors[0]?.message).toContain('no answer to a heartbeat within 150 ms');
    await c.transport.send(message(c.session.conversationId, 'still works'));
    expect(b.accepted).toHaveLength(1);
  });

  it('answers server pings with pongs', async () => {
    const got: string[] = [];
    const url = await serveWs((ws) => {
      ws.on('message', (data) => got.push(JSON.parse(String(data)).type));
      ws.send('{"type":"ping"}');
    });
    await connectWs({ url, ...fast });
    await vi.waitFor(() => expect(got).toEqual(['resume', 'pong']));
  });

  it('backs off exponentially with jitter, capped, while the server is down', async () => {
    const b = await start();
    const { env, delays } = recordingEnv(0.01);
    const c = await connectWs({ url: b.url, WebSocket, env, connectTimeoutMs: 300_000, heartbeatIntervalMs: 0, reconnect: { baseMs: 500, maxMs: 4000 } });
    await b.close();
    const waits = () => delays.filter((d) => d !== 300_000);
    await vi.waitFor(() => expect(waits().length).toBeGreaterThanOrEqual(6), { timeout: 3000 });
    // random() is 0.5: each wait is 3/4 of a ceiling doubling from 500 ms, capped at 4000 ms.
    expect(waits().slice(0, 6)).toEqual([375, 750, 1500, 3000, 3000, 3000]);
    expect(c.errors).toHaveLength(1);
    expect(c.states).toEqual(['online', 'reconnecting']);
    backend = undefined;
  });

  it('stops after the server refuses with a 44xx close code: sends reject at once, and the next connect tries again', async () => {
    const b = await start();
    b.ackless = true;
    const c = await connectWs({ url: b.url, ...fast });
    const pending = c.transport.send(message(c.session.conversationId, 'queued'));
    await vi.waitFor(() => expect(framesOf(b, 'message')).toHaveLength(1));
    b.closeAll(4401, 'token expired');
    // Retryable: the chat calls connect() again, and a fresh identity token may pass.
    expect(await failure(pending)).toMatchObject({ code: 'connection_refused', retryable: true });
    expect(c.states.slice(-1)).toEqual(['closed']);
    expect(c.errors[0]?.message).toContain('(4401 token expired) and asked not to reconnect');
    // The error comes before `closed`: the chat ignores what a closed connection says afterwards.
    expect(c.all.slice(-2).map((e) => e.type)).toEqual(['error', 'connection']);
    await new Promise((r) => setTimeout(r, 60));
    expect(b.connections).toBe(1);
    const started = Date.now();
    expect(await failure(c.transport.send(message(c.session.conversationId, 'later')))).toMatchObject({ code: 'connection_refused', retryable: true });
    expect(Date.now() - started).toBeLessThan(500); // at once, not after ackTimeoutMs (3000)
    b.ackless = false;
    await c.transport.connect(() => undefined, c.session);
    expect(b.connections).toBe(2);
    expect(await c.transport.send(message(c.session.conversationId, 'after reconnecting'))).toMatchObject({ serverId: expect.any(String) });
  });

  it('reports binary and malformed frames and keeps going', async () => {
    const url = await serveWs((ws) => {
      ws.send(Buffer.from([1, 2, 3]));
      ws.send('not json');
      ws.send('{"nope":1}');
      ws.send('{"type":"message","seq":1,"message":{"id":"a","text":""}}');
      ws.send('{"type":"message","seq":2,"message":{"id":"b","text":"fine"}}');
    });
    const c = await connectWs({ url, ...fast });
    await vi.waitFor(() => expect(texts(c.events)).toEqual(['fine']));
    expect(c.errors.map((e) => (e as { code?: string }).code)).toEqual(['invalid_frame', 'invalid_response', 'invalid_frame', 'blank_message']);
    expect(c.errors[3]?.message).toContain('frame 1.message: message "a" has no text');
  });

  it('speaks another protocol through encode and decode, as presets do', async () => {
    const said: unknown[] = [];
    const url = await serveWs((ws) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data));
        said.push(frame);
        ws.send(JSON.stringify({ op: 'posted', ref: frame.ref }));
        ws.send(JSON.stringify({ op: 'bot', body: `You said ${frame.body}`, n: 1 }));
      });
    });
    const c = await connectWs({
      url,
      WebSocket,
      heartbeatIntervalMs: 0,
      encode: (frame) => (frame.type === 'message' ? JSON.stringify({ op: 'say', ref: frame.id, body: (frame.message as { text: string }).text }) : undefined),
      decode: (data) => {
        const f = JSON.parse(String(data));
        return f.op === 'posted' ? { type: 'ack', id: f.ref } : { type: 'message', seq: f.n, message: { id: `bot${f.n}`, text: f.body } };
      },
    });
    await c.transport.send(message(c.session.conversationId, 'hi'));
    expect(said).toEqual([{ op: 'say', ref: expect.any(String), body: 'hi' }]);
    await vi.waitFor(() => expect(texts(c.events)).toEqual(['You said hi']));
  });

  it('rejects the first connect when nobody listens, with a retryable error', async () => {
    const b = await start();
    await b.close();
    backend = undefined;
    const transport = createWebSocketTransport({ url: b.url, ...fast });
    open.push(transport);
    expect(await failure(connect(transport))).toMatchObject({ name: 'TransportError', code: 'connect_failed', retryable: true });
  });

  it('explains that a runtime without WebSocket needs the option', async () => {
    vi.stubGlobal('WebSocket', undefined);
    try {
      const transport = createWebSocketTransport({ url: 'wss://desk.example.com' });
      const error = await failure(connect(transport));
      expect(error).toMatchObject({ code: 'unsupported', retryable: false });
      expect(String(error.message)).toContain('pass the WebSocket option');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('close() clears every timer and the socket, fails pending sends, and emits nothing after', async () => {
    const b = await start();
    b.ackless = true;
    const pending = new Set<unknown>();
    const env = {
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
    const c = await connectWs({ url: b.url, ...fast, env });
    const waiting = c.transport.send(message(c.session.conversationId, 'unacked'));
    expect(pending.size).toBe(2); // heartbeat and ack deadline
    await c.transport.close();
    await c.transport.close();
    expect(pending.size).toBe(0);
    expect(await failure(waiting)).toMatchObject({ code: 'closed' });
    await vi.waitFor(() => expect(b.openCount()).toBe(0));
    b.push(c.session.conversationId, [{ type: 'typing', active: true }]);
    await new Promise((r) => setTimeout(r, 30));
    expect(c.all).toEqual([{ type: 'connection', state: 'online' }]);
  });

  it('with waitForReady, sends nothing but the greeting and does not resolve connect until the server is ready', async () => {
    const got: Array<Record<string, unknown>> = [];
    let welcome: (() => void) | undefined;
    const url = await serveWs((ws) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data));
        got.push(frame);
        if (frame.type === 'resume') welcome = () => ws.send(JSON.stringify({ type: 'welcome', availability: { available: true } }));
        if (frame.type === 'message') ws.send(JSON.stringify({ type: 'ack', id: frame.id }));
      });
    });
    const transport = createWebSocketTransport({
      url,
      ...fast,
      waitForReady: true,
      decode: (data) => {
        const f = JSON.parse(String(data));
        return f.type === 'welcome' ? [{ type: 'ready' }, { type: 'availability', availability: f.availability }] : f;
      },
    });
    open.push(transport);
    let connected = false;
    const connecting = connect(transport).then((c) => {
      connected = true;
      return c;
    });
    await vi.waitFor(() => expect(welcome).toBeDefined());
    await new Promise((r) => setTimeout(r, 30));
    expect(connected).toBe(false);
    welcome?.();
    const c = await connecting;
    await c.transport.send(message(c.session.conversationId, 'after welcome'));
    expect(got.map((f) => f.type)).toEqual(['resume', 'message']);
    expect(c.events).toEqual([{ type: 'availability', availability: { available: true } }]);
  });

  it('resumes after a reload from the seq kept in a cursor store', async () => {
    const b = await start();
    const kept = new Map<string, string | number | undefined>();
    const cursor = { get: (id: string) => kept.get(id), set: (id: string, seq: string | number | undefined) => void kept.set(id, seq) };
    const first = await connectWs({ url: b.url, ...fast, cursor }, 'reloaded');
    b.push('reloaded', [
      { type: 'message', message: { id: 'x1', text: 'one' } },
      { type: 'message', message: { id: 'x2', text: 'two' } },
    ]);
    await vi.waitFor(() => expect(texts(first.events)).toEqual(['one', 'two']));
    await first.transport.close();
    b.push('reloaded', [{ type: 'message', message: { id: 'x3', text: 'three' } }]);
    // A new page: a new transport, the same cursor store.
    const second = await connectWs({ url: b.url, ...fast, cursor }, 'reloaded');
    await vi.waitFor(() => expect(texts(second.events)).toEqual(['three']));
    expect(framesOf(b, 'resume').map((f) => f.lastSeq)).toEqual([undefined, 2]);
    expect(kept.get('reloaded')).toBe(3);
  });

  it('close() during the handshake rejects connect and leaves no timer', async () => {
    // Accepts TCP connections and never answers the upgrade.
    const sockets: Socket[] = [];
    const tcp: TcpServer = createTcpServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    const pending = new Set<unknown>();
    const env = {
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
    try {
      const transport = createWebSocketTransport({ url: `ws://127.0.0.1:${(tcp.address() as AddressInfo).port}`, WebSocket, env });
      const connecting = failure(connect(transport));
      await vi.waitFor(() => expect(sockets).toHaveLength(1));
      await transport.close();
      expect(await connecting).toMatchObject({ code: 'closed' });
      expect(pending.size).toBe(0);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => tcp.close(r));
    }
  });

  it.each([
    [{ url: 'ftp://desk.example.com' }, 'url'],
    [{ url: 'wss://x', protocols: 5 }, 'protocols'],
    [{ url: 'wss://x', reconnect: { base: 1 } }, 'reconnect.base'],
    [{ url: 'wss://x', ackTimeoutMs: 0 }, 'ackTimeoutMs'],
    [{ url: 'wss://x', heartbeatInterval: 5 }, 'heartbeatInterval'],
    [{ url: 'wss://x', cursor: {} }, 'cursor'],
    [{ url: 'wss://x', WebSocket: 'ws' }, 'WebSocket'],
  ])('refuses bad options with a ConfigError naming the option (%j)', (options, option) => {
    expect(() => createWebSocketTransport(options as never)).toThrowError(expect.objectContaining({ name: 'ConfigError', option }));
  });
});
