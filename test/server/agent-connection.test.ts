/**
 * The agent console's connection survives a hub restart: it reconnects, says
 * hello again, and a reply typed while the hub was down reaches the customer
 * exactly once.
 */
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, expect, it } from 'vitest';
import { createAgentConnection, type AgentConnection, type ConnectionStatus } from '../../examples/server/console/agent-connection.js';
import type { HubFrame } from '../../examples/server/console/agent-types.js';
import { connectCustomer, handoffFrame, startServer, tempDir, type TestServer } from './fixtures.js';

let server: TestServer | undefined;
let connection: AgentConnection | undefined;
const folder = tempDir();

afterEach(async () => {
  connection?.close();
  await server?.close();
  folder.remove();
});

async function until(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

it('reconnects after a hub restart and delivers a reply sent while it was down, once', async () => {
  const dataFile = join(folder.dir, 'hub.sqlite');
  server = await startServer({ dataFile, now: Date.now });
  const statuses: ConnectionStatus[] = [];
  const frames: HubFrame[] = [];
  connection = createAgentConnection({
    url: server.wsUrl('/agent'),
    agent: { id: 'agt_alex', name: 'Alex' },
    available: true,
    onFrame: (f) => frames.push(f),
    onStatus: (s) => statuses.push(s),
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    random: () => 0,
  });
  await until(() => statuses.includes('online'), 'online');

  const { client } = await connectCustomer(server, 'cnv_a');
  await client.request(handoffFrame('cnv_a', 'req_a'));
  const acceptId = connection.command({ type: 'accept', conversationId: 'cnv_a', requestId: 'req_a' });
  await until(() => frames.some((f) => f.type === 'ack' && f.id === acceptId), 'the accept was acked');
  await client.nextOf('agent-joined');

  const port = server.port;
  await server.close();
  await until(() => statuses.at(-1) === 'reconnecting', 'the console noticed');
  const replyId = connection.command({ type: 'message', conversationId: 'cnv_a', text: 'Sorry, my connection dropped.' });

  server = await startServer({ dataFile, now: Date.now, port });
  await until(() => frames.some((f) => f.type === 'ack' && f.id === replyId), 'the reply was acked after reconnecting');
  expect(statuses.filter((s) => s === 'online')).toHaveLength(2);

  const { client: again } = await connectCustomer(server, 'cnv_a', 1);
  const replies = (await again.drain()).filter((f) => f.type === 'agent-message');
  expect(replies.map((f) => f.message.text)).toEqual(['Sorry, my connection dropped.']);
  await again.close();
});
