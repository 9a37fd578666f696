import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import WebSocket from 'ws';
import { createChat, type Chat } from '../../src/core/index';
import { createRestTransport } from '../../src/transports/rest';
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
