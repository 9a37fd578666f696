import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TransportEvent } from '../../src/core/contract';
import { ConfigError, TransportError } from '../../src/core/errors';
import { createRestTransport } from '../../src/transports/index';
import { startHttpBackend, type HttpBackend } from './support/http-backend';
import { connect, failure, message, recordingEnv, texts } from './support/harness';

let backend: HttpBackend | undefined;
const extraServers: Server[] = [];

afterEach(async () => {
  await backend?.close();
  backend = undefined;
  await Promise.all(extraServers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function start(options: Parameters<typeof startHttpBackend>[0] = {}): Promise<HttpBackend> {
  backend = await startHttpBackend(options);
  return backend;
}

/** A one-route server for answers the wire-format backend would never give. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  extraServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const chatPosts = (b: HttpBackend) => b.requests.filter((r) => r.method === 'POST' && r.path === '/chat');

describe('createRestTransport', () => {
  it('posts the default wire format with an Idempotency-Key and shows the reply', async () => {
    const b = await start();
    const c = await connect(createRestTransport({ url: b.chatUrl, headers: { 'x-site': 'shop' } }));
    const m = { ...message(c.session.conversationId, 'Where is my order?'), quickReply: { title: 'Orders', payload: '/orders' } };
    await c.transport.send(m);
    const [post] = chatPosts(b);
    expect(post?.body).toEqual({
      conversationId: c.session.conversationId,
      message: { id: m.id, text: 'Where is my order?', time: m.time, quickReply: { title: 'Orders', payload: '/orders' } },
      session: { locale: 'sv-SE' },
    });
    expect(post?.headers).toMatchObject({ 'idempotency-key': m.id, 'content-type': 'application/json', accept: 'application/json', 'x-site': 'shop' });
    expect(texts(c.events)).toEqual(['echo: Where is my order?']);
  });

  it('delivers messages and events of one response in order', async () => {
    const b = await start();
    const reply: TransportEvent[] = [
      { type: 'message', message: { id: 'a', text: 'Let me check.' } },
      { type: 'typing', active: true },
      { type: 'message', message: { id: 'b', text: 'You want a person?', quickReplies: [{ title: 'Yes' }] } },
      { type: 'handoff-suggested', reason: 'refund' },
    ];
    b.replyQueue.push(reply);
    const c = await connect(createRestTransport({ url: b.chatUrl }));
    await c.transport.send(message(c.session.conversationId, 'refund'));
    expect(c.events).toEqual(reply);
  });

  it('treats 204 and an empty 200 as accepted with nothing to say', async () => {
    let status = 204;
    const url = await serve((_req, res) => {
      res.writeHead(status);
      res.end();
    });
    const c = await connect(createRestTransport({ url }));
    await c.transport.send(message(c.session.conversationId, 'a'));
    status = 200;
    await c.transport.send(message(c.session.conversationId, 'b'));
    expect(c.all).toEqual([]);
  });

  it('retries a 500 and then succeeds, sending the same Idempotency-Key, so the bot answers once', async () => {
    const b = await start();
    b.faults.push({ kind: 'status', status: 500 });
    const c = await connect(createRestTransport({ url: b.chatUrl, retry: { limit: 2, baseMs: 1, maxMs: 5 } }));
    const m = message(c.session.conversationId, 'hello');
    await c.transport.send(m);
    expect(chatPosts(b).map((r) => r.headers['idempotency-key'])).toEqual([m.id, m.id]);
    expect(b.accepted.map((a) => a.id)).toEqual([m.id]);
    expect(texts(c.events)).toEqual(['echo: hello']);
  });

  it('asks the headers function again for each attempt, so a refreshed token is used on the retry', async () => {
    const b = await start();
    b.faults.push({ kind: 'status', status: 503 });
    let token = 0;
    const c = await connect(createRestTransport({ url: b.chatUrl, retry: { baseMs: 1 }, headers: async () => ({ authorization: `Bearer t${++token}` }) }));
    await c.transport.send(message(c.session.conversationId, 'hi'));
    expect(chatPosts(b).map((r) => r.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('waits out a short Retry-After (seconds) on 429 before retrying', async () => {
    const b = await start();
    b.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const { env, delays } = recordingEnv();
    // A long timeout, so a busy machine never turns the recorded waits into timeouts.
    const c = await connect(createRestTransport({ url: b.chatUrl, env, timeoutMs: 300_000, retry: { baseMs: 10, maxMs: 2000 } }));
    await c.transport.send(message(c.session.conversationId, 'hi'));
    // 300000 is each attempt's timeout; 1000 is the wait the server asked for, longer than the 10 ms backoff.
    expect(delays).toEqual([300_000, 1000, 300_000]);
    expect(b.accepted).toHaveLength(1);
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    const b = await start();
    const now = Date.UTC(2030, 0, 1, 12, 0, 0);
    b.faults.push({ kind: 'status', status: 503, headers: { 'retry-after': new Date(now + 3000).toUTCString() } });
    const { env, delays } = recordingEnv();
    const c = await connect(createRestTransport({ url: b.chatUrl, env: { ...env, now: () => now }, timeoutMs: 300_000, retry: { baseMs: 10, maxMs: 5000 } }));
    await c.transport.send(message(c.session.conversationId, 'hi'));
    expect(delays).toEqual([300_000, 3000, 300_000]);
  });

  it('rejects at once with retryAfterMs when Retry-After is longer than its own retry budget, leaving the wait to the outbox', async () => {
    const b = await start();
    b.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '120' } });
    const c = await connect(createRestTransport({ url: b.chatUrl }));
    const error = await failure(c.transport.send(message(c.session.conversationId, 'hi')));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryable: true, retryAfterMs: 120_000 });
    expect(String(error.message)).toMatch(/429.*retry in 120 s/);
    expect(chatPosts(b)).toHaveLength(1);
  });

  it.each([
    [400, 'rejected'],
    [401, 'unauthorized'],
    [404, 'rejected'],
    [422, 'rejected'],
  ])('never retries a %i and says it cannot help', async (status, code) => {
    const b = await start();
    b.faults.push({ kind: 'status', status });
    const c = await connect(createRestTransport({ url: b.chatUrl, retry: { baseMs: 1 } }));
    const error = await failure(c.transport.send(message(c.session.conversationId, 'hi')));
    expect(error).toMatchObject({ name: 'TransportError', code, status, retryable: false });
    expect(chatPosts(b)).toHaveLength(1);
  });

  it.each([408, 500, 502, 503, 504])('gives up on a persistent %i with a retryable error after its quick retries', async (status) => {
    const b = await start();
    b.faults.push(...[1, 2, 3].map(() => ({ kind: 'status' as const, status })));
    const c = await connect(createRestTransport({ url: b.chatUrl, retry: { limit: 2, baseMs: 1, maxMs: 5 } }));
    const error = await failure(c.transport.send(message(c.session.conversationId, 'hi')));
    expect(error).toMatchObject({ name: 'TransportError', status, retryable: true });
    expect(chatPosts(b)).toHaveLength(3);
  });

  it('times out a backend that took the message but never answered, and the retry does not process it twice', async () => {
    const b = await start();
    b.faults.push({ kind: 'hang', process: true });
    const c = await connect(createRestTransport({ url: b.chatUrl, timeoutMs: 250, retry: { baseMs: 1 } }));
    const m = message(c.session.conversationId, 'slow?');
    await c.transport.send(m);
    expect(chatPosts(b)).toHaveLength(2);
    expect(b.accepted.map((a) => a.id)).toEqual([m.id]);
    expect(texts(c.events)).toEqual(['echo: slow?']);
  });

  it('rejects with a retryable timeout error when the backend never answers', async () => {
    const b = await start();
    b.faults.push({ kind: 'hang' });
    const c = await connect(createRestTransport({ url: b.chatUrl, timeoutMs: 100, retry: false }));
    const error = await failure(c.transport.send(message(c.session.conversationId, 'anyone?')));
    expect(error).toMatchObject({ name: 'TransportError', code: 'timeout', retryable: true });
    expect(String(error.message)).toContain('within 100 ms');
  });

  it('recovers from a connection cut halfway through the answer without losing or doubling the reply', async () => {
    const b = await start();
    b.faults.push({ kind: 'truncate' });
    const c = await connect(createRestTransport({ url: b.chatUrl, retry: { baseMs: 1 } }));
    const m = message(c.session.conversationId, 'cut');
    await c.transport.send(m);
    expect(b.accepted.map((a) => a.id)).toEqual([m.id]);
    expect(texts(c.events)).toEqual(['echo: cut']);
    expect(c.errors).toEqual([]);
  });

  it('retries malformed JSON and shows the good answer once', async () => {
    const b = await start();
    b.faults.push({ kind: 'raw', body: '{"messages":[{"id":"r1","text":"Hel' });
    const c = await connect(createRestTransport({ url: b.chatUrl, retry: { baseMs: 1 } }));
    await c.transport.send(message(c.session.conversationId, 'json'));
    expect(texts(c.events)).toEqual(['echo: json']);
  });

  it('names malformed JSON in a retryable TransportError when retries are used up', async () => {
    const b = await start();
    b.faults.push({ kind: 'raw', body: '{"messages":[' });
    const c = await connect(createRestTransport({ url: b.chatUrl, retry: false }));
    const error = await failure(c.transport.send(message(c.session.conversationId, 'json')));
    expect(error).toMatchObject({ name: 'TransportError', code: 'invalid_response', retryable: true });
    expect(String(error.message)).toMatch(/malformed JSON.*\{\\"messages\\":\[/);
    expect(c.events).toEqual([]);
  });

  it('refuses an HTML page answered with 200 and suggests checking the URL', async () => {
    const b = await start();
    b.faults.push({ kind: 'raw', contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Shop</title>' });
    const c = await connect(createRestTransport({ url: b.chatUrl, retry: false }));
    const error = await failure(c.transport.send(message(c.session.conversationId, 'html')));
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    expect(String(error.message)).toMatch(/HTML page instead of JSON \(content-type text\/html; charset=utf-8\).*Check the URL/);
  });

  it('refuses a response that is JSON of the wrong shape, without retrying', async () => {
    const b = await start();
    b.faults.push({ kind: 'raw', body: '[1,2,3]' });
    const c = await connect(createRestTransport({ url: b.chatUrl, retry: { baseMs: 1 } }));
    const error = await failure(c.transport.send(message(c.session.conversationId, 'shape')));
    expect(error).toMatchObject({ code: 'invalid_response', retryable: false });
    expect(String(error.message)).toContain('received an array');
    expect(chatPosts(b)).toHaveLength(1);
  });

  it('shows the good entries of a response and reports each bad one by path, never as a blank bubble', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          messages: [
            { id: 'a', text: 42 },
            { id: 'b', text: 'fine' },
            { id: 'c', text: '   ' },
            { id: 'd', text: 'pic', attachments: [{ kind: 'image', url: 'javascript:alert(1)' }] },
          ],
          events: [{ type: 'typing', active: 'yes' }, { type: 'teleport' }],
        }),
      );
    });
    const c = await connect(createRestTransport({ url }));
    await c.transport.send(message(c.session.conversationId, 'mixed'));
    expect(c.events).toEqual([{ type: 'message', message: { id: 'b', text: 'fine' } }]);
    expect(c.errors.map((e) => [(e as TransportError).code, e.message])).toEqual([
      ['invalid_event', 'response[0].message.text: expected a string, received 42.'],
      ['blank_message', 'response[2].message: message "c" has no text and no attachments, so it was not shown.'],
      ['invalid_event', 'response[3].message.attachments[0].url: expected an http(s) URL, received "javascript:alert(1)".'],
      ['invalid_event', 'response[4].active: expected true or false, received "yes".'],
      ['invalid_event', 'response[5].type: unknown event type "teleport".'],
    ]);
  });

  it('drops __proto__ keys instead of letting them reach any object', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"__proto__":{"polluted":true},"messages":[{"id":"a","text":"hi","__proto__":{"polluted":true},"agent":{"name":"x","__proto__":{"admin":true}}}]}');
    });
    const c = await connect(createRestTransport({ url }));
    await c.transport.send(message(c.session.conversationId, 'proto'));
    expect(c.events).toEqual([{ type: 'message', message: { id: 'a', text: 'hi', agent: { name: 'x' } } }]);
    const delivered = (c.events[0] as { message: object }).message;
    expect(Object.getPrototypeOf(delivered)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it.each([
    ['declared with content-length', true],
    ['streamed without a length', false],
  ])('refuses a huge body (%s) without reading it all', async (_name, declared) => {
    const big = JSON.stringify({ messages: [{ id: 'a', text: 'x'.repeat(50_000) }] });
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', ...(declared ? { 'content-length': Buffer.byteLength(big) } : {}) });
      if (declared) return void res.end(big);
      for (let i = 0; i < big.length; i += 4096) res.write(big.slice(i, i + 4096));
      res.end();
    });
    const c = await connect(createRestTransport({ url, maxResponseBytes: 10_000, retry: { baseMs: 1 } }));
    const error = await failure(c.transport.send(message(c.session.conversationId, 'big')));
    expect(error).toMatchObject({ code: 'response_too_large', retryable: false });
    expect(String(error.message)).toContain('larger than 10000 bytes');
    expect(c.events).toEqual([]);
  });

  it('keeps retrying while an idempotency-aware backend says 409: this Idempotency-Key is still being processed', async () => {
    // Regression (transport review, finding 6): the 409 was final, so the outbox gave up on a message the backend had taken.
    const inProgress = new Set<string>();
    const done = new Map<string, string>();
    let conflicts = 0;
    const url = await serve((req, res) => {
      req.resume();
      req.on('end', () => {
        const key = String(req.headers['idempotency-key']);
        if (done.has(key)) return void res.writeHead(200, { 'content-type': 'application/json' }).end(done.get(key));
        if (inProgress.has(key)) {
          conflicts++;
          return void res.writeHead(409, { 'content-type': 'application/json' }).end('{"error":"request in progress"}');
        }
        inProgress.add(key);
        setTimeout(() => {
          const body = JSON.stringify({ messages: [{ id: 'r1', text: 'Your order ships today' }] });
          done.set(key, body);
          res.writeHead(200, { 'content-type': 'application/json' }).end(body);
        }, 400);
      });
    });
    // The first attempt times out at 100 ms; retries follow every 60 ms (random() is 1) and meet the 409 until it is done.
    const c = await connect(createRestTransport({ url, timeoutMs: 100, retry: { limit: 10, baseMs: 60, maxMs: 60 }, env: { random: () => 1 } }));
    await c.transport.send(message(c.session.conversationId, 'where is my order'));
    expect(texts(c.events)).toEqual(['Your order ships today']);
    expect(conflicts).toBeGreaterThanOrEqual(1);
  });

  it.each([409, 425])('calls a persistent %i to a request with an Idempotency-Key retryable', async (status) => {
    const b = await start();
    b.faults.push({ kind: 'status', status }, { kind: 'status', status }, { kind: 'status', status });
    const c = await connect(createRestTransport({ url: b.chatUrl, retry: { limit: 2, baseMs: 1, maxMs: 5 } }));
    const error = await failure(c.transport.send(message(c.session.conversationId, 'hi')));
    expect(error).toMatchObject({ name: 'TransportError', code: 'in_progress', status, retryable: true });
    expect(chatPosts(b)).toHaveLength(3);
  });

  it("follows a JSON error body's own retryable verdict over the status rule", async () => {
    let answer = { status: 409, body: '{"type":"error","code":"not_in_handoff","retryable":false}' };
    const url = await serve((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body));
    });
    const c = await connect(createRestTransport({ url, retry: { limit: 2, baseMs: 1, maxMs: 5 } }));
    expect(await failure(c.transport.send(message(c.session.conversationId, 'a')))).toMatchObject({ code: 'rejected', status: 409, retryable: false });
    answer = { status: 400, body: '{"error":"busy, try again","retryable":true}' };
    expect(await failure(c.transport.send(message(c.session.conversationId, 'b')))).toMatchObject({ status: 400, retryable: true });
  });

  it('reports an unreachable backend as a retryable network error, keeping the cause', async () => {
    const url = await serve(() => undefined);
    await new Promise((r) => extraServers.pop()?.close(r));
    const c = await connect(createRestTransport({ url, retry: false }));
    const error = await failure(c.transport.send(message(c.session.conversationId, 'hi')));
    expect(error).toMatchObject({ name: 'TransportError', code: 'network_error', retryable: true });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('aborts a send under way on close, and nothing is emitted after', async () => {
    const b = await start();
    b.faults.push({ kind: 'hang', process: true });
    const c = await connect(createRestTransport({ url: b.chatUrl }));
    const pending = c.transport.send(message(c.session.conversationId, 'bye'));
    await vi.waitFor(() => expect(b.accepted).toHaveLength(1));
    await c.transport.close();
    expect(await failure(pending)).toMatchObject({ code: 'closed', retryable: true });
    expect(c.all).toEqual([]);
  });

  it('builds the request and reads the response through mapping functions, as presets do', async () => {
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const { sender, message: text } = JSON.parse(body) as { sender: string; message: string };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify([{ recipient_id: sender, text: `You said ${text}`, buttons: [{ title: 'More', payload: '/more' }] }]));
      });
    });
    const c = await connect(
      createRestTransport({
        url: (session) => `${url}webhooks/rest/webhook?c=${session.conversationId}`,
        kind: 'rasa-like',
        mapRequest: (m, session) => ({ sender: session.conversationId, message: m.text }),
        mapResponse: (body, m) =>
          (body as Array<{ text: string; buttons?: Array<{ title: string; payload: string }> }>).map((r, i) => ({
            type: 'message' as const,
            message: { id: `${m.id}_${i}`, text: r.text, quickReplies: r.buttons ?? [] },
          })),
      }),
    );
    const m = message(c.session.conversationId, 'hi');
    await c.transport.send(m);
    expect(c.events).toEqual([{ type: 'message', message: { id: `${m.id}_0`, text: 'You said hi', quickReplies: [{ title: 'More', payload: '/more' }] } }]);
  });

  it('rejects when not connected', async () => {
    const transport = createRestTransport({ url: 'https://bot.example.com/chat' });
    expect(await failure(transport.send(message('c', 'hi')))).toMatchObject({ code: 'not_connected' });
  });

  it.each([
    [{ url: 'ftp://x/chat' }, 'url'],
    [{ url: '' }, 'url'],
    [{ url: '/chat', timeout: 5 }, 'timeout'],
    [{ url: '/chat', retry: { limit: -1 } }, 'retry.limit'],
    [{ url: '/chat', retry: { tries: 3 } }, 'retry.tries'],
    [{ url: '/chat', headers: { authorization: 5 } }, 'headers.authorization'],
    [{ url: '/chat', mapResponse: 'json' }, 'mapResponse'],
  ])('refuses bad options with a ConfigError naming the option (%j)', (options, option) => {
    expect(() => createRestTransport(options as never)).toThrowError(ConfigError);
    try {
      createRestTransport(options as never);
    } catch (error) {
      expect((error as ConfigError).option).toBe(option);
    }
  });
});
