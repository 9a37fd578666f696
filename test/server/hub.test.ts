/**
 * The handoff hub over real WebSockets, speaking docs/handoff-protocol.md.
 * Every frame the server sends is checked against the JSON Schemas by FrameClient.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FrameClient } from './frame-client.js';
import { FrameClient as Client } from './frame-client.js';
import { connectAgent, connectCustomer, handoffFrame, startServer, type TestServer } from './fixtures.js';

let server: TestServer;
const clients: FrameClient[] = [];

const track = <T extends FrameClient>(c: T): T => {
  clients.push(c);
  return c;
};
const customer = async (id: string, lastSeq = 0) => {
  const { client, welcome } = await connectCustomer(server, id, lastSeq);
  track(client);
  return { client, welcome };
};
const agent = async (id = 'agt_alex', name = 'Alex', available = true) =>
  track(await connectAgent(server, { id, name, title: 'Payments support' }, available));

beforeEach(async () => {
  server = await startServer({ queueTimeoutMs: 10 * 60_000, noAgentGraceMs: 60_000, defaultWaitSeconds: 60 });
});

afterEach(async () => {
  for (const c of clients.splice(0)) {
    c.assertAllValid();
    await c.close();
  }
  await server.close();
  expect(server.errors).toEqual([]);
});

const count = (sql: string, ...params: unknown[]) => Number(server.db.prepare(sql).get(...params)?.n);

describe('handoff requests', () => {
  it('queues a request and tells each customer its position and estimated wait', async () => {
    await agent();
    const a = (await customer('cnv_a')).client;
    const b = (await customer('cnv_b')).client;

    const ackA = await a.request(handoffFrame('cnv_a', 'req_a'));
    expect(ackA.result).toEqual({ status: 'queued', position: 1, etaSeconds: 60 });
    expect(await a.nextOf('queued')).toMatchObject({ seq: 1, requestId: 'req_a', position: 1, etaSeconds: 60 });

    const ackB = await b.request(handoffFrame('cnv_b', 'req_b'));
    expect(ackB.result).toEqual({ status: 'queued', position: 2, etaSeconds: 120 });
  });

  it('sends the ack before the events the request caused', async () => {
    await agent();
    const { client } = await customer('cnv_a');
    client.send(handoffFrame('cnv_a', 'req_a'));
    const ack = await client.answer('req_a');
    const queued = await client.nextOf('queued');
    expect(client.frames.indexOf(ack)).toBeLessThan(client.frames.indexOf(queued));
  });

  it('processes a repeated request id once and answers it with the same ack', async () => {
    const desk = await agent();
    const { client } = await customer('cnv_a');
    const frame = handoffFrame('cnv_a', 'req_a');
    const first = await client.request(frame);
    await client.nextOf('queued');
    const again = await client.request(frame);
    expect(again).toEqual(first);
    expect(await client.drain()).toEqual([]); // no second "queued"
    expect(count('SELECT count(*) AS n FROM handoffs')).toBe(1);
    const board = (await desk.drain()).filter((f) => f.type === 'board').at(-1);
    expect(board?.conversations.filter((c: { status: string }) => c.status === 'waiting')).toHaveLength(1);
  });

  it('answers the same ack to a repeat sent on a new connection', async () => {
    await agent();
    const first = (await customer('cnv_a')).client;
    const ack = await first.request(handoffFrame('cnv_a', 'req_a'));
    await first.close();
    const second = (await customer('cnv_a', 1)).client;
    expect(await second.request(handoffFrame('cnv_a', 'req_a'))).toEqual(ack);
    expect(count('SELECT count(*) AS n FROM handoffs')).toBe(1);
  });

  it('does not queue a customer twice when a new request id arrives while one is open', async () => {
    await agent();
    const { client } = await customer('cnv_a');
    await client.request(handoffFrame('cnv_a', 'req_a'));
    const second = await client.request(handoffFrame('cnv_a', 'req_b'));
    expect(second.result).toMatchObject({ status: 'queued', requestId: 'req_a', position: 1 });
    expect(count('SELECT count(*) AS n FROM handoffs')).toBe(1);
  });

  it('says nobody is available when no one is online, and stores a left message with its transcript', async () => {
    const { client } = await customer('cnv_a');
    const ack = await client.request(handoffFrame('cnv_a', 'req_a'));
    expect(ack.result).toEqual({ status: 'unavailable', reason: 'No one from the team is online right now.' });
    expect(await client.nextOf('unavailable')).toMatchObject({ seq: 1, requestId: 'req_a' });

    const note = {
      v: 1,
      type: 'leave-message',
      id: 'off_1',
      conversationId: 'cnv_a',
      email: 'sam@example.com',
      name: 'Sam',
      message: 'Please call me about FW-20931',
      transcript: handoffFrame('cnv_a', 'off_1').transcript,
    };
    expect(await client.request(note)).toEqual({ v: 1, type: 'ack', id: 'off_1' });
    expect(await client.request(note)).toEqual({ v: 1, type: 'ack', id: 'off_1' });
    expect(count('SELECT count(*) AS n FROM offline_messages')).toBe(1);

    const desk = await agent();
    const offline = desk.frames.find((f) => f.type === 'offline');
    expect(offline?.messages).toEqual([
      expect.objectContaining({ id: 'off_1', email: 'sam@example.com', name: 'Sam', message: 'Please call me about FW-20931', transcript: note.transcript }),
    ]);
  });

  it('tells waiting customers nobody is available once they waited past the queue limit', async () => {
    await agent();
    const { client } = await customer('cnv_a');
    await client.request(handoffFrame('cnv_a', 'req_a'));
    server.clock.advance(9 * 60_000);
    server.hub.tick();
    expect(await client.drain()).toEqual([expect.objectContaining({ type: 'queued' })]);
    server.clock.advance(60_000);
    server.hub.tick();
    expect(await client.nextOf('unavailable')).toMatchObject({ requestId: 'req_a', reason: 'Nobody from the team could take your request in time.' });
  });

  it('lets a customer withdraw a waiting request and moves the others up', async () => {
    await agent();
    const a = (await customer('cnv_a')).client;
    const b = (await customer('cnv_b')).client;
    await a.request(handoffFrame('cnv_a', 'req_a'));
    await b.request(handoffFrame('cnv_b', 'req_b'));
    await b.nextOf('queued');
    const ack = await a.request({ v: 1, type: 'cancel', id: 'cancel_req_a', conversationId: 'cnv_a', requestId: 'req_a' });
    expect(ack.result).toEqual({ status: 'cancelled' });
    expect(await b.nextOf('queued')).toMatchObject({ position: 1, etaSeconds: 60 });
    // The customer's own action does not come back to it as an event.
    expect((await a.drain()).filter((f) => f.seq !== undefined && f.type !== 'queued')).toEqual([]);
  });
});

describe('agents', () => {
  it('shows waiting customers with the whole transcript, context and trigger', async () => {
    const desk = await agent();
    const { client } = await customer('cnv_a');
    const frame = handoffFrame(
      'cnv_a',
      'req_a',
      [
        ['customer', 'hi'],
        ['bot', "Sorry, I didn't catch that."],
        ['customer', '<img src=x onerror=alert(1)> I was charged twice'],
      ],
      { trigger: 'bot-failure', reason: 'The bot could not help', user: { name: 'Sam Lee', email: 'sam@example.com' } },
    );
    await client.request(frame);
    const board = await desk.next((f) => f.type === 'board' && f.conversations.length === 1, 'a board with the request');
    expect(board.conversations[0]).toMatchObject({
      conversationId: 'cnv_a',
      requestId: 'req_a',
      status: 'waiting',
      position: 1,
      trigger: 'bot-failure',
      reason: 'The bot could not help',
      customer: { name: 'Sam Lee', email: 'sam@example.com' },
      firstRequest: 'hi',
    });
    desk.send({ v: 1, type: 'open', conversationId: 'cnv_a' });
    const opened = await desk.nextOf('conversation');
    expect(opened.conversation.transcript).toEqual(frame.transcript);
    expect(opened.conversation.transcript.context.custom).toEqual({ plan: 'pay-later', cartValue: 129 });
  });

  it('joins a customer, who hears it, while the next customer moves up', async () => {
    const desk = await agent();
    const a = (await customer('cnv_a')).client;
    const b = (await customer('cnv_b')).client;
    await a.request(handoffFrame('cnv_a', 'req_a'));
    await b.request(handoffFrame('cnv_b', 'req_b'));
    server.clock.advance(30_000);

    const ack = await desk.request({ v: 1, type: 'accept', id: 'acc_1', conversationId: 'cnv_a', requestId: 'req_a' });
    expect(ack).toEqual({ v: 1, type: 'ack', id: 'acc_1' });
    expect(await a.nextOf('agent-joined')).toMatchObject({ requestId: 'req_a', agent: { id: 'agt_alex', name: 'Alex', title: 'Payments support' } });
    // One measured wait of 30 s now drives the estimate.
    expect(await b.next((f) => f.type === 'queued' && f.position === 1)).toMatchObject({ etaSeconds: 30 });
    const opened = await desk.nextOf('conversation');
    expect(opened.conversation.summary).toMatchObject({ status: 'active', agent: { name: 'Alex' } });
  });

  it('refuses a conversation another person already took', async () => {
    const alex = await agent('agt_alex', 'Alex');
    const kim = await agent('agt_kim', 'Kim');
    const { client } = await customer('cnv_a');
    await client.request(handoffFrame('cnv_a', 'req_a'));
    await alex.request({ v: 1, type: 'accept', id: 'acc_1', conversationId: 'cnv_a', requestId: 'req_a' });
    const refused = await kim.request({ v: 1, type: 'accept', id: 'acc_2', conversationId: 'cnv_a', requestId: 'req_a' });
    expect(refused).toMatchObject({ type: 'error', code: 'already_taken', retryable: false, message: 'Alex already took this conversation.' });
    const write = await kim.request({ v: 1, type: 'message', id: 'k1', conversationId: 'cnv_a', text: 'hello?' });
    expect(write).toMatchObject({ type: 'error', code: 'not_assigned' });
  });

  it('returns a conversation to the queue: the customer hears the person left and is queued again', async () => {
    const desk = await agent();
    const { client } = await customer('cnv_a');
    await client.request(handoffFrame('cnv_a', 'req_a'));
    await desk.request({ v: 1, type: 'accept', id: 'acc_1', conversationId: 'cnv_a', requestId: 'req_a' });
    await client.nextOf('agent-joined');
    await desk.request({ v: 1, type: 'release', id: 'rel_1', conversationId: 'cnv_a' });
    expect(await client.nextOf('agent-left')).toMatchObject({ agent: { name: 'Alex' } });
    expect(await client.nextOf('queued')).toMatchObject({ position: 1 });
  });

  it('announces availability to connected customers when people come and go', async () => {
    const { client } = await customer('cnv_a');
    expect(client.frames.find((f) => f.type === 'availability')).toMatchObject({ agentsOnline: 0, available: false });
    const desk = await agent();
    expect(await client.nextOf('availability')).toMatchObject({ agentsOnline: 1, available: true, etaSeconds: 60 });
    await desk.request({ v: 1, type: 'status', id: 'st_1', available: false });
    expect(await client.nextOf('availability')).toMatchObject({ agentsOnline: 0, available: false });
    const asked = await client.request({ v: 1, type: 'availability', id: 'av_1' });
    expect(asked.result.availability).toMatchObject({ agentsOnline: 0, available: false, message: expect.stringContaining('Monday to Friday') });
  });

  it('tells waiting customers nobody is available when everyone has been offline past the grace period', async () => {
    const desk = await agent();
    const { client } = await customer('cnv_a');
    await client.request(handoffFrame('cnv_a', 'req_a'));
    await desk.close();
    await client.nextOf('availability');
    server.clock.advance(60_000);
    server.hub.tick();
    expect(await client.nextOf('unavailable')).toMatchObject({ reason: 'No one from the team is online right now.' });
  });
});

describe('a conversation with a person', () => {
  const joined = async () => {
    const desk = await agent();
    const { client } = await customer('cnv_a');
    await client.request(handoffFrame('cnv_a', 'req_a'));
    await desk.request({ v: 1, type: 'accept', id: 'acc_1', conversationId: 'cnv_a', requestId: 'req_a' });
    await client.nextOf('agent-joined');
    await desk.nextOf('conversation');
    return { desk, client };
  };

  it('carries messages both ways, each exactly once', async () => {
    const { desk, client } = await joined();
    const message = { v: 1, type: 'message', id: 'msg_1', conversationId: 'cnv_a', text: "It's order FW-20931", time: server.clock.now() };
    const ack = await client.request(message);
    expect(ack.result.serverId).toMatch(/^cm_/);
    expect(await desk.nextOf('entry')).toMatchObject({ conversationId: 'cnv_a', entry: { author: 'customer', text: "It's order FW-20931" } });
    expect(await client.request(message)).toEqual(ack);
    expect((await desk.drain()).filter((f) => f.type === 'entry')).toEqual([]);

    const reply = await desk.request({ v: 1, type: 'message', id: 'a_1', conversationId: 'cnv_a', text: 'Refunded the second charge.' });
    const event = await client.nextOf('agent-message');
    expect(event.message).toEqual({ id: reply.result.serverId, text: 'Refunded the second charge.', time: server.clock.now(), agent: { id: 'agt_alex', name: 'Alex', title: 'Payments support' } });
  });

  it('shows typing both ways, and only changes of the person’s typing become events', async () => {
    const { desk, client } = await joined();
    desk.send({ v: 1, type: 'typing', conversationId: 'cnv_a', active: true });
    desk.send({ v: 1, type: 'typing', conversationId: 'cnv_a', active: true });
    desk.send({ v: 1, type: 'typing', conversationId: 'cnv_a', active: false });
    await desk.drain();
    const typing = (await client.drain()).filter((f) => f.type === 'agent-typing');
    expect(typing.map((f) => f.active)).toEqual([true, false]);

    client.send({ v: 1, type: 'typing', conversationId: 'cnv_a', active: true });
    expect(await desk.nextOf('customer-typing')).toMatchObject({ conversationId: 'cnv_a', active: true });
  });

  it('hands the customer back to the bot; later messages are refused, not lost silently', async () => {
    const { desk, client } = await joined();
    await desk.request({ v: 1, type: 'hand-back', id: 'hb_1', conversationId: 'cnv_a', reason: 'Order question, the bot can take it' });
    expect(await client.nextOf('handed-back')).toMatchObject({ reason: 'Order question, the bot can take it' });
    const late = await client.request({ v: 1, type: 'message', id: 'msg_9', conversationId: 'cnv_a', text: 'thanks', time: 1 });
    expect(late).toMatchObject({ type: 'error', id: 'msg_9', code: 'not_in_handoff', retryable: false });
  });

  it('ends, then stores the rating and shows it to the person', async () => {
    const { desk, client } = await joined();
    await desk.request({ v: 1, type: 'end', id: 'end_1', conversationId: 'cnv_a', reason: 'Resolved' });
    expect(await client.nextOf('ended')).toMatchObject({ by: 'agent', reason: 'Resolved' });

    const csat = { v: 1, type: 'csat', id: 'rat_1', conversationId: 'cnv_a', score: 4, comment: 'Quick, thanks' };
    expect(await client.request(csat)).toEqual({ v: 1, type: 'ack', id: 'rat_1' });
    expect(server.db.prepare('SELECT csat_score AS score, csat_comment AS comment FROM handoffs').get()).toEqual({ score: 4, comment: 'Quick, thanks' });
    const rated = await desk.next((f) => f.type === 'entry' && f.entry.text.includes('rated'), 'the rating entry');
    expect(rated.entry).toMatchObject({ author: 'system', text: 'The customer rated the conversation 4/5: “Quick, thanks”' });
    const board = await desk.next((f) => f.type === 'board' && f.conversations[0]?.csat, 'a board with the rating');
    expect(board.conversations[0]).toMatchObject({ status: 'ended', closedBy: 'agent', csat: { score: 4, comment: 'Quick, thanks' } });

    expect(await client.request(csat)).toEqual({ v: 1, type: 'ack', id: 'rat_1' });
    expect(await client.request({ ...csat, id: 'rat_2', score: 1 })).toMatchObject({ type: 'error', code: 'already_rated' });
    expect(server.db.prepare('SELECT csat_score AS score FROM handoffs').get()).toEqual({ score: 4 });
  });

  it('lets the customer end the conversation, and the person sees it', async () => {
    const { desk, client } = await joined();
    const ack = await client.request({ v: 1, type: 'end', id: 'end_c', conversationId: 'cnv_a', requestId: 'req_a' });
    expect(ack.result).toEqual({ status: 'ended' });
    expect(await desk.nextOf('entry')).toMatchObject({ entry: { text: 'The customer ended the conversation.' } });
    // A late retry naming an older request does not end anything new.
    await client.request(handoffFrame('cnv_a', 'req_2'));
    const stale = await client.request({ v: 1, type: 'end', id: 'end_old', conversationId: 'cnv_a', requestId: 'req_a' });
    expect(stale.result).toEqual({ status: 'ended' });
    expect(server.db.prepare("SELECT status FROM handoffs WHERE request_id = 'req_2'").get()).toEqual({ status: 'waiting' });
  });

  it('refuses a rating when there was no conversation with a person', async () => {
    const { client } = await customer('cnv_z');
    const refused = await client.request({ v: 1, type: 'csat', id: 'rat_1', conversationId: 'cnv_z', score: 5 });
    expect(refused).toMatchObject({ type: 'error', code: 'not_rateable', retryable: false });
  });
});

describe('reconnecting', () => {
  it('replays exactly the missed events, in order, after a reconnect with the last seq seen', async () => {
    const desk = await agent();
    const first = (await customer('cnv_a')).client;
    await first.request(handoffFrame('cnv_a', 'req_a'));
    expect((await first.nextOf('queued')).seq).toBe(1);
    await first.close();

    await desk.request({ v: 1, type: 'accept', id: 'acc_1', conversationId: 'cnv_a', requestId: 'req_a' });
    desk.send({ v: 1, type: 'typing', conversationId: 'cnv_a', active: true });
    await desk.request({ v: 1, type: 'message', id: 'a_1', conversationId: 'cnv_a', text: 'Hi, I am Alex.' });
    await desk.request({ v: 1, type: 'message', id: 'a_2', conversationId: 'cnv_a', text: 'Which order is it?' });

    const { client, welcome } = await customer('cnv_a', 1);
    expect(welcome).toMatchObject({ lastSeq: 5 });
    expect(welcome.reset).toBeUndefined();
    await desk.request({ v: 1, type: 'message', id: 'a_3', conversationId: 'cnv_a', text: 'Are you there?' });
    await client.next((f) => f.seq === 6, 'the live event');
    const events = client.events();
    expect(events.map((f) => [f.seq, f.type])).toEqual([
      [2, 'agent-joined'],
      [3, 'agent-typing'],
      [4, 'agent-message'],
      [5, 'agent-message'],
      [6, 'agent-message'],
    ]);
    expect(events.map((f) => f.message?.text).filter(Boolean)).toEqual(['Hi, I am Alex.', 'Which order is it?', 'Are you there?']);
  });

  it('replays nothing to a client that saw everything', async () => {
    await agent();
    const first = (await customer('cnv_a')).client;
    await first.request(handoffFrame('cnv_a', 'req_a'));
    await first.nextOf('queued');
    const { client } = await customer('cnv_a', 1);
    expect(await client.drain()).toEqual([]);
  });

  it('tells a client that is ahead of the hub to reset, and replays from the start', async () => {
    await agent();
    const first = (await customer('cnv_a')).client;
    await first.request(handoffFrame('cnv_a', 'req_a'));
    await first.nextOf('queued');
    const { client, welcome } = await customer('cnv_a', 40);
    expect(welcome).toMatchObject({ lastSeq: 1, reset: true });
    expect(client.events().map((f) => f.seq)).toEqual([1]);
  });

  it('sends every event to every connection of the conversation (two tabs)', async () => {
    const desk = await agent();
    const tab1 = (await customer('cnv_a')).client;
    const tab2 = (await customer('cnv_a')).client;
    await tab1.request(handoffFrame('cnv_a', 'req_a'));
    await desk.request({ v: 1, type: 'accept', id: 'acc_1', conversationId: 'cnv_a', requestId: 'req_a' });
    expect((await tab1.nextOf('agent-joined')).seq).toBe(2);
    expect((await tab2.nextOf('agent-joined')).seq).toBe(2);
  });
});

describe('malformed and unexpected frames', () => {
  it('requires hello first, and answers other frames with hello_required', async () => {
    const c = track(await Client.open(server.wsUrl('/hub'), { schema: 'server-frame', sendSchema: 'client-frame' }));
    c.send({ v: 1, type: 'availability', id: 'av_1' });
    expect(await c.answer('av_1')).toMatchObject({ type: 'error', code: 'hello_required', retryable: false });
  });

  it('refuses a hello of another version and closes with 4400', async () => {
    const c = track(await Client.open(server.wsUrl('/hub'), { schema: 'server-frame', sendSchema: 'client-frame' }));
    c.sendRaw(JSON.stringify({ v: 2, type: 'hello', conversationId: 'cnv_a', lastSeq: 0 }));
    expect(await c.nextOf('error')).toMatchObject({ code: 'unsupported_version', supported: [1], path: '/v' });
    expect((await c.closed).code).toBe(4400);
  });

  it('names the field that is wrong, and keeps the connection open', async () => {
    const { client } = await customer('cnv_a');
    const frame = handoffFrame('cnv_a', 'req_a');
    frame.transcript.messages[0].author = 'robot';
    client.sendRaw(JSON.stringify(frame));
    expect(await client.answer('req_a')).toMatchObject({ code: 'bad_frame', path: '/transcript/messages/0/author', retryable: false });
    client.sendRaw(JSON.stringify({ ...handoffFrame('cnv_a', 'req_b'), id: 'req_other' }));
    expect(await client.answer('req_other')).toMatchObject({ code: 'bad_frame', path: '/transcript/requestId' });
    client.sendRaw('not json');
    expect(await client.next((f) => f.type === 'error' && f.message === 'The message is not valid JSON.')).toMatchObject({ code: 'bad_frame' });
    client.sendRaw(JSON.stringify({ v: 1, type: 'dance', id: 'd1' }));
    expect(await client.answer('d1')).toMatchObject({ code: 'unknown_type' });
    client.sendRaw(JSON.stringify({ v: 1, type: 'message', id: 'x1', conversationId: 'cnv_other', text: 'hi', time: 1 }));
    expect(await client.answer('x1')).toMatchObject({ code: 'conversation_mismatch' });
    expect(await client.drain()).toEqual([]);
  });

  it('closes connections that never say hello', async () => {
    await server.close();
    server = await startServer({ helloTimeoutMs: 50 });
    const c = track(await Client.open(server.wsUrl('/hub'), { schema: 'server-frame', sendSchema: 'client-frame' }));
    expect((await c.closed).code).toBe(4008);
  });

  it('refuses WebSockets opened by pages of other origins', async () => {
    const c = track(await Client.open(server.wsUrl('/hub'), { schema: 'server-frame', sendSchema: 'client-frame', origin: 'https://evil.example' }));
    expect(await c.closed).toEqual({ code: 4403, reason: 'Origin not allowed' });
    const own = track(await Client.open(server.wsUrl('/hub'), { schema: 'server-frame', sendSchema: 'client-frame', origin: server.url }));
    own.send({ v: 1, type: 'hello', conversationId: 'cnv_a', lastSeq: 0 });
    await own.nextOf('welcome');
  });
});
