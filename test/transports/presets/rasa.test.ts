import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors';
import { createRasaTransport } from '../../../src/transports/rasa';
import { connect, failure, message, recordingEnv } from '../support/harness';
import { startRasaServer, type RasaServer } from './support/rasa-server';

let server: RasaServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(bot?: Parameters<typeof startRasaServer>[0]): Promise<RasaServer> {
  server = await startRasaServer(bot);
  return server;
}

const quick = { limit: 2, baseMs: 1, maxMs: 2000 };

describe('createRasaTransport', () => {
  it('posts { sender, message, metadata } as the REST channel documents and shows every reply in order', async () => {
    const s = await start(() => [
      { text: 'Hey! How are you?', buttons: [{ title: 'great', payload: '/mood_great' }, { title: 'sad', payload: '/mood_sad' }] },
      { image: 'https://i.example.com/cheer.jpg' },
      { text: 'Here is the manual', attachment: 'https://cdn.example.com/manual.pdf' },
    ]);
    const c = await connect(createRasaTransport({ url: s.url }));
    const m = message(c.session.conversationId, 'hello');
    await c.transport.send(m);
    const [request] = s.requests;
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(request?.body).toEqual({ sender: c.session.conversationId, message: 'hello', metadata: { message_id: m.id, locale: 'sv-SE' } });
    expect(c.events).toEqual([
      {
        type: 'message',
        message: { id: `${m.id}_r0`, text: 'Hey! How are you?', quickReplies: [{ title: 'great', payload: '/mood_great' }, { title: 'sad', payload: '/mood_sad' }] },
      },
      { type: 'message', message: { id: `${m.id}_r1`, text: '', attachments: [{ kind: 'image', url: 'https://i.example.com/cheer.jpg' }] } },
      { type: 'message', message: { id: `${m.id}_r2`, text: 'Here is the manual', attachments: [{ kind: 'file', url: 'https://cdn.example.com/manual.pdf' }] } },
    ]);
    expect(c.errors).toEqual([]);
  });

  it('sends the payload of a chosen button, so Rasa reads the intent', async () => {
    const s = await start();
    const c = await connect(createRasaTransport({ url: s.url }));
    await c.transport.send({ ...message(c.session.conversationId, 'great'), quickReply: { title: 'great', payload: '/mood_great' } });
    await c.transport.send({ ...message(c.session.conversationId, 'Yes'), quickReply: { title: 'Yes' } });
    expect(s.processed.map((p) => p.text)).toEqual(['/mood_great', 'Yes']);
  });

  it('uses the sender and metadata options', async () => {
    const s = await start();
    const c = await connect(
      createRasaTransport({ url: s.url, sender: (session) => `site-${session.conversationId}`, metadata: () => ({ plan: 'pro', locale: 'en' }) }),
    );
    const m = message(c.session.conversationId, 'hi');
    await c.transport.send(m);
    expect(s.processed[0]).toMatchObject({ sender: `site-${c.session.conversationId}`, metadata: { message_id: m.id, locale: 'en', plan: 'pro' } });
  });

  it('turns custom.handoff into a handoff suggestion and ignores custom payloads for other channels', async () => {
    const s = await start(() => [
      { text: 'Let me get someone.' },
      { custom: { handoff: { reason: 'refund over limit', context: { orderId: 'A-1', amount: 120 } } } },
      { custom: { blocks: [{ type: 'section' }] } },
      { custom: { handoff: 'wants a person' } },
    ]);
    const c = await connect(createRasaTransport({ url: s.url }));
    const m = message(c.session.conversationId, 'refund');
    await c.transport.send(m);
    expect(c.events).toEqual([
      { type: 'message', message: { id: `${m.id}_r0`, text: 'Let me get someone.' } },
      { type: 'handoff-suggested', reason: 'refund over limit', context: { orderId: 'A-1', amount: 120 } },
      { type: 'handoff-suggested', reason: 'wants a person' },
    ]);
    expect(c.errors).toEqual([]);
  });

  it('passes custom payloads to mapCustom, whose events are validated', async () => {
    const s = await start(() => [{ custom: { typing: true } }, { custom: { kind: 'bogus' } }]);
    const c = await connect(
      createRasaTransport({
        url: s.url,
        mapCustom: (custom) => ((custom as { typing?: boolean }).typing ? { type: 'typing', active: true } : ({ type: 'nonsense' } as never)),
      }),
    );
    await c.transport.send(message(c.session.conversationId, 'x'));
    expect(c.events).toEqual([{ type: 'typing', active: true }]);
    expect(c.errors.map((e) => e.message)).toEqual(['reply[1].custom.type: unknown event type "nonsense".']);
  });

  it('shows the good replies of an answer and reports each bad one by its place', async () => {
    const s = await start();
    s.replyQueue.push([{ text: 'first' }, 42, { image: 'javascript:alert(1)' }, { attachment: { type: 'video', payload: { src: 'x' } } }, { text: 'last' }]);
    const c = await connect(createRasaTransport({ url: s.url }));
    const m = message(c.session.conversationId, 'x');
    await c.transport.send(m);
    expect(c.events.map((e) => (e.type === 'message' ? e.message.text : e.type))).toEqual(['first', 'last']);
    expect(c.errors.map((e) => e.message)).toEqual([
      'reply[1]: expected a reply object, received 42.',
      'reply[2].attachments[0].url: expected an http(s) URL, received "javascript:alert(1)".',
      'reply[3].attachment: only a file URL can be shown, received an object; map it in mapCustom.',
    ]);
  });

  it('retries a 500 and then succeeds, so Rasa answers once', async () => {
    const s = await start();
    s.faults.push({ kind: 'status', status: 500 });
    const { env, delays } = recordingEnv();
    const c = await connect(createRasaTransport({ url: s.url, retry: quick, env }));
    await c.transport.send(message(c.session.conversationId, 'hello'));
    expect(s.requests).toHaveLength(2);
    expect(s.processed).toHaveLength(1);
    expect(c.events).toHaveLength(1);
    expect(delays.some((d) => d > 0 && d <= 2)).toBe(true);
  });

  it('waits out a short Retry-After and leaves a long one to the outbox', async () => {
    const s = await start();
    s.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const { env, delays } = recordingEnv();
    const c = await connect(createRasaTransport({ url: s.url, retry: quick, env }));
    await c.transport.send(message(c.session.conversationId, 'one'));
    expect(delays).toContain(1000);
    s.faults.push({ kind: 'status', status: 429, headers: { 'retry-after': '120' } });
    const before = s.requests.length;
    expect(await failure(c.transport.send(message(c.session.conversationId, 'two')))).toMatchObject({
      name: 'TransportError',
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 120_000,
    });
    expect(s.requests.length - before).toBe(1);
  });

  it('does not send again a message whose answer was malformed, and names a non-array answer as a wrong URL', async () => {
    const s = await start();
    s.faults.push({ kind: 'raw', body: '[{"text": "cut' });
    const c = await connect(createRasaTransport({ url: s.url }));
    // Rasa answered 200: it processed the message, and a retry would make it process it again.
    expect(await failure(c.transport.send(message(c.session.conversationId, 'a')))).toMatchObject({ code: 'invalid_response', retryable: false });
    s.faults.push({ kind: 'raw', body: '{"status":"ok"}' });
    const error = await failure(c.transport.send(message(c.session.conversationId, 'b')));
    expect(error).toMatchObject({ code: 'invalid_response', retryable: false });
    expect(String(error.message)).toContain('/webhooks/rest/webhook');
    expect(s.processed.map((p) => p.text)).toEqual(['a', 'b']);
  });

  it('sends a message to a slow Rasa once: a timed-out POST is neither retried here nor left for the outbox to retry', async () => {
    // Regression (transport review): a custom action slower than timeoutMs made Rasa process the message three times.
    const s = await start();
    s.answerDelayMs = 400;
    const c = await connect(createRasaTransport({ url: s.url, timeoutMs: 150 }));
    const error = await failure(c.transport.send(message(c.session.conversationId, 'refund my order')));
    expect(error).toMatchObject({ name: 'TransportError', code: 'timeout', retryable: false });
    expect(String(error.message)).toContain('Rasa may have received the message');
    await new Promise((r) => setTimeout(r, 400));
    expect(s.processed.map((p) => p.text)).toEqual(['refund my order']);
  });

  it('with quick retries turned on, retries what never reached Rasa but still not a timed-out message', async () => {
    const s = await start();
    s.faults.push({ kind: 'status', status: 503 });
    const c = await connect(createRasaTransport({ url: s.url, retry: quick, timeoutMs: 150 }));
    await c.transport.send(message(c.session.conversationId, 'hello'));
    expect(s.requests).toHaveLength(2);
    expect(s.processed).toHaveLength(1);
    s.answerDelayMs = 400;
    expect(await failure(c.transport.send(message(c.session.conversationId, 'slow')))).toMatchObject({ code: 'timeout', retryable: false });
    await new Promise((r) => setTimeout(r, 400));
    expect(s.processed.map((p) => p.text)).toEqual(['hello', 'slow']);
  });

  it('never sends a message Rasa already answered again', async () => {
    const s = await start();
    const c = await connect(createRasaTransport({ url: s.url }));
    const m = message(c.session.conversationId, 'once');
    await c.transport.send(m);
    await c.transport.send({ ...m, attempt: 2 });
    expect(s.processed.map((p) => p.id)).toEqual([m.id]);
    await c.transport.close();
    expect(await failure(c.transport.send({ ...m, attempt: 3 }))).toMatchObject({ name: 'TransportError', code: 'not_connected' });
  });

  it('refuses bad options with a ConfigError naming the option', () => {
    expect(() => createRasaTransport({} as never)).toThrow(ConfigError);
    expect(() => createRasaTransport({ url: 'ftp://bot' })).toThrow(/"url"/);
    expect(() => createRasaTransport({ url: '/webhooks/rest/webhook', sender: '' })).toThrow(/"sender"/);
    expect(() => createRasaTransport({ url: '/webhooks/rest/webhook', token: 'x' } as never)).toThrow(/Unknown option "token"/);
  });
});
