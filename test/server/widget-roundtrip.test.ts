/**
 * A whole widget conversation through the protocol: the real core (createChat)
 * and the shipped createHandoffTransport, over the WebSocket and over the HTTP
 * fallback, against the real hub, with a hub restart in the middle. The customer
 * sees every agent message exactly once, and the agent gets the transcript once.
 */
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChat, type Chat } from '../../src/core/chat.js';
import { createMemoryBot } from '../../src/transports/memory.js';
import type { FrameClient } from './frame-client.js';
import { connectAgent, startServer, tempDir, type TestServer } from './fixtures.js';
import { createHandoffTransport } from '../../src/transports/handoff.js';

let folder: ReturnType<typeof tempDir>;
let server: TestServer;
let chat: Chat | undefined;
const agents: FrameClient[] = [];

beforeEach(async () => {
  folder = tempDir();
  server = await startServer({ dataFile: join(folder.dir, 'hub.sqlite'), now: Date.now });
});

afterEach(async () => {
  chat?.destroy();
  for (const a of agents.splice(0)) await a.close();
  await server.close();
  expect(server.errors).toEqual([]);
  folder.remove();
});

async function until(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(['websocket', 'http'] as const)('over %s', (mode) => {
it('carries a widget conversation from the bot to a person and back, across a hub restart', async () => {
  const desk = await connectAgent(server, { id: 'agt_alex', name: 'Alex', title: 'Payments support' });
  agents.push(desk);
  const bot = createMemoryBot({ reply: () => ({ text: "Sorry, I didn't get that.", fallback: true }) });
  const human = createHandoffTransport({ url: server.wsUrl('/hub'), mode, WebSocket: WebSocket as never, env: { random: () => 0 } });
  const c = createChat({ bot, human, retry: { baseMs: 50, maxMs: 200 } });
  chat = c;
  c.open();
  c.send('I was charged twice');
  await until(() => c.state.messages.some((m) => m.author === 'bot'), 'the bot answered');
  c.requestHuman('Payment problem');

  const board = await desk.next((f) => f.type === 'board' && f.conversations.length === 1, 'the request on the board');
  const summary = board.conversations[0];
  await until(() => c.state.handoff.status === 'queued', 'the widget shows it is queued');
  expect(c.state.handoff.position).toBe(1);

  desk.send({ v: 1, type: 'open', conversationId: summary.conversationId });
  const opened = await desk.nextOf('conversation');
  expect(opened.conversation.transcript.messages.map((m: { author: string; text: string }) => `${m.author}: ${m.text}`)).toEqual([
    'customer: I was charged twice',
    "bot: Sorry, I didn't get that.",
  ]);

  await desk.request({ v: 1, type: 'accept', id: 'acc_1', conversationId: summary.conversationId, requestId: summary.requestId });
  await until(() => c.state.phase === 'human', 'a person joined');
  expect(c.state.agent).toMatchObject({ name: 'Alex' });
  await desk.request({ v: 1, type: 'message', id: 'a_1', conversationId: summary.conversationId, text: 'Hi, Alex here. Which order?' });
  await until(() => c.state.messages.some((m) => m.author === 'agent'), 'the agent message arrived');

  c.send('FW-20931');
  await desk.next((f) => f.type === 'entry' && f.entry.author === 'customer' && f.entry.text === 'FW-20931', 'the customer message');

  // The hub restarts on the same port and data file; meanwhile the agent writes twice.
  const port = server.port;
  await server.close();
  server = await startServer({ dataFile: join(folder.dir, 'hub.sqlite'), now: Date.now, port });
  const again = await connectAgent(server, { id: 'agt_alex', name: 'Alex', title: 'Payments support' });
  agents.push(again);
  await again.request({ v: 1, type: 'message', id: 'a_2', conversationId: summary.conversationId, text: 'Found it.' });
  await again.request({ v: 1, type: 'message', id: 'a_3', conversationId: summary.conversationId, text: 'Refunded the second charge.' });
  await until(() => c.state.messages.filter((m) => m.author === 'agent').length === 3, 'the widget reconnected and caught up');

  await again.request({ v: 1, type: 'end', id: 'e_1', conversationId: summary.conversationId, reason: 'Resolved' });
  await until(() => c.state.phase === 'ended', 'the conversation ended');
  c.rate({ score: 5, comment: 'Quick and kind' });
  await until(() => c.state.rating === 'sent', 'the rating was delivered');

  expect(c.state.messages.filter((m) => m.author === 'agent').map((m) => m.text)).toEqual([
    'Hi, Alex here. Which order?',
    'Found it.',
    'Refunded the second charge.',
  ]);
  expect(server.db.prepare('SELECT count(*) AS n FROM handoffs').get()).toEqual({ n: 1 });
  expect(server.db.prepare("SELECT count(*) AS n FROM entries WHERE author = 'customer'").get()).toEqual({ n: 1 });
  expect(server.db.prepare('SELECT csat_score AS score, csat_comment AS comment FROM handoffs').get()).toEqual({ score: 5, comment: 'Quick and kind' });
  for (const a of agents) a.assertAllValid();
});
});

it('falls back to HTTP when the WebSocket cannot connect, and the person still gets the request', async () => {
  const desk = await connectAgent(server, { id: 'agt_alex', name: 'Alex' });
  agents.push(desk);
  /** A network that kills every WebSocket upgrade. */
  class BlockedSocket extends WebSocket {
    constructor(url: string) {
      super(url.replace(/:\d+/, ':9'));
    }
  }
  const human = createHandoffTransport({ url: server.wsUrl('/hub'), WebSocket: BlockedSocket as never, connectTimeoutMs: 500 });
  const c = createChat({ human, retry: { baseMs: 50, maxMs: 200 } });
  chat = c;
  c.send('My card was stolen');
  await desk.next((f) => f.type === 'board' && f.conversations.length === 1, 'the request on the board');
  await until(() => c.state.handoff.status === 'queued', 'queued over HTTP');
  expect(server.db.prepare('SELECT count(*) AS n FROM handoffs').get()).toEqual({ n: 1 });
});
