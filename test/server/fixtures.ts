/**
 * Shared setup for the reference backend's tests: a server on 127.0.0.1 with a
 * controllable clock, customers and agents already past their hello, and
 * transcripts built by the widget core's own `buildTranscript`, so the hub is
 * fed exactly what the widget sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoServer, type DemoServer, type DemoServerOptions } from '../../examples/server/lib/create-server.mjs';
import { buildTranscript } from '../../src/core/transcript.js';
import type { TranscriptV1 } from '../../src/core/transcript-types.js';
import type { HandoffTrigger, Message } from '../../src/core/types.js';
import { FrameClient, type Frame } from './frame-client.js';

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2025, 10, 25, 16, 0, 0)) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

export interface TestServer extends DemoServer {
  /** Unexpected failures the server reported; a test fails if any appear. */
  errors: string[];
  clock: ReturnType<typeof manualClock>;
  wsUrl(path: string): string;
}

/** Starts the backend in memory (or on `dataFile`) with the hub's timer off and a manual clock. */
export async function startServer(options: DemoServerOptions & { clock?: ReturnType<typeof manualClock> } = {}): Promise<TestServer> {
  const errors: string[] = [];
  const clock = options.clock ?? manualClock();
  const server = await createDemoServer({
    tickMs: 0,
    streamDelayMs: 1,
    now: clock.now,
    log: (message, error) => errors.push(`${message}: ${String((error as Error)?.stack ?? error)}`),
    ...options,
  });
  return Object.assign(server, { errors, clock, wsUrl: (path: string) => `${server.url.replace('http', 'ws')}${path}` });
}

/** A temporary folder, removed by the returned function. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'hc-server-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A customer connection after hello and welcome. */
export async function connectCustomer(server: TestServer, conversationId: string, lastSeq = 0): Promise<{ client: FrameClient; welcome: Frame }> {
  const client = await FrameClient.open(server.wsUrl('/hub'), { schema: 'server-frame', sendSchema: 'client-frame' });
  client.send({ v: 1, type: 'hello', conversationId, lastSeq, locale: 'en-GB', client: { name: 'test', version: '0' } });
  const welcome = await client.nextOf('welcome');
  await client.nextOf('availability');
  return { client, welcome };
}

/** An agent console connection after hello, welcome and the first board. */
export async function connectAgent(server: TestServer, agent: { id: string; name: string; title?: string }, available = true): Promise<FrameClient> {
  const client = await FrameClient.open(server.wsUrl('/agent'), { schema: 'agent-server-frame', sendSchema: 'agent-client-frame' });
  client.send({ v: 1, type: 'hello', agent, available });
  await client.nextOf('welcome');
  await client.nextOf('board');
  await client.nextOf('offline');
  return client;
}

let counter = 0;

/** A transcript as the widget core builds it, from alternating customer/bot lines. */
export function transcriptFor(
  conversationId: string,
  requestId: string,
  lines: Array<[Message['author'], string]>,
  extra: { trigger?: HandoffTrigger; reason?: string; user?: { name?: string; email?: string; id?: string } } = {},
): TranscriptV1 {
  const start = Date.UTC(2025, 10, 25, 15, 59, 0);
  const messages: Message[] = lines.map(([author, text], i) => ({
    id: `m${++counter}`,
    author,
    text,
    time: start + i * 1000,
    status: 'sent',
    ...(author === 'bot' ? { intent: 'fallback', confidence: 0, fallback: true } : {}),
  }));
  return buildTranscript({
    conversationId,
    requestId,
    messages,
    startedAt: start,
    now: start + 60_000,
    locale: 'en-GB',
    timeZone: 'Europe/London',
    page: { url: 'https://shop.example/orders', title: 'Your orders' },
    trigger: extra.trigger ?? 'button',
    reason: extra.reason ?? 'The customer asked for a person',
    custom: { plan: 'pay-later', cartValue: 129 },
    ...(extra.user ? { user: extra.user } : {}),
  });
}

/** A `handoff` frame with a transcript of the given lines. */
export function handoffFrame(conversationId: string, requestId: string, lines: Array<[Message['author'], string]> = [['customer', 'I was charged twice']], extra = {}): Frame {
  return { v: 1, type: 'handoff', id: requestId, conversationId, transcript: transcriptFor(conversationId, requestId, lines, extra) };
}
