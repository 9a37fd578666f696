/**
 * Malformed and hostile backends, through the real REST, SSE and WebSocket transports
 * against real servers on 127.0.0.1, into a real chat. Each case checks: the chat
 * keeps going (every failure is a reported HandoffChatError, never a throw), the
 * customer sees exactly the valid messages in order and nothing twice, the message is
 * delivered once (or shown as not sent), nothing is polluted, times stay plausible,
 * nobody hammers the server, and the path to a person still works.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createChat, type Chat } from '../../src/core/chat';
import type { Transport } from '../../src/core/contract';
import { isHandoffChatError, type HandoffChatError } from '../../src/core/errors';
import { createMemoryHuman } from '../../src/transports/memory';
import { createRestTransport } from '../../src/transports/rest';
import { createSseTransport } from '../../src/transports/sse';
import { createWebSocketTransport } from '../../src/transports/websocket';
import { EVENT_CASES, REST_CASES, SSE_CASES, WS_CASES, type Expectation } from './cases/backend-cases';
import { startRawHttpServer, startRawWsServer } from './support/raw-servers';
import { QUIET_ESCALATION } from './support/quiet-escalation';

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
  delete (Object.prototype as Record<string, unknown>).polluted;
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, predicate: () => boolean, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

interface Run {
  chat: Chat;
  human: ReturnType<typeof createMemoryHuman>;
  errors: HandoffChatError[];
  thrown: unknown[];
}

function startChat(bot: Transport): Run {
  const human = createMemoryHuman();
  const chat = createChat({ bot, human, locale: 'en', retry: { baseMs: 20, maxMs: 40 }, escalation: QUIET_ESCALATION });
  const errors: HandoffChatError[] = [];
  const thrown: unknown[] = [];
  chat.on('error', (e) => (isHandoffChatError(e) ? errors.push(e) : thrown.push(e)));
  cleanups.push(() => chat.destroy());
  chat.open();
  return { chat, human, errors, thrown };
}

const botTexts = (chat: Chat): string[] => chat.state.messages.filter((m) => m.author === 'bot').map((m) => m.text);

/** What every case ends with. */
async function expectOutcome(run: Run, exp: Expectation, outcome: 'sent' | 'failed', attempts: () => number, maxAttempts: number): Promise<void> {
  const { chat, human, errors } = run;
  const customer = () => chat.state.messages.find((m) => m.author === 'customer');
  const codes = () => errors.map((e) => e.code);
  await until(
    `the message to be ${outcome}, ${exp.shown.length} bot messages and errors ${exp.errors ?? []}`,
    () =>
      customer()?.status === outcome &&
      botTexts(chat).length >= exp.shown.length &&
      (exp.errors ?? []).every((c) => codes().includes(c)) &&
      (!exp.handoff || chat.state.phase === 'waiting'),
  );
  // Time for duplicates, replays and retries to show up if they were going to.
  await sleep(80);

  expect(run.thrown).toEqual([]);
  expect(botTexts(chat)).toEqual(exp.shown);
  const ids = chat.state.messages.map((m) => m.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(chat.state.messages.filter((m) => m.author === 'customer').map((m) => [m.text, m.status])).toEqual([['hi', outcome]]);
  expect(attempts()).toBeLessThanOrEqual(maxAttempts);
  for (const m of chat.state.messages) expect(Math.abs(m.time - Date.now())).toBeLessThan(60_000);
  for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);

  // The path to a person still works (or is already taken, when the bot asked for one).
  if (!exp.handoff) chat.requestHuman();
  await until('the handoff request', () => human.backend.handoffs.length === 1);
  expect(chat.state.phase).toBe('waiting');
}

describe('REST transport against a hostile server', () => {
  it.each(EVENT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const server = await startRawHttpServer();
    cleanups.push(() => server.close());
    server.answers.push({ status: 200, contentType: 'application/json', body: `{"events":[${c.events.join(',')}]}` });
    const run = startChat(createRestTransport({ url: server.chatUrl, retry: false }));
    run.chat.send('hi');
    await expectOutcome(run, c, 'sent', () => server.requests.filter((r) => r.method === 'POST').length, c.restAttempts ?? 1);
    expect(server.accepted).toHaveLength(1);
  });

  it.each(REST_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const server = await startRawHttpServer();
    cleanups.push(() => server.close());
    server.answers.push({ ...c.answer, ...(c.sticky ? { sticky: true } : {}) });
    const run = startChat(createRestTransport({ url: server.chatUrl, retry: false }));
    run.chat.send('hi');
    await expectOutcome(run, c, c.outcome, () => server.requests.filter((r) => r.method === 'POST').length, c.maxAttempts);
    // Retries carry the same key: the backend processed the message once.
    expect(server.accepted).toHaveLength(1);
  });
});

describe('SSE transport against a hostile event stream', () => {
  const sse = (url: string) => createSseTransport({ url, retry: false, reconnect: { baseMs: 10, maxMs: 40 } });

  it.each(EVENT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const server = await startRawHttpServer();
    cleanups.push(() => server.close());
    server.streamAfterPost.push(c.events.map((e, i) => `id: ${i + 1}\ndata: ${e}\n\n`).join(''));
    const run = startChat(sse(server.chatUrl));
    await until('the event stream', () => server.openStreams() === 1);
    run.chat.send('hi');
    await expectOutcome(run, c, 'sent', () => server.requests.filter((r) => r.method === 'POST').length, 1);
  });

  it.each(SSE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const server = await startRawHttpServer();
    cleanups.push(() => server.close());
    if (c.eventsAnswer) server.streamAnswers.push(c.eventsAnswer);
    const run = startChat(sse(server.chatUrl));
    if (!c.eventsAnswer) await until('the event stream', () => server.openStreams() === 1);
    run.chat.send('hi');
    await until('the message', () => server.accepted.length === 1 && server.openStreams() === 1);
    await server.stream(c.stream, c.trickle);
    await expectOutcome(run, c, 'sent', () => server.requests.filter((r) => r.method === 'POST').length, 1);
  });
});

describe('WebSocket transport against a hostile server', () => {
  const ws = (url: string) =>
    createWebSocketTransport({ url, WebSocket: WebSocket as never, reconnect: { baseMs: 10, maxMs: 40 }, ackTimeoutMs: 3000 });

  it.each(EVENT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const server = await startRawWsServer();
    cleanups.push(() => server.close());
    server.afterMessage.push({ frames: c.events.map((e, i) => e.replace(/^\{/, `{"seq":${i + 1},`)) });
    const run = startChat(ws(server.url));
    run.chat.send('hi');
    await expectOutcome(run, c, 'sent', () => server.attempts.length, 1);
    expect(server.connections().opened).toBe(1);
  });

  it.each(WS_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const server = await startRawWsServer();
    cleanups.push(() => server.close());
    server.afterMessage.push({ frames: c.frames, ...(c.refuseWith ? { refuseWith: c.refuseWith } : {}) });
    const run = startChat(ws(server.url));
    run.chat.send('hi');
    await expectOutcome(run, c, c.refuseWith ? 'failed' : 'sent', () => server.attempts.length, c.maxAttempts ?? 1);
    expect(server.connections().opened).toBe(1);
  });
});
