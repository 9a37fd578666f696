/**
 * The FAQ bot over real HTTP, in the REST and SSE formats of the generic
 * transports (wire.md): answers, quick replies, fallbacks, asking for a person,
 * idempotency by message id, and SSE resume with Last-Event-ID.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './fixtures.js';
import { openSse, type SseStream } from './sse-reader.js';

let server: TestServer;
const streams: SseStream[] = [];

beforeEach(async () => {
  server = await startServer();
});

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await server.close();
  expect(server.errors).toEqual([]);
});

let seq = 0;
const message = (text: string, extra: Record<string, unknown> = {}) => ({ id: `msg_${++seq}`, text, time: server.clock.now(), ...extra });

async function post(path: string, conversationId: string, msg: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': String(msg.id), ...headers },
    body: JSON.stringify({ conversationId, message: msg, session: { locale: 'en-GB' } }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const rest = (conversationId: string, text: string, extra: Record<string, unknown> = {}) => post('/bot/rest', conversationId, message(text, extra));

describe('REST', () => {
  it('answers "where is my order" with quick replies, and looks an order number up', async () => {
    const { status, body } = await rest('c1', 'Where is my order?');
    expect(status).toBe(200);
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]).toMatchObject({ id: expect.any(String), intent: 'order_status', text: expect.stringContaining('order number') });
    expect(body.messages[0].quickReplies.map((q: { title: string }) => q.title)).toContain('Change due date');
    expect(body.events).toBeUndefined();

    const lookup = await rest('c1', "It's FW-20931");
    expect(lookup.body.messages[0].text).toMatch(/^Order FW-20931 /);
  });

  it('explains how to change a due date, and follows the quick reply the customer chose', async () => {
    const first = await rest('c1', 'Can I change the due date?');
    expect(first.body.messages[0]).toMatchObject({ intent: 'due_date', text: expect.stringContaining('14 days') });
    const chosen = first.body.messages[0].quickReplies.find((q: { title: string }) => q.title === 'Show me the steps');
    const steps = await rest('c1', chosen.title, { quickReply: chosen });
    expect(steps.body.messages[0]).toMatchObject({ intent: 'due_date_steps', confidence: 1, text: expect.stringContaining('Postpone') });
  });

  it('answers refunds, greetings and thanks', async () => {
    expect((await rest('c1', 'I want a refund')).body.messages[0]).toMatchObject({ intent: 'refund', text: expect.stringContaining('30 days') });
    expect((await rest('c1', 'Hello!')).body.messages[0]).toMatchObject({ intent: 'greeting', text: expect.stringContaining('Fern') });
    expect((await rest('c1', 'thanks a lot')).body.messages[0]).toMatchObject({ intent: 'thanks' });
  });

  it('asks for a person at once for complaints and disputes', async () => {
    const { body } = await rest('c1', 'I was charged twice for the same order!');
    expect(body.messages[0]).toMatchObject({ intent: 'dispute' });
    expect(body.events).toEqual([{ type: 'handoff-suggested', reason: 'Complaint or payment dispute: the bot hands these to a person', context: { intent: 'dispute' } }]);
  });

  it('marks replies it did not understand, and hands over after three in a row', async () => {
    const one = await rest('c1', 'blorp');
    expect(one.body.messages[0]).toMatchObject({ fallback: true, intent: 'fallback' });
    expect(one.body.events).toBeUndefined();
    await rest('c1', 'zzz');
    const three = await rest('c1', 'qwerty');
    expect(three.body.messages[0].fallback).toBe(true);
    expect(three.body.events).toEqual([expect.objectContaining({ type: 'handoff-suggested', reason: 'The bot did not understand the customer 3 times in a row' })]);
  });

  it('counts fallbacks per conversation, and an understood message resets the count', async () => {
    await rest('c1', 'blorp');
    await rest('c1', 'zzz');
    await rest('c1', 'where is my order');
    await rest('c2', 'blorp');
    expect((await rest('c1', 'qwerty')).body.events).toBeUndefined();
  });

  it('answers a repeated message id with the same response and processes it once', async () => {
    const msg = message('blorp');
    const first = await post('/bot/rest', 'c1', msg);
    const again = await post('/bot/rest', 'c1', msg);
    expect(again).toEqual(first);
    await rest('c1', 'zzz');
    // Had the repeat been processed, this would be the third fallback in a row.
    expect((await rest('c1', 'still gibberish xq')).body.events).toEqual([expect.objectContaining({ type: 'handoff-suggested' })]);
    expect((await post('/bot/rest', 'c1', msg)).body).toEqual(first.body);
  });

  it('refuses malformed requests with a message naming the field', async () => {
    const bad = await fetch(`${server.url}/bot/rest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: 'c1', message: { text: 'hi' } }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'bad_request', message: '"message.id" must be a string of 1 to 200 characters.' } });

    const form = await fetch(`${server.url}/bot/rest`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(form.status).toBe(415);
    const broken = await fetch(`${server.url}/bot/rest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(400);
    expect((await fetch(`${server.url}/bot/rest`)).status).toBe(405);
  });
});

describe('SSE', () => {
  const events = (conversationId: string, headers: Record<string, string> = {}) =>
    openSse(`${server.url}/bot/sse/events?conversationId=${conversationId}`, headers).then((s) => {
      streams.push(s);
      return s;
    });
  const parsed = (s: SseStream) => s.events.map((e) => ({ ...JSON.parse(e.data), sseId: Number(e.id) }));

  it('greets once, then streams a reply word by word and finishes it with quick replies', async () => {
    const stream = await events('c1');
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const greeting = await stream.next((d) => d.type === 'message', 'the greeting');
    expect(stream.retry).toBe(2000);
    expect(JSON.parse(greeting.data).message.quickReplies).toHaveLength(4);

    const accepted = await post('/bot/sse', 'c1', message('Where is my order?'));
    expect(accepted).toEqual({ status: 202, body: undefined });
    const final = JSON.parse((await stream.next((d) => d.type === 'message', 'the final reply')).data);

    const all = parsed(stream);
    expect(all.map((e) => e.sseId)).toEqual(all.map((_, i) => i + 1));
    const reply = all.slice(1);
    expect(reply[0]).toMatchObject({ type: 'typing', active: true });
    const deltas = reply.filter((e) => e.type === 'delta');
    expect(deltas.length).toBeGreaterThan(10);
    expect(new Set(deltas.map((d) => d.id))).toEqual(new Set([final.message.id]));
    expect(deltas.map((d) => d.text).join('')).toBe(final.message.text.slice(0, final.message.text.lastIndexOf(' ') + 1));
    expect(final.message).toMatchObject({ intent: 'order_status', quickReplies: expect.any(Array) });
  });

  it('sends the request for a person after the reply that explains it', async () => {
    const stream = await events('c1');
    await post('/bot/sse', 'c1', message('This is a scam, I never ordered this'));
    const handoff = await stream.next((d) => d.type === 'handoff-suggested', 'handoff-suggested');
    const all = parsed(stream);
    const lastMessage = all.map((e) => e.type).lastIndexOf('message');
    expect(all.findIndex((e) => e.sseId === Number(handoff.id))).toBeGreaterThan(lastMessage);
  });

  it('resumes after a drop with Last-Event-ID: replays only the missed events, each once', async () => {
    const first = await events('c1');
    await first.next((d) => d.type === 'message', 'the greeting');
    await post('/bot/sse', 'c1', message('I want a refund'));
    const third = (await first.waitFor(3))[2] as { id: string };
    first.close();

    const lastSeen = Number(third.id);
    const again = await events('c1', { 'last-event-id': String(lastSeen) });
    await again.next((d) => d.type === 'message', 'the rest of the reply');
    const ids = parsed(again).map((e) => e.sseId);
    expect(ids[0]).toBe(lastSeen + 1);
    expect(ids).toEqual(ids.map((_, i) => lastSeen + 1 + i));
    // Greeted once only, even though a stream opened again.
    expect(parsed(again).filter((e) => e.type === 'message')).toHaveLength(1);
  });

  it('accepts a repeated message id without answering it twice', async () => {
    const stream = await events('c1');
    await stream.next((d) => d.type === 'message', 'the greeting');
    const msg = message('refund please');
    await post('/bot/sse', 'c1', msg);
    await stream.next((d) => d.type === 'message', 'the reply');
    expect((await post('/bot/sse', 'c1', msg)).status).toBe(202);
    await post('/bot/sse', 'c1', message('thanks'));
    await stream.next((d) => d.type === 'message', 'the next reply');
    const finals = parsed(stream).filter((e) => e.type === 'message').map((e) => e.message.intent);
    expect(finals).toEqual(['greeting', 'refund', 'thanks']);
  });

  it('does not greet after the answer when the stream opens after the first message', async () => {
    await post('/bot/sse', 'c1', message('Where is my order?'));
    const stream = await events('c1');
    await stream.next((d) => d.type === 'message', 'the reply');
    expect(await post('/bot/sse', 'c1', message('thanks'))).toMatchObject({ status: 202 });
    await stream.next((d) => d.type === 'message', 'the second reply');
    expect(parsed(stream).filter((e) => e.type === 'message').map((e) => e.message.intent)).toEqual(['order_status', 'thanks']);
  });

  it('requires a conversation id on the event stream', async () => {
    const response = await fetch(`${server.url}/bot/sse/events`, { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('conversationId');
  });
});
