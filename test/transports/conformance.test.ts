import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TransportEvent } from '../../src/core/contract';
import { TransportError } from '../../src/core/errors';
import { describeTransportConformance, type ConformanceBackend } from '../../src/testing/index';
import { createMemoryBot, createMemoryHuman, createRestTransport, createSseTransport, createWebSocketTransport, withHttpHandoff } from '../../src/transports/index';
import { startHttpBackend, type HttpBackend } from './support/http-backend';
import { startWsBackend } from './support/ws-backend';

const framework = { describe, it, expect };
const quickRetry = { limit: 1, baseMs: 1, maxMs: 5 };

const refusal = new TransportError('rejected', 'Refused by the test', { retryable: false });

describeTransportConformance(
  'memory bot',
  () => {
    const replies: TransportEvent[][] = [];
    const bot = createMemoryBot({
      reply: () => {
        for (const event of replies.shift() ?? []) bot.backend.emit(event);
        return undefined;
      },
    });
    return {
      transport: bot,
      backend: {
        accepted: () => bot.backend.received,
        fail: (mode) => (mode === 'none' ? bot.backend.failNext(0) : bot.backend.failNext(1000, mode === 'fatal' ? refusal : undefined)),
        replyWith: (events) => void replies.push(events),
        push: (events) => events.forEach((e) => bot.backend.emit(e)),
      },
    };
  },
  framework,
);

describeTransportConformance(
  'memory human',
  () => {
    const replies: TransportEvent[][] = [];
    const human = createMemoryHuman({
      reply: () => {
        for (const event of replies.shift() ?? []) human.backend.emit(event);
        return undefined;
      },
    });
    return {
      transport: human,
      backend: {
        accepted: () => human.backend.received,
        fail: (mode) => (mode === 'none' ? human.backend.failNext(0) : human.backend.failNext(1000, mode === 'fatal' ? refusal : undefined)),
        replyWith: (events) => void replies.push(events),
        push: (events) => events.forEach((e) => human.backend.emit(e)),
        handoffs: () => human.backend.handoffs,
      },
    };
  },
  framework,
);

/** Conformance controls over the HTTP test backend. */
function httpControls(backend: HttpBackend, conversationId: string, push: boolean): ConformanceBackend {
  return {
    accepted: () => backend.accepted,
    fail: (mode) => {
      backend.failMode = mode;
    },
    replyWith: (events) => void backend.replyQueue.push(events),
    ...(push ? { push: (events: TransportEvent[]) => backend.push(conversationId, events) } : {}),
    handoffs: () => backend.handoffs,
    teardown: () => backend.close(),
  };
}

describeTransportConformance(
  'rest',
  async ({ conversationId }) => {
    const backend = await startHttpBackend();
    return { transport: createRestTransport({ url: backend.chatUrl, retry: quickRetry }), backend: httpControls(backend, conversationId, false) };
  },
  framework,
);

describeTransportConformance(
  'rest with HTTP handoff',
  async ({ conversationId }) => {
    const backend = await startHttpBackend();
    const transport = withHttpHandoff(createRestTransport({ url: backend.chatUrl, retry: quickRetry }), { url: `${backend.origin}/handoff`, retry: quickRetry });
    return { transport, backend: httpControls(backend, conversationId, false) };
  },
  framework,
);

describeTransportConformance(
  'sse',
  async ({ conversationId }) => {
    const backend = await startHttpBackend({ replies: 'sse' });
    return { transport: createSseTransport({ url: backend.chatUrl, retry: quickRetry }), backend: httpControls(backend, conversationId, true) };
  },
  framework,
);

describeTransportConformance(
  'sse with HTTP handoff',
  async ({ conversationId }) => {
    const backend = await startHttpBackend({ replies: 'sse' });
    const transport = withHttpHandoff(createSseTransport({ url: backend.chatUrl, retry: quickRetry }), { url: `${backend.origin}/handoff`, retry: quickRetry });
    return { transport, backend: httpControls(backend, conversationId, true) };
  },
  framework,
);

describeTransportConformance(
  'websocket',
  async ({ conversationId }) => {
    const backend = await startWsBackend();
    const transport = createWebSocketTransport({ url: backend.url, WebSocket, ackTimeoutMs: 2000, reconnect: { baseMs: 10, maxMs: 50 } });
    return {
      transport,
      backend: {
        accepted: () => backend.accepted,
        fail: (mode) => {
          backend.failMode = mode;
        },
        replyWith: (events) => void backend.replyQueue.push(events),
        push: (events) => backend.push(conversationId, events),
        teardown: () => backend.close(),
      },
    };
  },
  framework,
);
