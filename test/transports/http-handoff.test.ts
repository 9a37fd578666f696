import { afterEach, describe, expect, it } from 'vitest';
import type { HandoffRequest } from '../../src/core/contract';
import { ConfigError } from '../../src/core/errors';
import { createMemoryBot, createRestTransport, withHttpHandoff } from '../../src/transports/index';
import { startHttpBackend, type HttpBackend } from './support/http-backend';
import { connect, failure, texts } from './support/harness';

let backend: HttpBackend | undefined;

afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function start(): Promise<HttpBackend> {
  backend = await startHttpBackend();
  return backend;
}

function request(conversationId: string, id = `req_${conversationId}`): HandoffRequest {
  const time = '2024-05-01T10:00:00.000Z';
  return {
    id,
    conversationId,
    transcript: {
      version: 1,
      conversationId,
      requestId: id,
      createdAt: time,
      messages: [
        { id: 'm1', author: 'customer', text: 'My parcel is lost', time },
        { id: 'm2', author: 'bot', text: 'Sorry, I did not get that.', time, fallback: true },
      ],
      context: { locale: 'sv-SE', trigger: 'button', reason: "Customer pressed 'Talk to a person'", startedAt: time, summary: { lastTurns: [] } },
    },
  };
}

const paths = (b: HttpBackend, path: string) => b.requests.filter((r) => r.path === path);

describe('withHttpHandoff', () => {
  it('posts the request with its transcript under the request id as Idempotency-Key, and returns the receipt', async () => {
    const b = await start();
    const human = withHttpHandoff(createRestTransport({ url: b.chatUrl }), { url: `${b.origin}/handoff`, headers: { authorization: 'Bearer desk' } });
    const c = await connect(human);
    const req = request(c.session.conversationId);
    expect(await human.handoff(req)).toEqual({ status: 'queued', position: 2, etaSeconds: 90 });
    const [post] = paths(b, '/handoff');
    expect(post?.headers).toMatchObject({ 'idempotency-key': req.id, authorization: 'Bearer desk' });
    expect(post?.body).toEqual({ conversationId: c.session.conversationId, request: req, session: { locale: 'sv-SE' } });
  });

  it('retries a 503 with the same key, and the desk records the request once', async () => {
    const b = await start();
    const human = withHttpHandoff(createRestTransport({ url: b.chatUrl }), { url: `${b.origin}/handoff`, retry: { baseMs: 1 } });
    const c = await connect(human);
    b.failNext = 1;
    const req = request(c.session.conversationId);
    expect(await human.handoff(req)).toMatchObject({ status: 'queued' });
    await human.handoff(req);
    expect(b.handoffs.map((h) => h.id)).toEqual([req.id]);
    expect(paths(b, '/handoff').map((r) => r.headers['idempotency-key'])).toEqual([req.id, req.id, req.id]);
  });

  it('returns an agent who took the conversation at once, and emits messages the answer carries', async () => {
    const b = await start();
    b.receipt = { status: 'accepted', agent: { name: 'Alex', title: 'Support' }, messages: [{ id: 'hello', text: 'Hi, Alex here.' }] };
    const human = withHttpHandoff(createRestTransport({ url: b.chatUrl }), { url: `${b.origin}/handoff` });
    const c = await connect(human);
    expect(await human.handoff(request(c.session.conversationId))).toEqual({ status: 'accepted', agent: { name: 'Alex', title: 'Support' } });
    expect(texts(c.events)).toEqual(['Hi, Alex here.']);
  });

  it('refuses a receipt it cannot read, naming the field', async () => {
    const b = await start();
    b.receipt = { status: 'maybe' };
    const human = withHttpHandoff(createRestTransport({ url: b.chatUrl }), { url: `${b.origin}/handoff` });
    const c = await connect(human);
    const error = await failure(human.handoff(request(c.session.conversationId)));
    expect(error).toMatchObject({ name: 'TransportError', code: 'invalid_response', retryable: false });
    expect(String(error.message)).toBe('receipt.status: expected "queued", "accepted" or "unavailable", received "maybe".');
  });

  it('turns a URL function or mapRequest that throws into a final map_failed TransportError', async () => {
    const b = await start();
    const badUrl = withHttpHandoff(createRestTransport({ url: b.chatUrl }), {
      url: () => {
        throw new Error('no desk for this locale');
      },
    });
    const c = await connect(badUrl);
    const error = await failure(badUrl.handoff(request(c.session.conversationId)));
    expect(error).toMatchObject({ name: 'TransportError', code: 'map_failed', retryable: false });
    expect(String(error.message)).toContain('no desk for this locale');
    const badMap = withHttpHandoff(createRestTransport({ url: b.chatUrl }), {
      url: `${b.origin}/handoff`,
      mapRequest: () => {
        throw new TypeError('transcript.messages is not iterable');
      },
    });
    const d = await connect(badMap);
    expect(await failure(badMap.handoff(request(d.session.conversationId)))).toMatchObject({ name: 'TransportError', code: 'map_failed', retryable: false });
    expect(paths(b, '/handoff')).toHaveLength(0);
  });

  it('adds cancel, end, rate, leaveMessage and availability only when their URL is given', async () => {
    const b = await start();
    const bare = withHttpHandoff(createRestTransport({ url: b.chatUrl }), { url: `${b.origin}/handoff` });
    expect([bare.cancel, bare.end, bare.rate, bare.leaveMessage, bare.availability]).toEqual([undefined, undefined, undefined, undefined, undefined]);

    const human = withHttpHandoff(createRestTransport({ url: b.chatUrl }), {
      url: `${b.origin}/handoff`,
      cancelUrl: `${b.origin}/handoff/cancel`,
      endUrl: `${b.origin}/end`,
      ratingUrl: `${b.origin}/rating`,
      offlineUrl: `${b.origin}/offline`,
      availabilityUrl: `${b.origin}/availability`,
    });
    const c = await connect(human);
    const id = c.session.conversationId;
    const req = request(id);
    await human.cancel?.(req.id);
    await human.end?.(id);
    await human.rate?.({ id: 'rating_1', conversationId: id, score: 5, comment: 'Quick!' });
    await human.leaveMessage?.({ id: 'note_1', conversationId: id, email: 'a@example.com', message: 'Call me', transcript: req.transcript });
    expect(await human.availability?.()).toEqual({ available: true, etaSeconds: 60 });
    expect(b.posts).toEqual({
      cancel: [{ conversationId: id, requestId: req.id }],
      end: [{ conversationId: id }],
      rating: [{ id: 'rating_1', conversationId: id, score: 5, comment: 'Quick!' }],
      offline: [{ id: 'note_1', conversationId: id, email: 'a@example.com', message: 'Call me', transcript: req.transcript }],
    });
    expect(paths(b, '/rating')[0]?.headers['idempotency-key']).toBe('rating_1');
    expect(paths(b, '/handoff/cancel')[0]?.headers['idempotency-key']).toBe(`cancel_${req.id}`);
    expect(paths(b, '/availability')[0]?.method).toBe('GET');
  });

  it('keeps what the wrapped transport offers besides the contract', async () => {
    const human = withHttpHandoff(createMemoryBot({ reply: (t) => `echo ${t}` }), { url: 'https://desk.example.com/handoff' });
    const c = await connect(human);
    await human.send({ id: 'm1', conversationId: c.session.conversationId, text: 'hi', time: 1, attempt: 1 });
    expect(human.backend.received.map((m) => m.text)).toEqual(['hi']);
    expect(human.kind).toBe('memory-bot');
    expect(texts(c.events)).toEqual(['echo hi']);
  });

  it('rejects calls before connect', async () => {
    const human = withHttpHandoff(createMemoryBot(), { url: 'https://desk.example.com/handoff' });
    expect(await failure(human.handoff(request('c')))).toMatchObject({ code: 'not_connected' });
  });

  it('refuses a missing transport or a bad URL with a ConfigError', () => {
    expect(() => withHttpHandoff(undefined as never, { url: '/handoff' })).toThrowError(ConfigError);
    expect(() => withHttpHandoff(createMemoryBot(), { url: 'javascript:alert(1)' })).toThrowError(/Invalid option "url"/);
    expect(() => withHttpHandoff(createMemoryBot(), { url: '/handoff', offlineURL: '/x' } as never)).toThrowError(/Unknown option "offlineURL"/);
  });
});
