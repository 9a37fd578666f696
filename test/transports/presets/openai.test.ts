import { afterEach, describe, expect, it } from 'vitest';
import type { Transport, TransportEvent } from '../../../src/core/contract';
import { ConfigError } from '../../../src/core/errors';
import { createOpenAITransport, type OpenAITransportOptions } from '../../../src/transports/openai';
import { connect, failure, message, recordingEnv, type Connected } from '../support/harness';
import { startOpenAIServer, type OpenAIServer } from './support/openai-server';
import { settle, until } from './support/wait';

let server: OpenAIServer | undefined;
const open: Transport[] = [];

afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  await server?.close();
  server = undefined;
});

async function start(): Promise<OpenAIServer> {
  server = await startOpenAIServer();
  return server;
}

function transport(s: OpenAIServer, extra: Partial<OpenAITransportOptions> = {}): Transport {
  const t = createOpenAITransport({ url: s.url, retry: { limit: 2, baseMs: 1, maxMs: 2000 }, ...extra });
  open.push(t);
  return t;
}

/** The text a reply's deltas built, and whether it was finished. */
function reply(events: TransportEvent[], id: string): { text: string; done: boolean } {
  const deltas = events.filter((e): e is Extract<TransportEvent, { type: 'delta' }> => e.type === 'delta' && e.id === id);
  return { text: deltas.map((d) => d.text).join(''), done: deltas.at(-1)?.done === true };
}

async function ask(c: Connected<Transport>, text: string) {
  const m = message(c.session.conversationId, text);
  await c.transport.send(m);
  await until(() => reply(c.events, `${m.id}_reply`).done || c.errors.length > 0, `the reply to "${text}" finished`);
  return m;
}

const configError = (make: () => unknown): ConfigError => {
  try {
    make();
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('createOpenAITransport', () => {
  it('posts { model, messages, stream: true } and grows one message from the streamed deltas', async () => {
    const s = await start();
    const c = await connect(transport(s, { model: 'gpt-4o-mini', system: 'You are Fern.', params: { temperature: 0.2 } }));
    const m = await ask(c, 'Where is my order?');
    const [request] = s.completions;
    expect(request?.body).toEqual({
      temperature: 0.2,
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are Fern.' },
        { role: 'user', content: 'Where is my order?' },
      ],
      stream: true,
    });
    expect(request?.key).toBe(m.id);
    expect(request?.headers.accept).toBe('text/event-stream, application/json');
    expect(c.events).toEqual([
      { type: 'delta', id: `${m.id}_reply`, text: 'Echo: ' },
      { type: 'delta', id: `${m.id}_reply`, text: 'Where ' },
      { type: 'delta', id: `${m.id}_reply`, text: 'is ' },
      { type: 'delta', id: `${m.id}_reply`, text: 'my ' },
      { type: 'delta', id: `${m.id}_reply`, text: 'order?' },
      { type: 'delta', id: `${m.id}_reply`, text: '', done: true },
    ]);
    expect(c.errors).toEqual([]);
  });

  it('sends the conversation so far for context, trimmed to maxHistory', async () => {
    const s = await start();
    const c = await connect(transport(s, { maxHistory: 2 }));
    await ask(c, 'one');
    await ask(c, 'two');
    await ask(c, 'three');
    expect(s.completions[1]?.body.messages).toEqual([
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'Echo: one' },
      { role: 'user', content: 'two' },
    ]);
    expect(s.completions[2]?.body.messages).toEqual([
      { role: 'user', content: 'two' },
      { role: 'assistant', content: 'Echo: two' },
      { role: 'user', content: 'three' },
    ]);
  });

  it('waits for a reply to finish before asking the next question, so the history is whole', async () => {
    const s = await start();
    s.chunkDelayMs = 15;
    const c = await connect(transport(s));
    const first = message(c.session.conversationId, 'first question');
    await c.transport.send(first);
    expect(reply(c.events, `${first.id}_reply`).done).toBe(false);
    const second = message(c.session.conversationId, 'second');
    await c.transport.send(second);
    expect(s.completions[1]?.body.messages).toEqual([
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'Echo: first question' },
      { role: 'user', content: 'second' },
    ]);
    await until(() => reply(c.events, `${second.id}_reply`).done, 'the second reply finished');
  });

  it('reads a plain JSON completion, asked for or not', async () => {
    const s = await start();
    const c = await connect(transport(s, { stream: false }));
    const m = message(c.session.conversationId, 'hi');
    await c.transport.send(m);
    expect(s.completions[0]?.body.stream).toBe(false);
    expect(c.events).toEqual([{ type: 'message', message: { id: `${m.id}_reply`, text: 'Echo: hi' } }]);
    const streaming = await connect(transport(s));
    s.faults.push({ kind: 'raw', body: JSON.stringify({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Not streamed' } }] }) });
    const n = message(streaming.session.conversationId, 'hello');
    await streaming.transport.send(n);
    expect(streaming.events).toEqual([{ type: 'message', message: { id: `${n.id}_reply`, text: 'Not streamed' } }]);
  });

  it('refuses API keys in options, headers and URLs with a ConfigError saying secrets never belong in a browser', () => {
    for (const option of ['apiKey', 'key', 'secret', 'authorization', 'api_key', 'token']) {
      const error = configError(() => createOpenAITransport({ url: '/api/chat', [option]: 'sk-live-123456789' } as never));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.option).toBe(option);
      expect(error.message).toMatch(/never belong in a browser/);
      expect(error.message).toMatch(/proxy/);
    }
    expect(configError(() => createOpenAITransport({ url: '/api/chat', headers: { Authorization: 'Bearer sk-proj-abcdefghijklmnop' } })).option).toBe('headers.Authorization');
    expect(configError(() => createOpenAITransport({ url: '/api/chat', headers: { 'api-key': '0123456789abcdef' } })).option).toBe('headers.api-key');
    expect(configError(() => createOpenAITransport({ url: 'https://api.openai.com/v1/chat/completions' })).message).toMatch(/points at api\.openai\.com/);
    expect(configError(() => createOpenAITransport({ url: 'https://my-resource.openai.azure.com/openai/deployments/x/chat/completions' })).option).toBe('url');
    expect(configError(() => createOpenAITransport({ url: '/api/chat?key=abc' })).message).toMatch(/"key" query parameter/);
    expect(configError(() => createOpenAITransport({ url: '/api/chat', params: { api_key: 'x' } })).option).toBe('params.api_key');
    // The site's own session token is fine.
    expect(() => createOpenAITransport({ url: '/api/chat', headers: { authorization: 'Bearer site-session-42' } })).not.toThrow();
  });

  it('refuses a key that a headers function returns, for good', async () => {
    const s = await start();
    const c = await connect(transport(s, { headers: async () => ({ authorization: 'Bearer sk-abcdefghijklmnopqrstuvwx' }) }));
    expect(await failure(c.transport.send(message(c.session.conversationId, 'hi')))).toMatchObject({
      name: 'TransportError',
      code: 'secret_refused',
      retryable: false,
      message: expect.stringMatching(/never belong in a browser/),
    });
    expect(s.completions).toEqual([]);
  });

  it('refuses bad options with a ConfigError naming the option', () => {
    expect(configError(() => createOpenAITransport({} as never)).option).toBe('url');
    expect(configError(() => createOpenAITransport({ url: '/x', params: { messages: [] } })).option).toBe('params.messages');
    expect(configError(() => createOpenAITransport({ url: '/x', model: '' })).option).toBe('model');
    expect(configError(() => createOpenAITransport({ url: '/x', maxHistory: -1 })).option).toBe('maxHistory');
    expect(configError(() => createOpenAITransport({ url: '/x', temperature: 1 } as never)).message).toMatch(/Unknown option "temperature"/);
  });

  it('retries a 500 and then streams the reply once', async () => {
    const s = await start();
    s.faults.push({ kind: 'status', status: 500 });
    const c = await connect(transport(s));
    const m = await ask(c, 'hello');
    expect(s.requests).toHaveLength(2);
    expect(s.completions).toHaveLength(1);
    expect(reply(c.events, `${m.id}_reply`)).toEqual({ text: 'Echo: hello', done: true });
  });

  it('waits out a short Retry-After and leaves a long one to the outbox', async () => {
    const s = await start();
    const { env, delays } = recordingEnv();
    const c = await connect(transport(s, { env }));
    s.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    await ask(c, 'one');
    expect(delays).toContain(1000);
    s.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    expect(await failure(c.transport.send(message(c.session.conversationId, 'two')))).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 60_000 });
    expect(s.completions).toHaveLength(1);
  });

  it('waits for a whole completion (stream: false), whose headers come only once it is written, and asks for it once', async () => {
    // Regression (transport review, finding 5): the 10 s header timeout cut every slower
    // completion and re-POSTed it twice more.
    const s = await start();
    s.answerDelayMs = 300;
    // Timers run at 1/50 of their length: the old 10 s header timeout would cut this answer at 200 ms.
    const { env, delays } = recordingEnv(0.02);
    const c = await connect(transport(s, { stream: false, env }));
    const m = message(c.session.conversationId, 'a long question');
    await c.transport.send(m);
    expect(delays).toContain(60_000);
    expect(s.completions).toHaveLength(1);
    expect(c.events).toEqual([{ type: 'message', message: { id: `${m.id}_reply`, text: 'Echo: a long question' } }]);
  });

  it('leaves a timed-out completion to the outbox instead of asking the model again at once', async () => {
    const s = await start();
    s.answerDelayMs = 300;
    const c = await connect(transport(s, { timeoutMs: 100 }));
    expect(await failure(c.transport.send(message(c.session.conversationId, 'slow')))).toMatchObject({ name: 'TransportError', code: 'timeout', retryable: true });
    await settle(400);
    expect(s.completions).toHaveLength(1);
  });

  it('rejects malformed JSON as retryable and an HTML page as a wrong URL', async () => {
    const s = await start();
    const c = await connect(transport(s, { retry: false }));
    s.faults.push({ kind: 'raw', body: '{"choices": [{"message": {"content": "cut' });
    expect(await failure(c.transport.send(message(c.session.conversationId, 'a')))).toMatchObject({ code: 'invalid_response', retryable: true });
    s.faults.push({ kind: 'raw', body: '<!doctype html><title>Login</title>', contentType: 'text/html' });
    expect(await failure(c.transport.send(message(c.session.conversationId, 'b')))).toMatchObject({
      code: 'invalid_response',
      message: expect.stringMatching(/content-type text\/html.*proxy/),
    });
    s.faults.push({ kind: 'raw', body: '{"choices": []}' });
    expect(await failure(c.transport.send(message(c.session.conversationId, 'c')))).toMatchObject({ code: 'invalid_response', retryable: false });
  });

  it('finishes a reply cut off mid-stream with what arrived, says so, and goes on', async () => {
    const s = await start();
    s.replyQueue.push('One two three four five');
    s.streamFaults.push({ kind: 'cut', afterChunks: 2 });
    const c = await connect(transport(s));
    const m = await ask(c, 'count');
    await until(() => c.errors.length === 1, 'the cut was reported');
    expect(reply(c.events, `${m.id}_reply`)).toEqual({ text: 'One two ', done: true });
    expect(c.errors[0]).toMatchObject({ code: 'stream_dropped', message: expect.stringMatching(/cut off/) });
    await ask(c, 'again');
    expect(s.completions[1]?.body.messages).toEqual([
      { role: 'user', content: 'count' },
      { role: 'assistant', content: 'One two ' },
      { role: 'user', content: 'again' },
    ]);
  });

  it('ends a stream that stalls after idleTimeoutMs', async () => {
    const s = await start();
    s.streamFaults.push({ kind: 'stall', afterChunks: 1 });
    const c = await connect(transport(s, { idleTimeoutMs: 60 }));
    const m = await ask(c, 'slow');
    await until(() => c.errors.length === 1, 'the stall was reported');
    expect(reply(c.events, `${m.id}_reply`)).toEqual({ text: 'Echo: ', done: true });
    expect(c.errors[0]).toMatchObject({ code: 'idle_timeout' });
    await until(() => s.openStreams() === 0, 'the stalled stream was closed');
  });

  it('reports an error object in the stream and a broken chunk, keeping the good text', async () => {
    const s = await start();
    s.streamFaults.push({ kind: 'error', afterChunks: 1, message: 'context length exceeded' });
    s.streamFaults.push({ kind: 'garbage', afterChunks: 1 });
    const c = await connect(transport(s));
    const first = await ask(c, 'long');
    expect(reply(c.events, `${first.id}_reply`)).toEqual({ text: 'Echo: ', done: true });
    expect(c.errors[0]).toMatchObject({ code: 'backend_error', message: expect.stringMatching(/context length exceeded/) });
    const second = message(c.session.conversationId, 'next one');
    await c.transport.send(second);
    await until(() => reply(c.events, `${second.id}_reply`).done, 'the second reply finished');
    expect(reply(c.events, `${second.id}_reply`).text).toBe('Echo: next one');
    expect(c.errors.map((e) => (e as { code?: string }).code)).toEqual(['backend_error', 'invalid_response']);
  });

  it('finishes the reply when a proxy ends the stream without [DONE]', async () => {
    const s = await start();
    s.omitDone = true;
    const c = await connect(transport(s));
    const m = await ask(c, 'no done');
    expect(reply(c.events, `${m.id}_reply`)).toEqual({ text: 'Echo: no done', done: true });
    expect(c.errors).toEqual([]);
  });

  it('never asks twice for a message already answered', async () => {
    const s = await start();
    const c = await connect(transport(s));
    const m = await ask(c, 'once');
    await c.transport.send({ ...m, attempt: 2 });
    expect(s.completions.map((r) => r.key)).toEqual([m.id]);
  });

  it('stops streaming at close and emits nothing afterwards', async () => {
    const s = await start();
    s.chunkDelayMs = 20;
    s.replyQueue.push('a b c d e f g h i j');
    const c = await connect(transport(s));
    await c.transport.send(message(c.session.conversationId, 'long'));
    await until(() => c.events.length >= 1, 'the first delta arrived');
    await c.transport.close();
    const seen = c.all.length;
    await settle(120);
    expect(c.all.length).toBe(seen);
    await until(() => s.openStreams() === 0, 'the server saw the stream end');
    expect(await failure(c.transport.send(message(c.session.conversationId, 'closed')))).toMatchObject({ code: 'not_connected' });
  });
});
