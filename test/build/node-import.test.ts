import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Imports the built package in a plain Node process where touching any browser
 * global throws, proving the entries are safe for server-side rendering and for
 * headless use. Runs against dist/, so `npm run build` must come first (npm test does).
 */
const TRAP = `
  for (const name of ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'self',
    'HTMLElement', 'customElements', 'CSSStyleSheet', 'BroadcastChannel', 'WebSocket', 'EventSource', 'requestIdleCallback']) {
    Object.defineProperty(globalThis, name, { configurable: true, get() { throw new Error('touched browser global: ' + name) } });
  }
`;

function importInNode(specifier: string, body = ''): string {
  return execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `${TRAP}\nconst mod = await import(${JSON.stringify(specifier)});\n${body}\nconsole.log(Object.keys(mod).sort().join(','));`],
    { cwd: process.cwd(), encoding: 'utf8' },
  );
}

describe('the npm package in plain Node', () => {
  it('has been built', () => {
    for (const file of ['dist/index.js', 'dist/core.js', 'dist/transports.js', 'dist/testing.js', 'dist/types/index.d.ts', 'dist/types/core/index.d.ts', 'dist/types/transports/index.d.ts', 'dist/handoff-chat.iife.js', 'dist/handoff-chat.loader.js']) {
      expect(existsSync(file), file).toBe(true);
    }
  });

  it('imports handoff-chat/core without touching a browser global, and runs a conversation', () => {
    const out = importInNode(
      'handoff-chat/core',
      `const t = await import('handoff-chat/transports');
       const chat = mod.createChat({ bot: t.createMemoryBot({ reply: (x) => 'echo ' + x }), human: t.createMemoryHuman(), locale: 'en' });
       chat.send('hi');
       await new Promise((r) => setTimeout(r, 10));
       if (chat.state.messages.map((m) => m.text).join('|') !== 'hi|echo hi') throw new Error('conversation failed');
       chat.destroy();`,
    );
    expect(out).toContain('createChat');
    expect(out).toContain('ConfigError');
  });

  it('imports the widget entry (handoff-chat) without touching a browser global (SSR-safe)', () => {
    expect(importInNode('handoff-chat')).toContain('createChat');
  });

  it('imports handoff-chat/transports and handoff-chat/testing without touching a browser global', () => {
    expect(importInNode('handoff-chat/transports')).toContain('createMemoryBot');
    expect(importInNode('handoff-chat/testing')).toContain('createMemoryHuman');
  });
});

describe('the transcript schema ships in the package', () => {
  it('resolves handoff-chat/schema/transcript-v1.schema.json', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `import { createRequire } from 'node:module'; const r = createRequire(import.meta.url); const s = r('handoff-chat/schema/transcript-v1.schema.json'); console.log(s.$schema);`],
      { cwd: process.cwd(), encoding: 'utf8' },
    );
    expect(out).toContain('2020-12');
  });
});
