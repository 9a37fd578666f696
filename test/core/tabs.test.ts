import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChat, createMemoryStorage, type KeyValueStorage } from '../../src/core/index';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';
import { createTabHub } from '../support/tabs';
import { tick } from '../support/harness';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Two "tabs": one storage, one tab hub, and each its own transports to the same backends. */
function browser() {
  const storage = createMemoryStorage();
  const hub = createTabHub();
  const bot = createMemoryBot({ reply: (t) => `echo: ${t}` });
  const desk = createMemoryHuman();
  const open = (s: KeyValueStorage = storage) =>
    createChat({ bot, human: desk, storage: s, locale: 'en', env: { tabs: hub.tabs() }, retry: { baseMs: 100, maxMs: 1000 } });
  return { storage, bot, desk, open };
}

const texts = (chat: ReturnType<ReturnType<typeof browser>['open']>) => chat.state.messages.map((m) => `${m.author}:${m.text}`);

describe('two tabs of one site', () => {
  it('share one conversation: what one tab sends and receives shows in both', async () => {
    const b = browser();
    const a = b.open();
    await tick();
    const c = b.open();
    await tick();
    c.send('hello from tab two');
    await tick(10);
    expect(b.bot.backend.received.map((m) => m.text)).toEqual(['hello from tab two']);
    expect(texts(a)).toEqual(['customer:hello from tab two', 'bot:echo: hello from tab two']);
    expect(texts(c)).toEqual(texts(a));
    expect(c.state.messages[0]?.status).toBe('sent');
    a.destroy();
    c.destroy();
  });

  it('make one handoff, not two, when the button is pressed in both', async () => {
    const b = browser();
    const a = b.open();
    await tick();
    const c = b.open();
    await tick();
    a.requestHuman();
    c.requestHuman();
    await tick(10);
    c.requestHuman();
    await tick(10);
    expect(b.desk.backend.handoffs).toHaveLength(1);
    expect(a.state.phase).toBe('waiting');
    expect(c.state.phase).toBe('waiting');
    b.desk.backend.emit({ type: 'agent-joined', agent: { name: 'Alex' } });
    b.desk.backend.emit({ type: 'message', message: { id: 'a1', text: 'Hi, Alex here' } });
    await tick(10);
    expect(c.state.phase).toBe('human');
    expect(texts(c).at(-1)).toBe('agent:Hi, Alex here');
    a.destroy();
    c.destroy();
  });

  it('tells listeners in the other tab what happened, in order', async () => {
    const b = browser();
    const a = b.open();
    await tick();
    const c = b.open();
    await tick();
    const seen: string[] = [];
    c.on('message', (m) => seen.push(`message:${m.author}`));
    c.on('phase', (to, from) => seen.push(`phase:${from}>${to}`));
    a.send('hi');
    await tick(10);
    a.requestHuman();
    await tick(10);
    expect(seen).toEqual(['message:customer', 'message:bot', 'phase:bot>waiting', 'message:system', 'message:system']);
    a.destroy();
    c.destroy();
  });

  it('hand the conversation over when the leading tab closes, without losing the request', async () => {
    const b = browser();
    const a = b.open();
    await tick();
    const c = b.open();
    await tick();
    b.desk.backend.refuseConnections(true);
    c.requestHuman();
    await tick(10);
    expect(a.state.phase).toBe('waiting');
    a.destroy(); // the leading tab closes before the desk could be reached
    b.desk.backend.refuseConnections(false);
    await tick(3000);
    expect(b.desk.backend.handoffs).toHaveLength(1);
    expect(c.state.handoff.status).toBe('queued');
    b.desk.backend.emit({ type: 'agent-joined', agent: { name: 'Alex' } });
    await tick(10);
    expect(c.state.phase).toBe('human');
    c.destroy();
  });

  it('keeps counting unread messages per tab', async () => {
    const b = browser();
    const a = b.open();
    await tick();
    const c = b.open();
    await tick();
    a.open();
    a.send('hi');
    await tick(10);
    expect(a.state.unread).toBe(0);
    expect(c.state.unread).toBe(1);
    a.destroy();
    c.destroy();
  });
});

describe('streamed replies across tabs', () => {
  it('reach the other tab a few times a second, not as a full copy per word', async () => {
    const b = browser();
    const a = b.open();
    await tick();
    const c = b.open();
    await tick();
    a.open();
    await tick();
    let updates = 0;
    c.on('message:update', () => updates++);
    for (let i = 0; i < 100; i++) {
      b.bot.backend.emit({ type: 'delta', id: 'r1', text: 'word ' });
      await tick(10); // a word every 10 ms, for a second
      if (i === 50) expect(c.state.messages.find((m) => m.id === 'r1')?.streaming).toBe(true);
    }
    b.bot.backend.emit({ type: 'delta', id: 'r1', text: 'end.', done: true });
    await tick(200);
    expect(updates).toBeLessThan(15);
    const reply = c.state.messages.find((m) => m.id === 'r1');
    expect(reply?.text).toBe(`${'word '.repeat(100)}end.`);
    expect(reply?.streaming).toBeFalsy();
    a.destroy();
    c.destroy();
  });
});

describe('what other tabs are told', () => {
  it('keeps unchanged messages as the same objects, and does not send drafts', async () => {
    const b = browser();
    const a = b.open();
    await tick();
    const c = b.open();
    await tick();
    a.send('first');
    await tick(10);
    const before = c.state.messages;
    a.send('second');
    await tick(10);
    expect(c.state.messages[0]).toBe(before[0]);
    expect(c.state.messages[1]).toBe(before[1]);
    let changes = 0;
    c.on('change', () => changes++);
    a.setDraft('half a sent');
    await tick(500);
    expect(changes).toBe(0);
    expect(c.state.draft).toBe('');
    a.destroy();
    c.destroy();
  });
});
