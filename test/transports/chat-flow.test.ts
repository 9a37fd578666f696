import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChat, type Chat } from '../../src/core/index';
import { createRestTransport, createSseTransport, withHttpHandoff } from '../../src/transports/index';
import { startHttpBackend, type HttpBackend } from './support/http-backend';

const started: Array<HttpBackend | Chat> = [];

afterEach(async () => {
  for (const item of started.splice(0)) {
    if ('destroy' in item) item.destroy();
    else await item.close();
  }
});

const lines = (chat: Chat) => chat.state.messages.filter((m) => m.author !== 'system').map((m) => `${m.author}: ${m.text}`);

describe('a chat over the HTTP transports, with faults on the way', () => {
  it('loses and doubles nothing through 500s, cut answers, malformed JSON and a desk restart', async () => {
    const bot = await startHttpBackend();
    const desk = await startHttpBackend({ replies: 'sse', reply: () => [] });
    started.push(bot, desk);
    bot.faults.push({ kind: 'status', status: 500 }, { kind: 'truncate' }, { kind: 'raw', body: '{"messages":[{"id":' }, { kind: 'hang', process: true });

    const quick = { limit: 1, baseMs: 5, maxMs: 50 };
    const chat = createChat({
      bot: createRestTransport({ url: bot.chatUrl, retry: quick, timeoutMs: 200 }),
      human: withHttpHandoff(createSseTransport({ url: desk.chatUrl, retry: quick, reconnect: { baseMs: 10, maxMs: 40 } }), {
        url: `${desk.origin}/handoff`,
        retry: quick,
      }),
      retry: { baseMs: 10, maxMs: 50 },
    });
    started.push(chat);
    chat.open();
    for (const text of ['one', 'two', 'three', 'four']) chat.send(text);

    await vi.waitFor(() => expect(chat.state.messages.filter((m) => m.author === 'bot')).toHaveLength(4), { timeout: 5000 });
    // The customer typed all four before the first answer; the answers come once each, in order.
    expect(lines(chat)).toEqual([
      'customer: one',
      'customer: two',
      'customer: three',
      'customer: four',
      'bot: echo: one',
      'bot: echo: two',
      'bot: echo: three',
      'bot: echo: four',
    ]);
    expect(chat.state.messages.filter((m) => m.author === 'customer').map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(bot.accepted.map((a) => a.text)).toEqual(['one', 'two', 'three', 'four']);

    chat.requestHuman('Wants a person');
    await vi.waitFor(() => expect(desk.handoffs).toHaveLength(1), { timeout: 5000 });
    const transcript = (desk.handoffs[0]?.body as { request: { transcript: { messages: Array<{ text: string }> } } }).request.transcript;
    expect(transcript.messages.map((m) => m.text)).toEqual(['one', 'two', 'three', 'four', 'echo: one', 'echo: two', 'echo: three', 'echo: four']);

    // The desk crashes; while it is down an agent picks the conversation up and writes.
    const conversationId = chat.state.conversationId;
    await desk.down();
    desk.push(conversationId, [
      { type: 'agent-joined', agent: { name: 'Alex' } },
      { type: 'message', message: { id: 'a1', text: 'Hi, I am Alex.', agent: { name: 'Alex' } } },
    ]);
    chat.send('thanks'); // while the desk is down: the outbox keeps it until the desk is back
    await new Promise((r) => setTimeout(r, 50));
    await desk.up();
    await vi.waitFor(() => expect(chat.state.phase).toBe('human'), { timeout: 5000 });
    await vi.waitFor(() => expect(desk.accepted.map((a) => a.text)).toEqual(['thanks']), { timeout: 5000 });
    await vi.waitFor(() => expect(chat.state.messages.find((m) => m.text === 'thanks')?.status).toBe('sent'));
    expect(lines(chat).slice(8)).toEqual(['customer: thanks', 'agent: Hi, I am Alex.']);
    expect(desk.handoffs).toHaveLength(1);
  });
});

describe('the handoff request through a failing desk', () => {
  it('records one handoff when the desk answers 500 three times and then accepts', async () => {
    const desk = await startHttpBackend({ replies: 'sse', reply: () => [] });
    started.push(desk);
    desk.failStatus = 500;
    desk.failNext = 3;
    const quick = { limit: 1, baseMs: 5, maxMs: 20 };
    const chat = createChat({
      human: withHttpHandoff(createSseTransport({ url: desk.chatUrl, retry: quick }), { url: `${desk.origin}/handoff`, retry: quick }),
      retry: { baseMs: 10, maxMs: 40 },
    });
    started.push(chat);
    chat.requestHuman('Card blocked');
    await vi.waitFor(() => expect(chat.state.handoff.status).toBe('queued'), { timeout: 5000 });
    const posts = desk.requests.filter((r) => r.method === 'POST' && r.path === '/handoff');
    expect(posts).toHaveLength(4); // three 500s, then accepted
    expect(new Set(posts.map((p) => p.headers['idempotency-key'])).size).toBe(1); // always the same request id
    expect(desk.handoffs).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(desk.requests.filter((r) => r.method === 'POST' && r.path === '/handoff')).toHaveLength(4); // and nothing after
  });
});
