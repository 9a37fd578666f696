/**
 * The shared transport conformance suite, run against each preset and a local fake of
 * its product. One test is left out per preset: "delivers the backend's reply events in
 * order" replies with a fixed list (typing, two text deltas, a message with a quick
 * reply and a handoff suggestion) that none of these products can express in full: Rasa
 * replies have no ids and no streaming, Direct Line has no deltas, a chat completion is
 * only text, and a desk does not suggest handoffs. Each preset's own test file checks
 * instead that everything its product *can* say arrives in order.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TransportEvent } from '../../../src/core/contract';
import { describeTransportConformance, type ConformanceFramework } from '../../../src/testing/index';
import { createChatwootTransport } from '../../../src/transports/chatwoot';
import { createDirectLineTransport } from '../../../src/transports/direct-line';
import { createOpenAITransport } from '../../../src/transports/openai';
import { createRasaTransport } from '../../../src/transports/rasa';
import type { WebSocketConstructor } from '../../../src/transports/websocket';
import { startChatwootServer } from './support/chatwoot-server';
import { startDirectLineServer, type ActivityInput } from './support/direct-line-server';
import { startOpenAIServer } from './support/openai-server';
import { startRasaServer } from './support/rasa-server';
import { memoryStorage } from './support/wait';

const REPLY_TEST = "delivers the backend's reply events in order";
const quickRetry = { limit: 1, baseMs: 1, maxMs: 5 };
const Socket = WebSocket as unknown as WebSocketConstructor;

/** The suite with the one test these products cannot pass by construction marked as skipped. */
const framework: ConformanceFramework = {
  describe,
  expect,
  it: (name, body, timeoutMs) => (name === REPLY_TEST ? it.skip(name, body, timeoutMs) : it(name, body, timeoutMs)),
};

const messagesOf = (events: TransportEvent[]) => events.flatMap((e) => (e.type === 'message' ? [e.message] : []));

describeTransportConformance(
  'rasa',
  async () => {
    const server = await startRasaServer();
    return {
      transport: createRasaTransport({ url: server.url, retry: quickRetry }),
      backend: {
        accepted: () => server.processed.map((p) => ({ id: p.id, text: p.text })),
        fail: (mode) => {
          server.failMode = mode;
        },
        replyWith: (events) =>
          void server.replyQueue.push(
            events.flatMap((e): unknown[] =>
              e.type === 'message'
                ? [{ text: e.message.text, ...(e.message.quickReplies ? { buttons: e.message.quickReplies } : {}) }]
                : e.type === 'handoff-suggested'
                  ? [{ custom: { handoff: { reason: e.reason } } }]
                  : [],
            ),
          ),
        teardown: () => server.close(),
      },
    };
  },
  framework,
);

describeTransportConformance(
  'direct line',
  async () => {
    const server = await startDirectLineServer();
    const queued: ActivityInput[][] = [];
    const defaultBot = server.bot;
    server.bot = (activity) => queued.shift() ?? defaultBot(activity);
    return {
      transport: createDirectLineTransport({ token: () => server.issueToken(), domain: server.domain, WebSocket: Socket, reconnect: { baseMs: 10, maxMs: 50 }, retry: quickRetry }),
      backend: {
        accepted: () =>
          server.received.map((a) => ({ id: String((a.channelData as { clientActivityID?: string } | undefined)?.clientActivityID), text: String(a.text) })),
        fail: (mode) => {
          server.failMode = mode;
        },
        replyWith: (events) => void queued.push(messagesOf(events).map((m) => ({ type: 'message', text: m.text }))),
        teardown: () => server.close(),
      },
    };
  },
  framework,
);

describeTransportConformance(
  'openai',
  async () => {
    const server = await startOpenAIServer();
    return {
      transport: createOpenAITransport({ url: server.url, retry: quickRetry }),
      backend: {
        accepted: () => server.completions.map((c) => ({ id: String(c.key), text: c.body.messages.at(-1)?.content ?? '' })),
        fail: (mode) => {
          server.failMode = mode;
        },
        replyWith: (events) => void server.replyQueue.push(messagesOf(events).map((m) => m.text).join(' ') || 'ok'),
        teardown: () => server.close(),
      },
    };
  },
  framework,
);

describeTransportConformance(
  'chatwoot',
  async ({ conversationId }) => {
    const server = await startChatwootServer();
    // A conversation restored after a reload, so the cable is subscribed from connect on.
    const { contact, conversation } = server.seed();
    const storage = memoryStorage();
    storage.setItem(
      `handoff-chat:chatwoot:${server.inbox}:${conversationId}`,
      JSON.stringify({ contact: { sourceId: contact.sourceId, pubsubToken: contact.pubsubToken }, conversation: conversation.id, handoffs: {}, notes: {} }),
    );
    const replies: TransportEvent[][] = [];
    const current = () => server.conversations.find((c) => c.messages.some((m) => m.message_type === 0)) ?? conversation;
    const push = (events: TransportEvent[], id = current().id) => {
      for (const event of events) {
        if (event.type === 'agent-joined') {
          server.assign(id, { name: event.agent.name, type: 'user' });
          server.setStatus(id, 'open');
        } else if (event.type === 'message') {
          server.reply(id, { content: event.message.text, id: event.message.id, created_at: 0, sender: event.message.agent ? { name: event.message.agent.name, type: 'user' } : null });
        } else if (event.type === 'typing') {
          server.typing(id, event.active, { name: 'Alex', type: 'user' });
        }
      }
    };
    server.afterIncoming = (c) => {
      const next = replies.shift();
      if (next) push(next, c.id);
    };
    return {
      transport: createChatwootTransport({ baseUrl: server.baseUrl, inboxIdentifier: server.inbox, storage, WebSocket: Socket, reconnect: { baseMs: 10, maxMs: 50 }, retry: quickRetry }),
      backend: {
        accepted: () =>
          server.conversations.flatMap((c) =>
            c.messages.filter((m) => m.message_type === 0 && !/_(transcript|note)$/.test(m.echo_id ?? '')).map((m) => ({ id: String(m.echo_id), text: String(m.content) })),
          ),
        fail: (mode) => {
          server.failMode = mode;
        },
        replyWith: (events) => void replies.push(events),
        push: (events) => push(events),
        handoffs: () => server.conversations.flatMap((c) => (typeof c.customAttributes.handoff_request_id === 'string' ? [{ id: c.customAttributes.handoff_request_id }] : [])),
        teardown: () => server.close(),
      },
    };
  },
  framework,
);
