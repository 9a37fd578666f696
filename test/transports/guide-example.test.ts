/**
 * Runs the conformance suite against the "write your own transport" example in
 * docs/transports.md, taken from the document itself, so the guide cannot rot.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Transport, TransportEvent } from '../../src/core/contract';
import { describeTransportConformance } from '../../src/testing/index';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const guide = readFileSync(join(root, 'docs/transports.md'), 'utf8');
const block = /<!-- guide-example:start -->\s*```ts\n([\s\S]*?)```\s*<!-- guide-example:end -->/.exec(guide)?.[1] ?? '';

async function loadExample(): Promise<(url: string) => Transport> {
  const dir = mkdtempSync(join(tmpdir(), 'hc-guide-'));
  const file = join(dir, 'acme.ts');
  writeFileSync(file, block.replace("'handoff-chat/transports'", JSON.stringify(join(root, 'src/transports/index.ts'))));
  const module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { createAcmeBot: (url: string) => Transport };
  return module.createAcmeBot;
}

/** The Acme API of the example: POST { conversation, id, text } → { events }, de-duplicated by Idempotency-Key. */
async function startAcme() {
  const accepted: Array<{ id: string; text: string }> = [];
  const answers = new Map<string, string>();
  const replies: TransportEvent[][] = [];
  let mode: 'none' | 'retryable' | 'fatal' = 'none';
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      if (mode !== 'none') {
        res.writeHead(mode === 'retryable' ? 503 : 400);
        return void res.end();
      }
      const key = String(req.headers['idempotency-key']);
      if (!answers.has(key)) {
        const { id, text } = JSON.parse(raw) as { id: string; text: string };
        accepted.push({ id, text });
        answers.set(key, JSON.stringify({ events: replies.shift() ?? [] }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(answers.get(key));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    controls: {
      accepted: () => accepted,
      fail: (m: typeof mode) => void (mode = m),
      replyWith: (events: TransportEvent[]) => void replies.push(events),
      teardown: () => {
        server.closeAllConnections();
        return new Promise<void>((r) => server.close(() => r()));
      },
    },
  };
}

describe('the guide example', () => {
  it('is under 40 lines, as the guide promises', () => {
    expect(block.trim().split('\n').length).toBeLessThan(40);
  });
});

describeTransportConformance(
  'guide example (createAcmeBot)',
  async () => {
    const createAcmeBot = await loadExample();
    const acme = await startAcme();
    return { transport: createAcmeBot(acme.url), backend: acme.controls };
  },
  { describe, it, expect },
);
