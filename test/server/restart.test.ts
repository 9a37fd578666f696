/**
 * Stopping the backend and starting it again on the same SQLite file keeps
 * everything: the conversation and its events (resume by seq), the queue, the
 * de-duplication of ids, the bot's event stream, and a half-streamed reply.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { connectAgent, connectCustomer, handoffFrame, manualClock, startServer, tempDir, type TestServer } from './fixtures.js';
import { openSse } from './sse-reader.js';

let folder: ReturnType<typeof tempDir>;
let dataFile: string;
let running: TestServer[] = [];
const clock = manualClock();

const start = async (options = {}) => {
  const server = await startServer({ dataFile, clock, ...options });
  running.push(server);
  return server;
};

beforeEach(() => {
  folder = tempDir();
  dataFile = join(folder.dir, 'demo.sqlite');
});

afterEach(async () => {
  for (const server of running) {
    await server.close();
    expect(server.errors).toEqual([]);
  }
  running = [];
  folder.remove();
});

it('keeps a conversation with a person across a restart', async () => {
  const before = await start();
  const alex = await connectAgent(before, { id: 'agt_alex', name: 'Alex' });
  const { client: customer } = await connectCustomer(before, 'cnv_r');
  const request = handoffFrame('cnv_r', 'req_r');
  const ack = await customer.request(request);
  await alex.request({ v: 1, type: 'accept', id: 'acc_1', conversationId: 'cnv_r', requestId: 'req_r' });
  await customer.nextOf('agent-joined');
  await customer.request({ v: 1, type: 'message', id: 'msg_1', conversationId: 'cnv_r', text: 'Order FW-20931', time: 1 });
  await alex.request({ v: 1, type: 'message', id: 'a_1', conversationId: 'cnv_r', text: 'Looking at it now.' });
  const lastSeen = (await customer.nextOf('agent-message')).seq as number;
  const closing = Promise.all([customer.closed, alex.closed]);
  await before.close();
  // Clients hear "going away" (1001) and know to reconnect.
  expect((await closing).map((c) => c.code)).toEqual([1001, 1001]);

  const after = await start();
  const desk = await connectAgent(after, { id: 'agt_alex', name: 'Alex' });
  const board = desk.frames.find((f) => f.type === 'board');
  expect(board?.conversations).toEqual([expect.objectContaining({ conversationId: 'cnv_r', status: 'active', agent: expect.objectContaining({ name: 'Alex' }) })]);
  desk.send({ v: 1, type: 'open', conversationId: 'cnv_r' });
  const opened = await desk.nextOf('conversation');
  expect(opened.conversation.transcript).toEqual(request.transcript);
  expect(opened.conversation.entries.map((e: { author: string; text: string }) => `${e.author}: ${e.text}`)).toEqual([
    'system: Alex joined the conversation.',
    'customer: Order FW-20931',
    'agent: Looking at it now.',
  ]);

  const { client, welcome } = await connectCustomer(after, 'cnv_r', lastSeen);
  expect(welcome.lastSeq).toBe(lastSeen);
  // Ids seen before the restart are still recognised.
  expect(await client.request(request)).toEqual(ack);
  expect(after.db.prepare('SELECT count(*) AS n FROM entries WHERE author = ?').get('customer')).toEqual({ n: 1 });
  await client.request({ v: 1, type: 'message', id: 'msg_1', conversationId: 'cnv_r', text: 'Order FW-20931', time: 1 });
  expect(after.db.prepare('SELECT count(*) AS n FROM entries WHERE author = ?').get('customer')).toEqual({ n: 1 });

  await desk.request({ v: 1, type: 'message', id: 'a_2', conversationId: 'cnv_r', text: 'Refund done.' });
  expect(await client.nextOf('agent-message')).toMatchObject({ seq: lastSeen + 1, message: { text: 'Refund done.' } });
  await desk.request({ v: 1, type: 'end', id: 'e_1', conversationId: 'cnv_r' });
  await client.nextOf('ended');
  await client.request({ v: 1, type: 'csat', id: 'rat_1', conversationId: 'cnv_r', score: 5, comment: 'Great' });
  for (const c of [client, desk]) {
    c.assertAllValid();
    await c.close();
  }

  const third = await start();
  expect(third.db.prepare('SELECT csat_score AS score, csat_comment AS comment, status FROM handoffs').get()).toEqual({ score: 5, comment: 'Great', status: 'ended' });
});

it('keeps the queue, and a restarted hub with nobody online lets the grace period run before giving up', async () => {
  const before = await start({ noAgentGraceMs: 60_000 });
  const alex = await connectAgent(before, { id: 'agt_alex', name: 'Alex' });
  const { client } = await connectCustomer(before, 'cnv_q');
  await client.request(handoffFrame('cnv_q', 'req_q'));
  await before.close();
  await Promise.all([alex.closed, client.closed]);

  const after = await start({ noAgentGraceMs: 60_000 });
  after.hub.tick();
  const { client: again } = await connectCustomer(after, 'cnv_q', 1);
  expect(await again.drain()).toEqual([]);
  const desk = await connectAgent(after, { id: 'agt_alex', name: 'Alex' });
  expect(desk.frames.find((f) => f.type === 'board')?.conversations).toEqual([expect.objectContaining({ requestId: 'req_q', status: 'waiting', position: 1 })]);
  await again.close();
  await desk.close();
});

it('resumes the bot event stream after a restart and finishes a reply that was half streamed', async () => {
  const before = await start({ streamDelayMs: 30_000 });
  const first = await openSse(`${before.url}/bot/sse/events?conversationId=cnv_b`);
  await first.waitFor(1);
  await fetch(`${before.url}/bot/sse`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId: 'cnv_b', message: { id: 'msg_b1', text: 'refund', time: 1 } }),
  });
  // With 30 s between words, only the typing event is out when the server stops.
  const seen = await first.waitFor(2);
  first.close();
  await before.close();

  const after = await start({ streamDelayMs: 1 });
  const again = await openSse(`${after.url}/bot/sse/events?conversationId=cnv_b`, { 'last-event-id': String(seen[1]?.id) });
  const final = await again.next((d) => d.type === 'message', 'the finished reply');
  const replayed = again.events.map((e) => ({ ...JSON.parse(e.data), sseId: Number(e.id) }));
  expect(replayed[0]?.sseId).toBe(3);
  expect(replayed.filter((e) => e.type === 'delta').map((e) => e.text).join('')).toBe(
    JSON.parse(final.data).message.text.replace(/\S+$/, ''),
  );
  // The message id still counts as answered: posting it again changes nothing.
  const repeat = await fetch(`${after.url}/bot/sse`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId: 'cnv_b', message: { id: 'msg_b1', text: 'refund', time: 1 } }),
  });
  expect(repeat.status).toBe(202);
  expect(after.db.prepare('SELECT count(*) AS n FROM bot_outbox').get()).toEqual({ n: 0 });
  again.close();
});
