/**
 * The hub's HTTP fallback: frames POSTed to /hub/frames, events read from
 * /hub/events as server-sent events or a JSON long-poll. Every frame is checked
 * against the schemas.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FrameClient } from './frame-client.js';
import { connectAgent, handoffFrame, startServer, type TestServer } from './fixtures.js';
import { assertValid, loadSchemas } from './json-schema.js';
import { openSse, type SseStream } from './sse-reader.js';

const schemas = loadSchemas();
let server: TestServer;
let desk: FrameClient;
const streams: SseStream[] = [];

beforeEach(async () => {
  server = await startServer();
  desk = await connectAgent(server, { id: 'agt_alex', name: 'Alex' });
});

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  desk.assertAllValid();
  await desk.close();
  await server.close();
  expect(server.errors).toEqual([]);
});

async function postFrame(frame: unknown, contentType = 'application/json') {
  const response = await fetch(`${server.url}/hub/frames`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof frame === 'string' ? frame : JSON.stringify(frame),
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (body) assertValid(schemas, 'server-frame', body);
  return { status: response.status, body };
}

async function poll(conversationId: string, after: number, wait = 0) {
  const response = await fetch(`${server.url}/hub/events?conversationId=${conversationId}&after=${after}&wait=${wait}`, {
    headers: { accept: 'application/json' },
  });
  const body = await response.json();
  if (response.ok) assertValid(schemas, 'http-events', body);
  return { status: response.status, body };
}

const accept = (conversationId: string, requestId: string) =>
  desk.request({ v: 1, type: 'accept', id: `acc_${requestId}`, conversationId, requestId });

describe('POST /hub/frames', () => {
  it('acks a handoff request, and answers a repeat with the same ack without queueing twice', async () => {
    const frame = handoffFrame('cnv_h', 'req_h');
    const first = await postFrame(frame);
    expect(first).toEqual({ status: 200, body: { v: 1, type: 'ack', id: 'req_h', result: { status: 'queued', position: 1, etaSeconds: 60 } } });
    expect(await postFrame(frame)).toEqual(first);
    expect(server.db.prepare('SELECT count(*) AS n FROM handoffs').get()).toEqual({ n: 1 });
  });

  it('answers refusals with the error frame and a fitting status', async () => {
    expect(await postFrame({ v: 1, type: 'message', id: 'm1', conversationId: 'cnv_h', text: 'hi', time: 1 })).toMatchObject({
      status: 409,
      body: { type: 'error', id: 'm1', code: 'not_in_handoff', retryable: false },
    });
    expect(await postFrame({ v: 1, type: 'message', id: 'm1', conversationId: 'cnv_h', time: 1 })).toMatchObject({
      status: 400,
      body: { code: 'bad_frame', path: '/text' },
    });
    expect(await postFrame({ v: 1, type: 'hello', conversationId: 'cnv_h', lastSeq: 0 })).toMatchObject({ status: 400, body: { code: 'bad_frame' } });
    expect(await postFrame('{"v":1', 'application/json')).toMatchObject({ status: 400, body: { code: 'bad_frame' } });
    // A cross-site form can only send text/plain and the like; it is refused before anything happens.
    expect(await postFrame(JSON.stringify(handoffFrame('cnv_h', 'req_x')), 'text/plain')).toMatchObject({ status: 415 });
    expect(server.db.prepare('SELECT count(*) AS n FROM handoffs').get()).toEqual({ n: 0 });
  });

  it('answers an availability question', async () => {
    const { body } = await postFrame({ v: 1, type: 'availability', id: 'av_1' });
    expect(body.result.availability).toMatchObject({ agentsOnline: 1, available: true, etaSeconds: 60 });
  });
});

describe('GET /hub/events as server-sent events', () => {
  const open = (conversationId: string, query = '', headers: Record<string, string> = {}) =>
    openSse(`${server.url}/hub/events?conversationId=${conversationId}${query}`, headers).then((s) => {
      streams.push(s);
      return s;
    });
  const frames = (s: SseStream) =>
    s.events.map((e) => {
      const frame = JSON.parse(e.data);
      assertValid(schemas, 'server-frame', frame);
      return { sseId: e.id, ...frame };
    });

  it('starts with welcome and availability without ids, then events with their seq as id', async () => {
    await postFrame(handoffFrame('cnv_h', 'req_h'));
    const stream = await open('cnv_h');
    await stream.next((f) => f.type === 'queued', 'queued');
    await accept('cnv_h', 'req_h');
    await stream.next((f) => f.type === 'agent-joined', 'agent-joined');
    expect(frames(stream).map((f) => [f.sseId, f.type])).toEqual([
      [undefined, 'welcome'],
      [undefined, 'availability'],
      ['1', 'queued'],
      ['2', 'agent-joined'],
    ]);
  });

  it('resumes from Last-Event-ID (or after=), replaying only what was missed', async () => {
    await postFrame(handoffFrame('cnv_h', 'req_h'));
    await accept('cnv_h', 'req_h');
    await desk.request({ v: 1, type: 'message', id: 'a1', conversationId: 'cnv_h', text: 'Hi, Alex here.' });
    const stream = await open('cnv_h', '', { 'last-event-id': '2' });
    await stream.next((f) => f.type === 'agent-message', 'the missed message');
    expect(frames(stream).filter((f) => f.sseId)).toEqual([expect.objectContaining({ sseId: '3', seq: 3, message: expect.objectContaining({ text: 'Hi, Alex here.' }) })]);

    const byQuery = await open('cnv_h', '&after=2');
    await byQuery.next((f) => f.type === 'agent-message', 'the missed message');
    expect(frames(byQuery).filter((f) => f.sseId).map((f) => f.seq)).toEqual([3]);
  });

  it('carries a whole conversation with frames POSTed alongside', async () => {
    const stream = await open('cnv_h');
    await postFrame(handoffFrame('cnv_h', 'req_h'));
    await accept('cnv_h', 'req_h');
    await stream.next((f) => f.type === 'agent-joined', 'agent-joined');
    const sent = await postFrame({ v: 1, type: 'message', id: 'msg_1', conversationId: 'cnv_h', text: 'Order FW-20931', time: 1 });
    expect(sent.body.result.serverId).toMatch(/^cm_/);
    expect(await desk.next((f) => f.type === 'entry' && f.entry.author === 'customer', 'the customer line')).toMatchObject({ entry: { text: 'Order FW-20931' } });
    await desk.request({ v: 1, type: 'end', id: 'e1', conversationId: 'cnv_h' });
    await stream.next((f) => f.type === 'ended', 'ended');
    expect((await postFrame({ v: 1, type: 'csat', id: 'r1', conversationId: 'cnv_h', score: 5 })).status).toBe(200);
  });

  it('requires a conversation id', async () => {
    const response = await fetch(`${server.url}/hub/events`, { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(400);
    const body = await response.json();
    assertValid(schemas, 'server-frame', body);
    expect(body).toMatchObject({ code: 'bad_frame', message: expect.stringContaining('conversationId') });
  });
});

describe('GET /hub/events as a long-poll', () => {
  it('returns the events after `after` at once when there are some', async () => {
    await postFrame(handoffFrame('cnv_h', 'req_h'));
    await accept('cnv_h', 'req_h');
    const { body } = await poll('cnv_h', 1);
    expect(body).toMatchObject({ type: 'events', conversationId: 'cnv_h', lastSeq: 2, availability: { agentsOnline: 1 } });
    expect(body.events.map((e: { seq: number; type: string }) => [e.seq, e.type])).toEqual([[2, 'agent-joined']]);
  });

  it('waits for the next event and returns it', async () => {
    await postFrame(handoffFrame('cnv_h', 'req_h'));
    let answered = false;
    const waiting = poll('cnv_h', 1, 10).finally(() => {
      answered = true;
    });
    while (server.hub.listeners('cnv_h') === 0) await new Promise((r) => setTimeout(r, 5));
    expect(answered).toBe(false);
    await accept('cnv_h', 'req_h');
    const { body } = await waiting;
    expect(body.events.map((e: { type: string }) => e.type)).toEqual(['agent-joined']);
  });

  it('says reset when the client is ahead of the hub', async () => {
    await postFrame(handoffFrame('cnv_h', 'req_h'));
    const { body } = await poll('cnv_h', 9);
    expect(body).toMatchObject({ reset: true, lastSeq: 1 });
    expect(body.events.map((e: { seq: number }) => e.seq)).toEqual([1]);
  });
});
