import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChat, createMemoryStorage, type KeyValueStorage } from '../../src/core/index';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';
import { record, tick } from '../support/harness';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** One "page load": a chat over shared storage, with fresh transports talking to the same backends. */
function page(storage: KeyValueStorage, human = createMemoryHuman(), bot = createMemoryBot({ reply: (t) => `echo: ${t}` })) {
  const chat = createChat({ bot, human, storage, locale: 'en', retry: { baseMs: 100, maxMs: 1000 } });
  return { chat, human, bot };
}

describe('across reloads', () => {
  it('restores phase, messages, draft and agent in the middle of a human conversation, and listens again', async () => {
    const storage = createMemoryStorage();
    const first = page(storage, createMemoryHuman({ receipt: { status: 'accepted', agent: { name: 'Alex' } } }));
    first.chat.send('hello');
    await tick();
    first.chat.requestHuman();
    await tick();
    first.chat.setDraft('half a sent');
    await tick();
    first.chat.destroy();

    const second = page(storage);
    expect(second.chat.state.phase).toBe('human');
    expect(second.chat.state.agent).toEqual({ name: 'Alex' });
    expect(second.chat.state.draft).toBe('half a sent');
    expect(second.chat.state.messages.map((m) => m.text)).toEqual(first.chat.state.messages.map((m) => m.text));
    expect(second.chat.state.conversationId).toBe(first.chat.state.conversationId);
    await tick();
    expect(second.human.backend.connected).toBe(true);
    expect(second.human.backend.session?.conversationId).toBe(first.chat.state.conversationId);
    second.human.backend.emit({ type: 'message', message: { id: 'a1', text: 'still here' } });
    expect(second.chat.state.messages.at(-1)).toMatchObject({ author: 'agent', text: 'still here' });
    second.chat.destroy();
  });

  it('delivers a handoff request made just before the reload exactly once', async () => {
    const storage = createMemoryStorage();
    const desk = createMemoryHuman();
    const first = page(storage, desk);
    desk.backend.refuseConnections(true);
    first.chat.send('help');
    await tick();
    first.chat.requestHuman();
    await tick(500);
    expect(desk.backend.handoffs).toEqual([]);
    first.chat.destroy();

    desk.backend.refuseConnections(false);
    const second = page(storage, desk);
    expect(second.chat.state.phase).toBe('waiting');
    await tick(100);
    expect(desk.backend.handoffs).toHaveLength(1);
    expect(desk.backend.handoffs[0]?.transcript.messages[0]?.text).toBe('help');
    expect(second.chat.state.handoff.status).toBe('queued');
    await tick(60000);
    expect(desk.backend.handoffs).toHaveLength(1);
    second.chat.destroy();
  });

  it('finishes delivering a message whose page was closed while it was failing', async () => {
    const storage = createMemoryStorage();
    const bot = createMemoryBot();
    const first = page(storage, undefined, bot);
    bot.backend.refuseConnections(true);
    first.chat.send('are you there');
    await tick(50);
    first.chat.destroy();
    bot.backend.refuseConnections(false);
    const second = page(storage, undefined, bot);
    await tick(100);
    expect(bot.backend.received.map((m) => m.text)).toEqual(['are you there']);
    expect(second.chat.state.messages[0]?.status).toBe('sent');
    second.chat.destroy();
  });

  it('keeps working in memory when storage throws on write, and says so once', async () => {
    const broken: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const { chat, bot } = page(broken);
    const log = record(chat, ['error']);
    chat.send('one');
    chat.send('two');
    await tick();
    expect(bot.backend.received.map((m) => m.text)).toEqual(['one', 'two']);
    expect(log).toEqual(['error:storage_unavailable']);
    chat.destroy();
  });

  it('starts fresh from corrupt or hostile stored data', async () => {
    const storage = createMemoryStorage();
    storage.setItem('hc:default:conversation', '{"v":1, "phase": "human", "conversationId": 5');
    storage.setItem('hc:default:outbox', '{"not":"a list"}');
    const a = page(storage);
    expect(a.chat.state.phase).toBe('bot');
    expect(a.chat.state.messages).toEqual([]);
    a.chat.destroy();

    storage.setItem(
      'hc:default:conversation',
      JSON.stringify({
        v: 1,
        conversationId: 'c1',
        phase: 'bot',
        messages: [
          { id: 'm1', author: 'bot', text: 'ok', time: 1, status: 'sent', __proto__: { evil: 1 }, onclick: 'x' },
          { id: 'm2', author: 'root', text: 'bad author', time: 1 },
          { id: 'm1', author: 'bot', text: 'duplicate id', time: 1 },
          'garbage',
        ],
        user: { attributes: JSON.parse('{"__proto__": {"polluted": true}, "plan": "gold"}') },
      }),
    );
    const b = page(storage);
    expect(b.chat.state.messages).toEqual([{ id: 'm1', author: 'bot', text: 'ok', time: 1, status: 'sent' }]);
    expect(b.chat.state.user).toEqual({ attributes: { plan: 'gold' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    b.chat.destroy();
  });

  it('keeps separate conversations under separate storage keys', async () => {
    const storage = createMemoryStorage();
    const human = createMemoryHuman();
    const a = createChat({ human, storage, storageKey: 'support', bot: createMemoryBot() });
    a.send('for support');
    await tick();
    a.destroy();
    const b = createChat({ human, storage, storageKey: 'sales', bot: createMemoryBot() });
    expect(b.state.messages).toEqual([]);
    b.destroy();
  });
});
