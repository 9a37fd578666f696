import { expect, it } from 'vitest';

it('imports in plain Node without touching browser globals, and init() says why it cannot run', async () => {
  expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  const mod = await import('../../src/index');
  expect(typeof mod.init).toBe('function');
  expect(mod.THEME_TOKENS.length).toBeGreaterThan(20);
  expect(() => mod.init({ human: mod.createMemoryHuman() })).toThrow(/needs a browser page/);
});
