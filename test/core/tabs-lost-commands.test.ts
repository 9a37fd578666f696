import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createChat, createMemoryStorage } from '../../src/core/index';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';
import { createTabHub } from '../support/tabs';
import { tick } from '../support/harness';
beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });
function browser() {
  const storage = createMemoryStorage(); const hub = createTabHub();
  const bot = createMemoryBot({ reply: (t) => `echo: ${t}` }); const desk = createMemoryHuman();
  const open = (extra: Record<string, unknown> = {}) => createChat({ bot, human: desk, storage, locale: 'en', env: { tabs: hub.tabs() }, retry: { baseMs: 100, maxMs: 1000 }, ...extra });
  return { storage, bot, desk, open };
}
it('J2: a message sent from a third tab while the leadership passes is delivered', async () => {
  const b = browser();
  const a = b.open(); await tick(10);
  const c = b.open(); await tick(10);
  const d = b.open(); await tick(10);
  const m = d.send('is my order shipped?');
  a.destroy();            // the leading tab navigates away in the same moment
  await tick(60_000);
  console.log(d.state.messages.map((x) => `${x.author}:${x.text}:${x.status}`), c.state.messages.length);
  expect(b.bot.backend.received.map((x) => x.text)).toContain('is my order shipped?');
  expect(d.state.messages.find((x) => x.id === m.id)?.status).toBe('sent');
  c.destroy(); d.destroy();
});
it('G2: after a takeover, another customer on the browser gets the first one\'s conversation', async () => {
  const b = browser();
  const a = b.open(); await tick(10);
  const c = b.open(); await tick(10);
  a.identify({ id: 'alice' });
  await tick(10);
  a.destroy(); await tick(10);
  c.send('alice: my address is 1 Main St'); await tick(10);
  c.destroy();
  const bob = createChat({ bot: b.bot, human: b.desk, storage: b.storage, locale: 'en', env: { tabs: null }, user: { id: 'bob' } });
  expect(bob.state.messages.map((m) => m.text)).not.toContain('alice: my address is 1 Main St');
});
