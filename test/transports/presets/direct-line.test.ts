import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Transport } from '../../../src/core/contract';
import { ConfigError } from '../../../src/core/errors';
import { createDirectLineTransport, type DirectLineTransportOptions } from '../../../src/transports/direct-line';
import type { WebSocketConstructor } from '../../../src/transports/websocket';
import { connect, failure, message, texts, type Connected } from '../support/harness';
import { startDirectLineServer, type DirectLineServer } from './support/direct-line-server';
import { memoryStorage, settle, until } from './support/wait';

let server: DirectLineServer | undefined;
const open: Transport[] = [];

afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  await server?.close();
  server = undefined;
});

async function start(): Promise<DirectLineServer> {
  server = await startDirectLineServer();
  return server;
}

const Socket = WebSocket as unknown as WebSocketConstructor;

function transport(s: DirectLineServer, extra: Partial<DirectLineTransportOptions> = {}): Transport {
  const t = createDirectLineTransport({
    tokenUrl: s.tokenUrl,
    headers: { 'x-site-session': 'ok' },
    domain: s.domain,
    WebSocket: Socket,
    reconnect: { baseMs: 10, maxMs: 40 },
    ...extra,
  });
  open.push(t);
  return t;
}

const activitiesPosted = (s: DirectLineServer) => s.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/activities'));

async function sendAndWait(c: Connected<Transport>, text: string, replies = 1): Promise<ReturnType<typeof message>> {
  const before = c.events.filter((e) => e.type === 'message').length;
  const m = message(c.session.conversationId, text);
  await c.transport.send(m);
  await until(() => c.events.filter((e) => e.type === 'message').length >= before + replies, `the reply to "${text}" arrived`);
  return m;
}

describe('createDirectLineTransport', () => {
  it('starts a conversation with a token from the site, posts activities from a stable user, and shows replies from the stream but not its own echo', async () => {
    const s = await start();
    const c = await connect(transport(s));
    const m = await sendAndWait(c, 'hello');
    const tokenCall = s.requests.find((r) => r.path === '/site/token');
    expect(tokenCall?.body).toEqual({ userId: `dl_${c.session.conversationId}` });
    const [conversation] = [...s.conversations.values()];
    const startCall = s.calls.find((call) => call.path === '/v3/directline/conversations');
    expect(startCall?.auth).toMatch(/^Bearer tok_/);
    expect(s.received).toHaveLength(1);
    expect(s.received[0]).toMatchObject({
      type: 'message',
      from: { id: `dl_${c.session.conversationId}` },
      text: 'hello',
      locale: 'sv-SE',
      channelData: { clientActivityID: m.id },
    });
    expect(c.events).toEqual([{ type: 'message', message: { id: `${conversation?.id}|0000002`, text: 'You said: hello', time: Date.UTC(2024, 0, 1, 12, 0, 2) } }]);
    expect(c.states).toEqual(['online']);
    await sendAndWait(c, 'again');
    expect(s.received.map((a) => a.from?.id)).toEqual([`dl_${c.session.conversationId}`, `dl_${c.session.conversationId}`]);
    expect(texts(c.events)).toEqual(['You said: hello', 'You said: again']);
  });

  it('sends from the user id the token endpoint embedded, and recognises echoes by clientActivityID', async () => {
    const s = await start();
    const c = await connect(
      transport(s, { tokenUrl: undefined, headers: undefined, token: async () => s.issueToken({ userId: 'dl_server_chosen' }) }),
    );
    await sendAndWait(c, 'hi');
    expect(s.received[0]?.from?.id).toBe('dl_server_chosen');
    expect(texts(c.events)).toEqual(['You said: hi']);
  });

  it('shows suggested actions as quick replies and sends what each action asks for', async () => {
    const s = await start();
    s.bot = (activity) =>
      activity.text === 'menu'
        ? [
            {
              type: 'message',
              text: 'What next?',
              suggestedActions: {
                actions: [
                  { type: 'imBack', title: 'Track order', value: 'track order' },
                  { type: 'postBack', title: 'Yes', value: { answer: 'yes' } },
                  { type: 'messageBack', title: 'Later', text: 'later', value: { snooze: 1 }, displayText: 'Later, please' },
                  { type: 'openUrl', title: 'Docs', value: 'https://example.com' },
                ],
              },
            },
          ]
        : [];
    const c = await connect(transport(s));
    await sendAndWait(c, 'menu');
    const shown = c.events.find((e) => e.type === 'message');
    expect(shown?.type === 'message' && shown.message.quickReplies).toEqual([
      { title: 'Track order', payload: 'track order' },
      { title: 'Yes', payload: '{"answer":"yes"}' },
      { title: 'Later', payload: 'later' },
    ]);
    const choose = (title: string, payload: string) => c.transport.send({ ...message(c.session.conversationId, title), quickReply: { title, payload } });
    await choose('Track order', 'track order');
    await choose('Yes', '{"answer":"yes"}');
    await choose('Later', 'later');
    await choose('Unknown', 'restored-after-reload');
    const [, imBack, postBack, messageBack, fallback] = s.received;
    expect(imBack).toMatchObject({ text: 'track order' });
    expect(postBack).toMatchObject({ value: { answer: 'yes' }, channelData: { postBack: true } });
    expect(postBack).not.toHaveProperty('text');
    expect(messageBack).toMatchObject({ text: 'later', value: { snooze: 1 }, channelData: { messageBack: { displayText: 'Later, please' } } });
    expect(fallback).toMatchObject({ text: 'restored-after-reload' });
  });

  it('shows https images, files and hero cards, and reports what it cannot show', async () => {
    const s = await start();
    s.bot = () => [
      {
        type: 'message',
        text: 'Your receipt',
        attachments: [
          { contentType: 'image/png', contentUrl: 'https://cdn.example.com/receipt.png', name: 'receipt.png' },
          { contentType: 'image/png', contentUrl: 'http://cdn.example.com/insecure.png' },
          { contentType: 'application/pdf', contentUrl: 'https://cdn.example.com/receipt.pdf', name: 'receipt.pdf' },
          {
            contentType: 'application/vnd.microsoft.card.hero',
            content: { title: 'Blue lamp', text: '39 EUR', images: [{ url: 'https://cdn.example.com/lamp.jpg', alt: 'A blue lamp' }], buttons: [{ type: 'imBack', title: 'Buy', value: 'buy lamp' }] },
          },
          { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', fallbackText: 'Open the app to see the card' } },
          { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } },
        ],
      },
    ];
    const c = await connect(transport(s));
    await sendAndWait(c, 'receipt');
    const shown = c.events.find((e) => e.type === 'message');
    expect(shown?.type === 'message' && shown.message).toMatchObject({
      text: 'Your receipt\n\nBlue lamp\n\n39 EUR\n\nOpen the app to see the card',
      quickReplies: [{ title: 'Buy', payload: 'buy lamp' }],
      attachments: [
        { kind: 'image', url: 'https://cdn.example.com/receipt.png', name: 'receipt.png' },
        { kind: 'file', url: 'https://cdn.example.com/receipt.pdf', name: 'receipt.pdf' },
        { kind: 'image', url: 'https://cdn.example.com/lamp.jpg', alt: 'A blue lamp' },
      ],
    });
    await until(() => c.errors.length >= 2, 'two problems were reported');
    expect(c.errors.map((e) => (e as { code?: string }).code)).toEqual(['unsupported', 'unsupported']);
    expect(c.errors[0]?.message).toMatch(/attachments\[1\]\.contentUrl: only https URLs are shown/);
    expect(c.errors[1]?.message).toMatch(/attachments\[5\]: attachments of type "application\/vnd.microsoft.card.adaptive" cannot be shown/);
  });

  it("turns typing into typing and the bot's handoff.initiate event into a handoff suggestion carrying its context", async () => {
    const s = await start();
    s.bot = () => [];
    const c = await connect(transport(s));
    await c.transport.send(message(c.session.conversationId, 'agent please'));
    const [conversation] = [...s.conversations.values()];
    s.push(conversation?.id as string, [
      { type: 'typing' },
      { type: 'event', name: 'webchat/join', value: {} },
      {
        type: 'event',
        name: 'handoff.initiate',
        value: { skill: 'billing', reason: 'refund over limit' },
        attachments: [{ contentType: 'application/json', name: 'Transcript', content: { activities: [] } }],
      },
      { type: 'endOfConversation' },
    ]);
    await until(() => c.events.length >= 2, 'typing and the handoff arrived');
    await settle();
    expect(c.events).toEqual([
      { type: 'typing', active: true },
      { type: 'handoff-suggested', reason: 'refund over limit', context: { handoffContext: { skill: 'billing', reason: 'refund over limit' } } },
    ]);
  });

  it('reconnects a dropped stream at its watermark: nothing lost, nothing twice', async () => {
    const s = await start();
    const c = await connect(transport(s));
    await sendAndWait(c, 'one');
    const [conversation] = [...s.conversations.values()];
    const id = conversation?.id as string;
    s.dropStreams();
    s.push(id, [{ type: 'message', text: 'sent while you were away' }]);
    await until(() => texts(c.events).length >= 2, 'the missed message arrived');
    await sendAndWait(c, 'two');
    await settle();
    expect(texts(c.events)).toEqual(['You said: one', 'sent while you were away', 'You said: two']);
    const reconnect = s.calls.find((call) => call.method === 'GET' && call.path.startsWith(`/v3/directline/conversations/${encodeURIComponent(id)}?watermark=`));
    expect(reconnect?.path).toBe(`/v3/directline/conversations/${encodeURIComponent(id)}?watermark=wm-2`);
    expect(c.states).toEqual(['online', 'reconnecting', 'online']);
  });

  it('survives a server restart during a conversation', async () => {
    const s = await start();
    const c = await connect(transport(s));
    await sendAndWait(c, 'before');
    await s.down();
    await settle(60);
    await s.up();
    await until(() => c.states.at(-1) === 'online', 'the stream came back');
    await sendAndWait(c, 'after');
    expect(texts(c.events)).toEqual(['You said: before', 'You said: after']);
  });

  it('refreshes the token at half its lifetime and uses the new one', async () => {
    const s = await start();
    const scheduled: number[] = [];
    const env = {
      // Timers of a minute or more (the refresh) run at once; the rest as asked.
      setTimeout: (fn: () => void, ms: number) => {
        scheduled.push(ms);
        return setTimeout(fn, ms >= 60_000 ? 5 : ms);
      },
      clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    const c = await connect(transport(s, { env }));
    await until(() => s.calls.some((call) => call.path === '/v3/directline/tokens/refresh'), 'the token was refreshed');
    const refresh = s.calls.find((call) => call.path === '/v3/directline/tokens/refresh');
    const started = s.calls.find((call) => call.path === '/v3/directline/conversations');
    expect(refresh?.auth).toBe(started?.auth);
    expect(scheduled.some((ms) => ms > 895_000 && ms <= 900_000)).toBe(true);
    await settle(20);
    s.expire((started?.auth as string).slice('Bearer '.length));
    await sendAndWait(c, 'with the new token');
    expect(activitiesPosted(s).at(-1)?.auth).not.toBe(started?.auth);
    expect(c.errors).toEqual([]);
  });

  it('starts a new conversation when the token was refused, and still delivers the message once', async () => {
    const s = await start();
    const c = await connect(transport(s));
    await sendAndWait(c, 'first');
    const started = s.calls.find((call) => call.path === '/v3/directline/conversations');
    s.expire((started?.auth as string).slice('Bearer '.length));
    await sendAndWait(c, 'second');
    expect(s.conversations.size).toBe(2);
    expect(s.received.map((a) => a.text)).toEqual(['first', 'second']);
    expect(c.errors.map((e) => (e as { code?: string }).code)).toContain('token_expired');
    expect(texts(c.events)).toEqual(['You said: first', 'You said: second']);
  });

  it('falls back to polling when WebSockets are blocked, and polls right after sending', async () => {
    const s = await start();
    s.refuseStreams = true;
    const c = await connect(transport(s, { pollIntervalMs: 5000 }));
    expect(c.errors.map((e) => (e as { code?: string }).code)).toEqual(['stream_unavailable']);
    await sendAndWait(c, 'polled');
    expect(texts(c.events)).toEqual(['You said: polled']);
    expect(s.calls.some((call) => call.method === 'GET' && /\/activities\?watermark=wm-\d+$/.test(call.path))).toBe(true);
  });

  it('polls with the watermark, pages through, and never shows an activity twice', async () => {
    const s = await start();
    s.bot = () => [];
    const c = await connect(transport(s, { stream: 'polling', pollIntervalMs: 100 }));
    const [conversation] = [...s.conversations.values()];
    s.push(conversation?.id as string, [
      { type: 'message', text: 'a' },
      { type: 'message', text: 'b' },
    ]);
    await until(() => texts(c.events).length >= 2, 'both messages arrived');
    await settle(250);
    expect(texts(c.events)).toEqual(['a', 'b']);
    const polls = s.calls.filter((call) => call.method === 'GET' && call.path.includes('/activities'));
    expect(polls.at(-1)?.path).toMatch(/watermark=wm-2$/);
  });

  it('recognises the echo of a message whose answer was lost, and does not post it again', async () => {
    const s = await start();
    const c = await connect(transport(s));
    s.postFaults.push({ kind: 'after', status: 502 });
    const m = message(c.session.conversationId, 'did it arrive?');
    expect(await failure(c.transport.send(m))).toMatchObject({ name: 'TransportError', retryable: true, status: 502 });
    await until(() => texts(c.events).length === 1, 'the reply arrived');
    await c.transport.send({ ...m, attempt: 2 });
    expect(s.received.map((a) => a.text)).toEqual(['did it arrive?']);
    expect(activitiesPosted(s)).toHaveLength(1);
  });

  it('rejects a 500 as retryable and delivers on the retry', async () => {
    const s = await start();
    const c = await connect(transport(s));
    s.postFaults.push({ kind: 'status', status: 500 });
    const m = message(c.session.conversationId, 'retry me');
    expect(await failure(c.transport.send(m))).toMatchObject({ code: 'server_error', retryable: true });
    await c.transport.send({ ...m, attempt: 2 });
    expect(s.received.map((a) => a.text)).toEqual(['retry me']);
  });

  it('passes a 429 Retry-After to the outbox', async () => {
    const s = await start();
    const c = await connect(transport(s));
    s.postFaults.push({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
    expect(await failure(c.transport.send(message(c.session.conversationId, 'slow down')))).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 7000,
    });
  });

  it('reports malformed answers and frames instead of crashing', async () => {
    const s = await start();
    s.startFaults.push({ kind: 'raw', body: '<html>Sign in</html>', contentType: 'text/html' });
    expect(await failure(connect(transport(s, { retry: false })))).toMatchObject({ code: 'invalid_response', message: expect.stringMatching(/HTML page/) });
    s.startFaults.push({ kind: 'raw', body: '{"token": 42}' });
    expect(await failure(connect(transport(s, { retry: false })))).toMatchObject({ code: 'invalid_response', message: expect.stringMatching(/conversationId/) });
    const c = await connect(transport(s));
    await sendAndWait(c, 'ok');
    const conversation = [...s.conversations.values()].at(-1);
    for (const ws of conversation?.sockets ?? []) {
      ws.send('{"activities": [ {"type": "mess');
      ws.send('{"unexpected": true}');
    }
    await until(() => c.errors.length >= 2, 'both problems were reported');
    expect(c.errors.map((e) => (e as { code?: string }).code)).toEqual(['invalid_response', 'invalid_event']);
    await sendAndWait(c, 'still works');
  });

  it('continues the same Direct Line conversation after a reload when given storage', async () => {
    const s = await start();
    const storage = memoryStorage();
    const first = await connect(transport(s, { storage }));
    await sendAndWait(first, 'before reload');
    await first.transport.close();
    const second = await connect(transport(s, { storage }), first.session.conversationId);
    await sendAndWait(second, 'after reload');
    await settle();
    expect(s.conversations.size).toBe(1);
    expect(texts(second.events)).toEqual(['You said: after reload']);
    expect(s.received.map((a) => a.from?.id)).toEqual([`dl_${first.session.conversationId}`, `dl_${first.session.conversationId}`]);
  });

  it('starts a new conversation after a reload when the kept token is refused', async () => {
    const s = await start();
    const storage = memoryStorage();
    const first = await connect(transport(s, { storage }));
    await sendAndWait(first, 'before reload');
    await first.transport.close();
    const kept = JSON.parse([...storage.data.values()][0] as string) as { token: string };
    s.expire(kept.token);
    const second = await connect(transport(s, { storage }), first.session.conversationId);
    await sendAndWait(second, 'after reload');
    expect(s.conversations.size).toBe(2);
    expect(texts(second.events)).toEqual(['You said: after reload']);
  });

  it('emits nothing and keeps no timers after close', async () => {
    const s = await start();
    const c = await connect(transport(s));
    await sendAndWait(c, 'hi');
    const [conversation] = [...s.conversations.values()];
    await c.transport.close();
    s.push(conversation?.id as string, [{ type: 'message', text: 'too late' }]);
    await settle();
    expect(texts(c.events)).toEqual(['You said: hi']);
    expect(s.streamCount()).toBe(0);
    expect(await failure(c.transport.send(message(c.session.conversationId, 'closed')))).toMatchObject({ code: 'not_connected' });
  });

  it('recovers a refused token even when the token endpoint fails once meanwhile, with no unhandled rejection', async () => {
    // Regression (transport review, finding 3): the failed recovery escaped as an unhandled
    // rejection and left the bot without a conversation until the page was reloaded.
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const s = await start();
    let calls = 0;
    const c = await connect(
      transport(s, {
        tokenUrl: undefined,
        headers: undefined,
        stream: 'polling',
        pollIntervalMs: 100,
        retry: false,
        token: async () => {
          calls++;
          if (calls === 2) throw new Error('token endpoint briefly down');
          return s.issueToken();
        },
      }),
    );
    try {
      const started = s.calls.find((call) => call.path === '/v3/directline/conversations');
      s.expire((started?.auth as string).slice('Bearer '.length));
      await until(() => c.errors.some((e) => (e as { code?: string }).code === 'token_failed'), 'the failed recovery was reported');
      await sendAndWait(c, 'still there?');
      await settle();
      expect(unhandled).toEqual([]);
      expect(s.received.map((a) => a.text)).toEqual(['still there?']);
      expect(s.conversations.size).toBe(2);
      expect(c.errors.map((e) => (e as { code?: string }).code).slice(0, 2)).toEqual(['token_expired', 'token_failed']);
      expect(c.states.at(-1)).toBe('online');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it("sends the site's identity token neither to Direct Line nor to the token endpoint", async () => {
    // Regression (transport review, finding 8): X-Identity-Token went to directline.botframework.com.
    const s = await start();
    const t = transport(s, { stream: 'polling' });
    await t.connect(() => undefined, { conversationId: 'c_identity', locale: 'en', identityToken: async () => 'site-signed-jwt' });
    await t.send(message('c_identity', 'hi'));
    expect(s.requests.length).toBeGreaterThanOrEqual(4);
    expect(s.requests.filter((r) => r.headers['x-identity-token'] !== undefined).map((r) => r.path)).toEqual([]);
  });

  it('starts no conversation for a transport closed while its token was being fetched', async () => {
    // Regression (transport review, finding 13): requests begun after close() were not aborted.
    const s = await start();
    let release: (() => void) | undefined;
    const t = transport(s, {
      tokenUrl: undefined,
      headers: undefined,
      token: () => new Promise((resolve) => (release = () => resolve(s.issueToken()))),
    });
    const connecting = t.connect(() => undefined, { conversationId: 'c_closed', locale: 'en' });
    await until(() => release !== undefined, 'the token was asked for');
    await t.close();
    release?.();
    expect(await failure(connecting)).toMatchObject({ name: 'TransportError', code: 'closed' });
    await settle();
    expect(s.calls.filter((call) => call.path.startsWith('/v3/directline'))).toEqual([]);
  });

  it('keeps a token handed out on reconnect, so it is the one used and stored', async () => {
    const s = await start();
    const storage = memoryStorage();
    const c = await connect(transport(s, { storage }));
    await sendAndWait(c, 'before the drop');
    const first = (JSON.parse([...storage.data.values()][0] as string) as { token: string }).token;
    s.reconnectTokens = true;
    s.dropStreams();
    await until(() => s.calls.some((call) => call.method === 'GET' && /\/conversations\/[^/]+\?watermark=/.test(call.path)), 'the stream reconnected');
    await until(() => s.streamCount() === 1, 'the new stream is open');
    const kept = (JSON.parse([...storage.data.values()][0] as string) as { token: string; expiresAt: number; issuedAt: number }).token;
    expect(kept).not.toBe(first);
    s.expire(first);
    await sendAndWait(c, 'after the drop');
    expect(activitiesPosted(s).at(-1)?.auth).toBe(`Bearer ${kept}`);
    expect(c.errors.map((e) => (e as { code?: string }).code)).not.toContain('token_expired');
  });

  it('ends the run when another client takes the stream: sends fail at once, and the next connect opens it again', async () => {
    const s = await start();
    const c = await connect(transport(s));
    await sendAndWait(c, 'first');
    s.closeStreams(4000, 'collision');
    await until(() => c.states.at(-1) === 'closed', 'the transport said closed');
    expect(await failure(c.transport.send(message(c.session.conversationId, 'meanwhile')))).toMatchObject({ name: 'TransportError', retryable: true });
    expect(s.received.map((a) => a.text)).toEqual(['first']);
    await c.transport.connect(() => undefined, c.session);
    await until(() => s.streamCount() === 1, 'the stream is open again');
    await c.transport.send(message(c.session.conversationId, 'second'));
    expect(s.received.map((a) => a.text)).toEqual(['first', 'second']);
    expect(s.conversations.size).toBe(1);
  });

  it('refuses a secret with a ConfigError that explains why', () => {
    const error = (() => {
      try {
        createDirectLineTransport({ secret: 'abc.def' } as never);
      } catch (e) {
        return e as ConfigError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.option).toBe('secret');
    expect(error?.message).toMatch(/never belongs in a browser/);
    expect(error?.message).toMatch(/tokens\/generate/);
    expect(() => createDirectLineTransport({ tokenUrl: '/t', directLineSecret: 'x' } as never)).toThrow(/refuses "directLineSecret"/);
    expect(() => createDirectLineTransport({} as never)).toThrow(/needs "token".*or "tokenUrl"/);
    expect(() => createDirectLineTransport({ token: 't', stream: 'sse' } as never)).toThrow(/"stream"/);
    expect(() => createDirectLineTransport({ token: 't', domain: 'ftp://x' })).toThrow(/"domain"/);
  });
});
