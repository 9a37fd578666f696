import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HandoffRequest, HumanTransport } from '../../../src/core/contract';
import { ConfigError } from '../../../src/core/errors';
import { transcriptToText } from '../../../src/core/transcript';
import { createChatwootTransport, type ChatwootTransportOptions } from '../../../src/transports/chatwoot';
import { chatwootBroadcastEvents } from '../../../src/transports/chatwoot-events';
import { inboxAvailability } from '../../../src/transports/chatwoot-hours';
import type { WebSocketConstructor } from '../../../src/transports/websocket';
import { connect, failure, message, texts, type Connected } from '../support/harness';
import { AGENT, startChatwootServer, type ChatwootServer } from './support/chatwoot-server';
import { memoryStorage, settle, until } from './support/wait';

let server: ChatwootServer | undefined;
const open: HumanTransport[] = [];

afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  await server?.close();
  server = undefined;
});

async function start(): Promise<ChatwootServer> {
  server = await startChatwootServer();
  return server;
}

const Socket = WebSocket as unknown as WebSocketConstructor;

function transport(s: ChatwootServer, extra: Partial<ChatwootTransportOptions> = {}): HumanTransport {
  const t = createChatwootTransport({ baseUrl: s.baseUrl, inboxIdentifier: s.inbox, WebSocket: Socket, reconnect: { baseMs: 10, maxMs: 40 }, ...extra });
  open.push(t);
  return t;
}

function request(conversationId: string, id = `req_${Math.random().toString(36).slice(2, 8)}`): HandoffRequest {
  const time = '2024-01-01T12:00:00.000Z';
  return {
    id,
    conversationId,
    transcript: {
      version: 1,
      conversationId,
      requestId: id,
      createdAt: time,
      messages: [
        { id: 'c1', author: 'customer', text: 'Where is my refund?', time },
        { id: 'b1', author: 'bot', text: 'Refunds take 5 days.', time },
      ],
      context: {
        locale: 'sv-SE',
        trigger: 'button',
        reason: "Customer pressed 'Talk to a person'",
        startedAt: time,
        page: { url: 'https://shop.example.com/orders/42', title: 'Order 42' },
        summary: { firstRequest: 'Where is my refund?', lastTurns: [] },
        custom: { plan: 'pro', nested: { ignored: true } },
      },
    },
  };
}

/**
 * Waits until the cable is subscribed and the catch-up it starts (messages, then the
 * conversation's status) is done, so what a test does next arrives over the cable only.
 */
async function live(s: ChatwootServer, c: Connected<HumanTransport>): Promise<void> {
  await until(() => c.states.includes('online'), 'the cable is online');
  await until(() => s.requests.some((r) => r.method === 'GET' && /\/conversations\/\d+$/.test(r.path)), 'the catch-up finished');
  await settle(20);
}

/** Connects as an identified customer. */
async function connectAs(t: HumanTransport, conversationId?: string): Promise<Connected<HumanTransport>> {
  const c = await connect(t, conversationId);
  c.session.user = { id: 'u-42', name: 'Ada Lovelace', email: 'ada@example.com', attributes: { plan: 'pro', orders: 3 } };
  await t.connect((event) => {
    c.all.push(event);
    if (event.type === 'connection') c.states.push(event.state);
    else if (event.type === 'error') c.errors.push(event.error);
    else c.events.push(event);
  }, c.session);
  return c;
}

describe('createChatwootTransport', () => {
  it('hands off with a contact, a conversation carrying the context, and the transcript as its first message', async () => {
    const s = await start();
    const t = transport(s, { identifierHash: async () => 'hmac-of-u-42' });
    const c = await connectAs(t);
    const req = request(c.session.conversationId);
    expect(await t.handoff(req)).toEqual({ status: 'queued' });
    expect(s.contacts).toHaveLength(1);
    expect(s.contacts[0]?.body).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      identifier: 'u-42',
      identifier_hash: 'hmac-of-u-42',
      custom_attributes: { plan: 'pro', orders: 3 },
    });
    expect(s.conversations[0]?.customAttributes).toEqual({
      plan: 'pro',
      handoff_request_id: req.id,
      handoff_trigger: 'button',
      handoff_reason: "Customer pressed 'Talk to a person'",
      locale: 'sv-SE',
      chat_conversation_id: c.session.conversationId,
      page_url: 'https://shop.example.com/orders/42',
      page_title: 'Order 42',
    });
    expect(s.conversations[0]?.messages.map((m) => [m.message_type, m.content, m.echo_id])).toEqual([[0, transcriptToText(req.transcript), `${req.id}_transcript`]]);
    await until(() => s.subscribers(s.contacts[0]?.pubsubToken) === 1, 'the cable subscribed with the pubsub token');
    expect(s.commands[0]).toEqual({ command: 'subscribe', identifier: JSON.stringify({ channel: 'RoomChannel', pubsub_token: s.contacts[0]?.pubsubToken }) });
    expect(c.events).toEqual([]);
  });

  it("shows the agent's replies with their name, typing and resolution, and not private notes or the customer's own messages", async () => {
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    await t.handoff(request(c.session.conversationId));
    await live(s, c);
    const id = s.conversations[0]?.id as number;
    s.typing(id, true, AGENT);
    s.typing(id, true, AGENT, true);
    s.reply(id, { content: 'Internal: check the refund system', private: true });
    s.reply(id, { content: 'Hi Ada, I am looking at your refund.', id: 501, created_at: 1_704_110_500 });
    s.typing(id, false, AGENT);
    await t.send(message(c.session.conversationId, 'Thank you!'));
    s.reply(id, { content: 'It was sent yesterday.', id: 502 });
    s.reply(id, { content: null, id: 503, attachments: [{ file_type: 'image', data_url: 'https://chatwoot.example.com/receipt.png' }] });
    s.setStatus(id, 'resolved');
    await until(() => c.events.some((e) => e.type === 'ended'), 'the conversation ended');
    const agent = { id: '7', name: 'Alex', avatarUrl: 'https://www.gravatar.com/avatar/abc?d=404' };
    expect(c.events).toEqual([
      { type: 'typing', active: true, agent },
      { type: 'agent-joined', agent },
      { type: 'message', message: { id: '501', text: 'Hi Ada, I am looking at your refund.', time: 1_704_110_500_000, agent } },
      { type: 'typing', active: false },
      { type: 'message', message: { id: '502', text: 'It was sent yesterday.', time: expect.any(Number), agent } },
      { type: 'message', message: { id: '503', text: '', time: expect.any(Number), attachments: [{ kind: 'image', url: 'https://chatwoot.example.com/receipt.png' }], agent } },
      { type: 'ended', by: 'agent' },
    ]);
    expect(c.errors).toEqual([]);
  });

  it('says a new agent joined when someone else takes over, seen on a status change', async () => {
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    await t.handoff(request(c.session.conversationId));
    await live(s, c);
    const id = s.conversations[0]?.id as number;
    s.assign(id, { id: 9, name: 'Sam', available_name: 'Sam', type: 'user' });
    await settle(30);
    expect(c.events).toEqual([]); // Chatwoot does not tell contacts about assignments
    s.setStatus(id, 'open');
    await until(() => c.events.length === 1, 'the join arrived');
    expect(c.events).toEqual([{ type: 'agent-joined', agent: { id: '9', name: 'Sam' } }]);
    s.reply(id, { content: 'Sam here.', sender: { id: 9, name: 'Sam', type: 'user' } });
    s.reply(id, { content: 'Captain here.', sender: { id: 1, name: 'Captain', type: 'captain_assistant' } });
    await until(() => texts(c.events).length === 2, 'both replies arrived');
    expect(c.events.map((e) => e.type)).toEqual(['agent-joined', 'message', 'message']);
  });

  it('posts customer messages with echo_id set to the message id', async () => {
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    await t.handoff(request(c.session.conversationId));
    const m = message(c.session.conversationId, 'My order number is 42');
    const receipt = await t.send(m);
    const posted = s.conversations[0]?.messages.at(-1);
    expect(posted).toMatchObject({ content: 'My order number is 42', echo_id: m.id, message_type: 0 });
    expect(receipt).toEqual({ serverId: String(posted?.id) });
  });

  it('accepts a handoff delivered twice once, and resumes a half-done one without repeating a step', async () => {
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    const req = request(c.session.conversationId);
    s.faults.conversation.push({ kind: 'status', status: 500 });
    expect(await failure(t.handoff(req))).toMatchObject({ code: 'server_error', retryable: true });
    s.faults.message.push({ kind: 'after', status: 502 });
    expect(await failure(t.handoff(req))).toMatchObject({ status: 502, retryable: true });
    await until(() => c.states.includes('online'), 'the cable is online');
    await settle(30);
    await t.handoff(req);
    await t.handoff(req);
    expect(s.contacts).toHaveLength(1);
    expect(s.conversations).toHaveLength(1);
    expect(s.conversations[0]?.messages.map((m) => m.echo_id)).toEqual([`${req.id}_transcript`]);
  });

  it('finds the conversation a lost answer created, instead of making a second one', async () => {
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    await t.handoff(request(c.session.conversationId, 'req_first'));
    await live(s, c);
    const req = request(c.session.conversationId, 'req_second');
    s.faults.conversation.push({ kind: 'after', status: 504 });
    expect(await failure(t.handoff(req))).toMatchObject({ status: 504 });
    await settle(30);
    await t.handoff(req);
    expect(s.conversations.map((x) => x.customAttributes.handoff_request_id)).toEqual(['req_first', 'req_second']);
    expect(s.conversations[1]?.messages.map((m) => m.echo_id)).toEqual(['req_second_transcript']);
  });

  it('catches up on replies and resolution missed while the cable was down', async () => {
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    await t.handoff(request(c.session.conversationId));
    await live(s, c);
    const id = s.conversations[0]?.id as number;
    s.reply(id, { content: 'First', id: 601 });
    await until(() => texts(c.events).length === 1, 'the first reply arrived');
    s.refuseCable = true;
    s.dropCable();
    await until(() => c.states.at(-1) === 'reconnecting', 'the cable is reconnecting');
    s.reply(id, { content: 'Sent while you were offline', id: 602 });
    s.setStatus(id, 'resolved');
    s.refuseCable = false;
    await until(() => c.events.some((e) => e.type === 'ended'), 'the resolution was caught up');
    expect(texts(c.events)).toEqual(['First', 'Sent while you were offline']);
    expect(c.events.filter((e) => e.type === 'agent-joined')).toHaveLength(1);
  });

  it('catches up on more than a page of replies missed while the cable was down, each once and in order', async () => {
    // Regression (transport review, finding 10): the catch-up read only the latest 20 messages.
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    await t.handoff(request(c.session.conversationId));
    await live(s, c);
    const id = s.conversations[0]?.id as number;
    s.reply(id, { content: 'Before the drop' });
    await until(() => texts(c.events).length === 1, 'the first reply arrived');
    s.refuseCable = true;
    s.dropCable();
    await until(() => c.states.at(-1) === 'reconnecting', 'the cable is reconnecting');
    const missed = Array.from({ length: 45 }, (_, i) => `Missed ${i + 1}`);
    for (const content of missed) s.reply(id, { content });
    s.refuseCable = false;
    await until(() => texts(c.events).length === 46, 'every missed reply was caught up');
    await settle(50);
    expect(texts(c.events)).toEqual(['Before the drop', ...missed]);
    const pages = s.requests.filter((r) => r.method === 'GET' && r.path.includes('/messages'));
    expect(pages.some((r) => /[?&]before=\d+/.test(r.path))).toBe(true);
  });

  it('picks the conversation up again after a reload, with what the agent wrote meanwhile', async () => {
    const s = await start();
    const storage = memoryStorage();
    const first = await connectAs(transport(s, { storage }));
    await first.transport.handoff(request(first.session.conversationId));
    const id = s.conversations[0]?.id as number;
    s.reply(id, { content: 'Hello!', id: 701 });
    await until(() => texts(first.events).length === 1, 'the reply arrived');
    await first.transport.close();
    s.reply(id, { content: 'Are you still there?', id: 702 });
    const second = await connectAs(transport(s, { storage }), first.session.conversationId);
    await until(() => texts(second.events).includes('Are you still there?'), 'the missed reply arrived');
    // Already shown before the reload: the chat drops the repeat by id, and the agent is known.
    expect(second.events.filter((e) => e.type === 'agent-joined')).toEqual([]);
    await second.transport.send(message(second.session.conversationId, 'Yes!'));
    expect(s.contacts).toHaveLength(1);
    expect(s.conversations[0]?.messages.at(-1)?.content).toBe('Yes!');
    expect(JSON.parse(storage.data.get(`handoff-chat:chatwoot:${s.inbox}:contact`) as string)).toEqual({
      sourceId: s.contacts[0]?.sourceId,
      pubsubToken: s.contacts[0]?.pubsubToken,
      userId: 'u-42',
    });
  });

  it('polls for messages when the cable cannot be used', async () => {
    const s = await start();
    s.refuseCable = true;
    const t = transport(s, { pollIntervalMs: 100, connectTimeoutMs: 500 });
    const c = await connectAs(t);
    await t.handoff(request(c.session.conversationId));
    await until(() => c.errors.some((e) => (e as { code?: string }).code === 'stream_unavailable'), 'the fallback was reported');
    s.reply(s.conversations[0]?.id as number, { content: 'Polled reply', id: 801 });
    await until(() => texts(c.events).length === 1, 'the reply was polled');
    await settle(250);
    expect(texts(c.events)).toEqual(['Polled reply']);
  });

  it('answers "unavailable" outside working hours, and delivers a left message with the transcript once', async () => {
    const s = await start();
    s.inboxDetails = { ...s.inboxDetails, working_hours_enabled: true, timezone: 'UTC', working_hours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day_of_week: day, closed_all_day: true })) };
    const t = transport(s);
    const c = await connect(t);
    expect(await t.availability?.()).toEqual({ available: false });
    const req = request(c.session.conversationId);
    expect(await t.handoff(req)).toEqual({ status: 'unavailable' });
    expect(s.contacts).toEqual([]);
    const note = { id: 'note_1', conversationId: c.session.conversationId, transcript: req.transcript, email: 'grace@example.com', name: 'Grace', message: 'Please call me back' };
    await t.leaveMessage?.(note);
    await t.leaveMessage?.(note);
    expect(s.contacts.map((x) => x.body)).toEqual([expect.objectContaining({ email: 'grace@example.com', name: 'Grace' })]);
    expect(s.conversations).toHaveLength(1);
    expect(s.conversations[0]?.customAttributes).toMatchObject({ left_message: true, reply_to: 'grace@example.com', handoff_request_id: 'note_1' });
    expect(s.conversations[0]?.messages.map((m) => m.content)).toEqual([
      transcriptToText(req.transcript),
      'Message left while nobody was available (reply to Grace, grace@example.com):\nPlease call me back',
    ]);
    s.inboxDetails = { ...s.inboxDetails, working_hours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day_of_week: day, open_all_day: true })) };
    expect(await t.availability?.()).toEqual({ available: true });
  });

  it('resolves the conversation when the customer ends it or cancels the request', async () => {
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    const req = request(c.session.conversationId);
    await t.handoff(req);
    await t.cancel?.(req.id);
    expect(s.conversations[0]?.status).toBe('resolved');
    const again = request(c.session.conversationId);
    await t.handoff(again);
    await t.end?.(c.session.conversationId);
    expect(s.conversations[1]?.status).toBe('resolved');
  });

  it('rejects a 500 as retryable and a 429 with its Retry-After, and posts the message once in the end', async () => {
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    await t.handoff(request(c.session.conversationId));
    const m = message(c.session.conversationId, 'hello?');
    s.faults.message.push({ kind: 'status', status: 500 }, { kind: 'status', status: 429, headers: { 'retry-after': '30' } });
    expect(await failure(t.send(m))).toMatchObject({ code: 'server_error', retryable: true });
    expect(await failure(t.send({ ...m, attempt: 2 }))).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 30_000 });
    await t.send({ ...m, attempt: 3 });
    expect(s.conversations[0]?.messages.filter((x) => x.echo_id === m.id)).toHaveLength(1);
  });

  it("keeps the contact's source_id, a credential, out of error messages", async () => {
    // Regression (transport review, finding 9).
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    await t.handoff(request(c.session.conversationId));
    const sourceId = s.contacts[0]?.sourceId as string;
    s.faults.message.push({ kind: 'status', status: 500 });
    const error = await failure(t.send(message(c.session.conversationId, 'hello?')));
    expect(String(error.message)).toContain('/contacts/…/conversations/');
    expect(String(error.message)).not.toContain(sourceId);
  });

  it("sends the site's identity token nowhere at Chatwoot", async () => {
    // Regression (transport review, finding 8): X-Identity-Token went to the Chatwoot installation.
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    c.session.identityToken = async () => 'site-signed-jwt';
    await t.connect(() => undefined, c.session);
    await t.handoff(request(c.session.conversationId));
    await t.send(message(c.session.conversationId, 'hello'));
    expect(s.requests.length).toBeGreaterThanOrEqual(4);
    expect(s.requests.filter((r) => r.headers['x-identity-token'] !== undefined).map((r) => r.path)).toEqual([]);
  });

  it('says closed when polling is refused for good, rejects calls at once, and starts over on the next connect', async () => {
    const s = await start();
    s.refuseCable = true;
    const t = transport(s, { pollIntervalMs: 100, connectTimeoutMs: 500 });
    const c = await connectAs(t);
    await t.handoff(request(c.session.conversationId));
    await until(() => c.errors.some((e) => (e as { code?: string }).code === 'stream_unavailable'), 'polling started');
    const contact = s.contacts.splice(0, 1)[0]; // deleted by an admin: every contact path answers 404
    await until(() => c.states.at(-1) === 'closed', 'the transport said closed');
    expect(c.errors.at(-1)).toMatchObject({ status: 404 });
    expect(await failure(t.send(message(c.session.conversationId, 'meanwhile')))).toMatchObject({ name: 'TransportError', status: 404, retryable: true });
    if (contact) s.contacts.push(contact);
    const again = await connectAs(t, c.session.conversationId);
    await t.send(message(again.session.conversationId, 'after reconnecting'));
    expect(s.conversations[0]?.messages.some((m) => m.content === 'after reconnecting')).toBe(true);
  });

  it('recognises the echo of a message whose answer was lost, and does not post it again', async () => {
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    await t.handoff(request(c.session.conversationId));
    await live(s, c);
    const m = message(c.session.conversationId, 'did it arrive?');
    s.faults.message.push({ kind: 'after', status: 502 });
    expect(await failure(t.send(m))).toMatchObject({ status: 502 });
    await settle(30);
    await t.send({ ...m, attempt: 2 });
    expect(s.conversations[0]?.messages.filter((x) => x.echo_id === m.id)).toHaveLength(1);
  });

  it('starts over with a new contact when Chatwoot no longer knows the stored one', async () => {
    const s = await start();
    const storage = memoryStorage();
    const first = await connectAs(transport(s, { storage }));
    await first.transport.handoff(request(first.session.conversationId));
    await first.transport.close();
    s.contacts.splice(0); // deleted by an admin
    const second = await connectAs(transport(s, { storage }));
    await second.transport.handoff(request(second.session.conversationId));
    expect(s.contacts).toHaveLength(1);
    expect(s.conversations.at(-1)?.contact).toBe(s.contacts[0]);
  });

  it('reports malformed answers and frames without crashing', async () => {
    const s = await start();
    const t = transport(s);
    const c = await connectAs(t);
    s.faults.contact.push({ kind: 'raw', body: '<html>maintenance</html>', contentType: 'text/html' });
    expect(await failure(t.handoff(request(c.session.conversationId)))).toMatchObject({ code: 'invalid_response', message: expect.stringMatching(/HTML page/) });
    s.faults.contact.push({ kind: 'raw', body: '{"source_id": 5}' });
    expect(await failure(t.handoff(request(c.session.conversationId)))).toMatchObject({ code: 'invalid_response', retryable: false });
    await t.handoff(request(c.session.conversationId));
    await live(s, c);
    s.sendRaw('{"identifier": "broken');
    s.reply(s.conversations[0]?.id as number, { content: 'still fine', id: 901 });
    await until(() => texts(c.events).length === 1, 'the reply arrived');
    expect(c.errors.map((e) => (e as { code?: string }).code)).toEqual(['invalid_response']);
  });

  it('refuses bad options with a ConfigError naming the option', () => {
    expect(() => createChatwootTransport({ inboxIdentifier: 'abc' } as never)).toThrow(ConfigError);
    expect(() => createChatwootTransport({ baseUrl: '/chatwoot', inboxIdentifier: 'abc' })).toThrow(/"baseUrl"/);
    expect(() => createChatwootTransport({ baseUrl: 'https://app.chatwoot.com', inboxIdentifier: 'a/b' })).toThrow(/"inboxIdentifier"/);
    expect(() => createChatwootTransport({ baseUrl: 'https://app.chatwoot.com', inboxIdentifier: 'abc', storage: {} as never })).toThrow(/"storage"/);
    expect(() => createChatwootTransport({ baseUrl: 'https://app.chatwoot.com', inboxIdentifier: 'abc', accessToken: 'x' } as never)).toThrow(/Unknown option "accessToken"/);
  });
});

describe('inboxAvailability', () => {
  const hours = (days: Array<Record<string, unknown>>, timezone = 'Europe/Stockholm') => ({ working_hours_enabled: true, timezone, working_hours: days });
  const monday = [{ day_of_week: 1, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 30 }];

  it('is open inside the hours of the day in the inbox time zone, and closed outside them', () => {
    // 2024-01-01 is a Monday; Stockholm is UTC+1 in winter.
    expect(inboxAvailability(hours(monday), Date.parse('2024-01-01T08:00:00Z'))).toEqual({ available: true });
    expect(inboxAvailability(hours(monday), Date.parse('2024-01-01T07:59:00Z'))).toEqual({ available: false });
    expect(inboxAvailability(hours(monday), Date.parse('2024-01-01T16:29:00Z'))).toEqual({ available: true });
    expect(inboxAvailability(hours(monday), Date.parse('2024-01-01T16:30:00Z'))).toEqual({ available: false });
    expect(inboxAvailability(hours(monday), Date.parse('2024-01-02T10:00:00Z'))).toEqual({ available: false });
  });

  it('honours open and closed all day, and treats disabled hours as open', () => {
    expect(inboxAvailability(hours([{ day_of_week: 1, open_all_day: true }], 'UTC'), Date.parse('2024-01-01T23:59:00Z'))).toEqual({ available: true });
    expect(inboxAvailability(hours([{ day_of_week: 1, closed_all_day: true }], 'UTC'), Date.parse('2024-01-01T12:00:00Z'))).toEqual({ available: false });
    expect(inboxAvailability({ working_hours_enabled: false }, 0)).toEqual({ available: true });
    expect(inboxAvailability(hours(monday, 'Not/AZone'), Date.parse('2024-01-01T10:00:00Z'))).toEqual({ available: true });
  });
});

describe('chatwootBroadcastEvents', () => {
  const view = (conversation: number) => ({ conversation, agent: undefined, echoed: () => undefined, agentChanged: () => undefined });

  it('ends on the conversation.resolved event older Chatwoot versions send, for the current conversation only', () => {
    expect(chatwootBroadcastEvents('conversation.resolved', { id: 3, status: 'resolved' }, view(3))).toEqual([{ type: 'ended', by: 'agent' }]);
    expect(chatwootBroadcastEvents('conversation.resolved', { id: 4, status: 'resolved' }, view(3))).toEqual([]);
  });

  it("ignores another conversation's messages and activity messages", () => {
    const agent = { id: 1, name: 'Jo', type: 'user' };
    expect(chatwootBroadcastEvents('message.created', { id: 9, content: 'x', message_type: 1, conversation_id: 4, sender: agent }, view(3))).toEqual([]);
    expect(chatwootBroadcastEvents('message.created', { id: 9, content: 'Assigned to Jo', message_type: 2, conversation_id: 3 }, view(3))).toEqual([]);
  });
});
