import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { describe, expect, it } from 'vitest';
import { fromSources } from '../../scripts/sizes.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const entry = resolve(root, 'src/transports/index.ts');

/** Bundles a one-line app that imports `names` from `handoff-chat/transports` (`from`: sources or the build), ky included. */
async function bundle(names: string[], from = entry): Promise<string> {
  const app = `import { ${names.join(', ')} } from ${JSON.stringify(from)};\nexport const used = [${names.join(', ')}];\n`;
  const build = await rollup({
    input: 'app',
    plugins: [
      { name: 'app', resolveId: (id) => (id === 'app' ? 'app' : null), load: (id) => (id === 'app' ? app : null) },
      fromSources(),
      nodeResolve({ browser: true, rootDir: root }),
    ],
    onwarn: (warning) => {
      throw new Error(`Rollup warned: ${warning.message}`);
    },
  });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  return output.map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n');
}

const STREAMING_CODE = [/WebSocket/, /EventSource/, /event-stream/i, /last-event-id/i, /createSseParser/, /heartbeat/i];

describe('tree-shaking', () => {
  it('an app importing only createRestTransport gets no WebSocket, SSE or memory transport code', async () => {
    const code = await bundle(['createRestTransport']);
    expect(code).toContain('idempotency-key'); // the REST transport is there…
    expect(code).toMatch(/class Ky\b/); // …built on ky
    for (const pattern of STREAMING_CODE) expect(code, `matched ${pattern}`).not.toMatch(pattern);
    expect(code).not.toMatch(/createMemoryBot|memory-bot/);
  }, 30_000);

  it('the same check does see WebSocket code when an app imports it (so it can fail)', async () => {
    const code = await bundle(['createWebSocketTransport']);
    expect(code).toMatch(/WebSocket/);
    expect(code).toMatch(/heartbeat/i);
    expect(code).not.toMatch(/event-stream/i);
    expect(code).not.toContain('idempotency-key');
  }, 30_000);

  it('the SSE transport carries REST (it posts with it) but no WebSocket code', async () => {
    const code = await bundle(['createSseTransport']);
    expect(code).toMatch(/event-stream/i);
    expect(code).toContain('idempotency-key');
    expect(code).not.toMatch(/WebSocket/);
  }, 30_000);

  // `npm test` builds first; the published file must shake as well as the sources.
  const built = resolve(root, 'dist/transports.js');
  it.runIf(existsSync(built))('the built dist/transports.js shakes the same way', async () => {
    const code = await bundle(['createRestTransport'], built);
    expect(code).toContain('idempotency-key');
    for (const pattern of STREAMING_CODE) expect(code, `matched ${pattern}`).not.toMatch(pattern);
    expect(code).not.toMatch(/memory-bot/);
  }, 30_000);

  const builtCore = resolve(root, 'dist/core.js');
  it.runIf(existsSync(builtCore))('an app taking only the phrase lists from handoff-chat/core gets none of masking’s word lists', async () => {
    const lists = await bundle(['DEFAULT_PHRASES'], builtCore);
    expect(lists).toContain('askForPerson');
    // 'landline' and 'membership' are masking's phone and reference words, not escalation phrases.
    expect(lists).not.toMatch(/landline|membership/);
    // …which the chat itself does carry (so the check can fail).
    expect(await bundle(['createChat'], builtCore)).toMatch(/landline/);
  }, 30_000);

  it('keeps the package side-effect free, as tree-shaking relies on', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { sideEffects?: unknown };
    // Only the two script-tag files run code on load; every ESM entry is free to drop.
    expect(pkg.sideEffects).toEqual(['./dist/handoff-chat.iife.js', './dist/handoff-chat.loader.js']);
  });
});
