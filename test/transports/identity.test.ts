import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import WebSocket from 'ws';
import { createChat, type Chat } from '../../src/core/index';
import { createHandoffTransport } from '../../src/transports/handoff';
import { createOpenAITransport } from '../../src/transports/openai';
import { createRestTransport } from '../../src/transports/rest';
import { createSseTransport } from '../../src/transports/sse';
import { createWebSocketTransport } from '../../src/transports/websocket';
import { createMemoryHuman } from '../../src/transports/memory';
import { startHttpBackend, type HttpBackend } from './support/http-backend';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('the identity token reaches the backend without the site writing code', () => {
  it('as a header on every HTTP request, fresh each time, never in the URL', async () => {
    const bot: HttpBackend = await startHttpBackend();
    cleanup.push(() => bot.close());
    let n = 0;
    const chat: Chat = createChat({ bot: createRestTransport({ url: bot.chatUrl }), human: createMemoryHuman(), locale: 'en' });
    cleanup.push(() => chat.destroy());
    chat.identify({ id: 'u1' }, { token: () => `signed.${++n}` });
    chat.send('one');
    await vi.waitFor(() => expect(bot.accepted).toHaveLength(1));
    chat.send('two');
    await vi.waitFor(() => expect(bot.accepted).toHaveLength(2));
    const posts = bot.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.headers['x-identity-token'])).toEqual(['signed.1', 'signed.2']);
    expect(bot.requests.every((r) => !/signed/.test(r.path))).toBe(true);
  });

  it('as a header on the SSE stream, the handoff hub fallback and the OpenAI proxy: the site\'s own servers', async () => {
    const seen: Array<{ path: string; token: unknown }> = [];
    const server = createServer((req, res) => {
      seen.push({ path: (req.url ?? '').replace(/\?.*$/, ''), token: req.headers['x-identity-token'] });
      req.resume();
      req.on('end', () => {
        if (req.url?.includes('/events')) return void res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': hi\n\n');
        if (req.url?.startsWith('/hub/frames')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"v":1,"type":"ack","id":"av_1","result":{"available":true}}');
        if (req.url?.startsWith('/v1/chat')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices":[{"message":{"content":"Hi"}}]}');
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => (server.closeAllConnections(), server.close(r))));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const session = { conversationId: 'c_id', locale: 'en', identityToken: async () => 'signed.site' };
    const sse = createSseTransport({ url: `${origin}/bot` });
    const hub = createHandoffTransport({ url: `${origin}/hub`, mode: 'http' });
    const openai = createOpenAITransport({ url: `${origin}/v1/chat` });
    cleanup.push(() => sse.close(), () => hub.close(), () => openai.close());
    await sse.connect(() => undefined, session);
    await sse.send({ id: 'm1', conversationId: 'c_id', text: 'hi', time: 1, attempt: 1 });
    await hub.connect(() => undefined, session);
    await hub.availability?.();
    await openai.connect(() => undefined, session);
    await openai.send({ id: 'm2', conversationId: 'c_id', text: 'hi', time: 1, attempt: 1 });
    expect(new Set(seen.map((s) => s.path))).toEqual(new Set(['/bot/events', '/bot', '/hub/events', '/hub/frames', '/v1/chat']));
    expect(seen.filter((s) => s.token !== 'signed.site')).toEqual([]);
  });

  it('in the greeting of a WebSocket connection', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanup.push(() => new Promise((r) => server.close(r)));
    const greetings: Array<Record<string, unknown>> = [];
    server.on('connection', (socket) => {
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Record<string, unknown>;
        if (frame.type === 'resume') greetings.push(frame);
      });
    });
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;
    const bot = createWebSocketTransport({ url: `ws://127.0.0.1:${port}`, WebSocket: WebSocket as never, heartbeatIntervalMs: 0 });
    const chat = createChat({ bot, human: createMemoryHuman(), locale: 'en', identityToken: 'signed.ws' });
    cleanup.push(() => chat.destroy());
    chat.open();
    await vi.waitFor(() => expect(greetings).toHaveLength(1));
    expect(greetings[0]?.identityToken).toBe('signed.ws');
  });
});
