import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChat, createMemoryStorage, type KeyValueStorage } from '../../src/core/index';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';
import { createTabHub } from '../support/tabs';
import { tick } from '../support/harness';

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

function browser() {
  const storage = createMemoryStorage();
  const hub = createTabHub();
  const bot = createMemoryBot({ reply: (t) => `echo: ${t}` });
  const desk = createMemoryHuman();
  const open = (extra: Record<string, unknown> = {}) =>
    createChat({ bot, human: desk, storage, locale: 'en', env: { tabs: hub.tabs() }, retry: { baseMs: 100, maxMs: 1000 }, ...extra });
  return { storage, bot, desk, open };
}

describe('tabs', () => {
  it('a follower that takes over does not write a stale owner (privacy)', async () => {
    const b = browser();
    const a = b.open(); await tick();
    const c = b.open(); await tick(10);      // both anonymous
    a.identify({ id: 'alice' });
    a.send('my private order 123');
    await tick(10);
    expect(JSON.parse(b.storage.getItem('hc:default:conversation')!).owner).toBe('alice');
    a.destroy(); await tick(10);           // c leads now
    c.send('another private thing');
    await tick(10);
    expect(JSON.parse(b.storage.getItem('hc:default:conversation')!).owner).toBe('alice');
    c.destroy();
    // Bob on the same browser: an ownerless conversation is handed to him.
    const bob = createChat({ bot: b.bot, human: b.desk, storage: b.storage, locale: 'en', env: { tabs: null }, user: { id: 'bob' } });
    expect(bob.state.messages.map((m) => m.text)).not.toContain('my private order 123');
  });

  it('withdrawing consent in one tab stops every tab writing', async () => {
    const b = browser();
    const a = b.open(); await tick();
    const c = b.open(); await tick(10);
    c.setPersistence(false);
    expect(b.storage.getItem('hc:default:conversation')).toBeNull();
    c.send('hello'); // or a.send, or a bot reply
    await tick(10);
    expect(b.storage.getItem('hc:default:conversation')).toBeNull();
    a.destroy(); c.destroy();
  });

  it('a request for a person from a follower survives the leader closing', async () => {
    const b = browser();
    const a = b.open(); await tick();
    const c = b.open(); await tick(10);
    c.requestHuman();   // posted to a
    a.destroy();        // leader tab closes in the same task
    await tick(3000);
    expect(c.state.phase).toBe('waiting');
    expect(b.desk.backend.handoffs).toHaveLength(1);
    c.destroy();
  });

  it('typing dots do not stay forever after the leader changes', async () => {
    const b = browser();
    const a = b.open(); await tick();
    const c = b.open(); await tick(10);
    a.requestHuman(); await tick(10);
    b.desk.backend.emit({ type: 'agent-joined', agent: { name: 'Alex' } });
    b.desk.backend.emit({ type: 'typing', active: true });
    await tick(10);
    expect(c.state.typing.agent).toBe(true);
    a.destroy(); await tick(10);
    await tick(60_000);
    expect(c.state.typing.agent).toBe(false);
    c.destroy();
  });

  it('a message sent from another tab does not wipe this tab\'s draft', async () => {
    const b = browser();
    const a = b.open(); await tick();
    const c = b.open(); await tick(10);
    a.setDraft('half-written reply');
    c.send('hi');
    await tick(10);
    expect(a.state.draft).toBe('half-written reply');
    a.destroy(); c.destroy();
  });
});
