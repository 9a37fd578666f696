import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChat, createMemoryStorage, type KeyValueStorage } from '../../src/core/index';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';
import { tick } from '../support/harness';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Storage that records every write, to prove what did and did not reach it. */
function spyStorage() {
  const inner = createMemoryStorage();
  const writes: Array<[string, string]> = [];
  const storage: KeyValueStorage = {
    getItem: (k) => inner.getItem(k),
    setItem: (k, v) => {
      writes.push([k, v]);
      inner.setItem(k, v);
    },
    removeItem: (k) => inner.removeItem(k),
  };
  const dump = () => ['hc:default:conversation', 'hc:default:outbox'].map((k) => inner.getItem(k) ?? '').join('\n');
  return { storage, writes, dump };
}

const cardRedactor = (text: string) => {
  const found = /\b(?:\d[ -]?){12,15}(\d{4})\b/.test(text);
  return { text: text.replace(/\b(?:\d[ -]?){12,15}(\d{4})\b/g, '[card •••• $1]'), kinds: found ? ['card'] : [] };
};

describe('identity', () => {
  it('gives transports a fresh token on every call, and never stores it', async () => {
    const { storage, writes } = spyStorage();
    const human = createMemoryHuman();
    let n = 0;
    const chat = createChat({ human, storage, bot: createMemoryBot() });
    chat.identify({ id: 'u1', name: 'Ana' }, { token: () => `tok-${++n}` });
    chat.requestHuman();
    await tick();
    const session = human.backend.session!;
    expect(await session.identityToken?.()).toBe('tok-1');
    expect(await session.identityToken?.()).toBe('tok-2');
    expect(writes.some(([, v]) => v.includes('tok-'))).toBe(false);
    chat.destroy();
  });

  it('reports a failing token callback and carries on without a token', async () => {
    const human = createMemoryHuman();
    const chat = createChat({ human, identityToken: () => Promise.reject(new Error('expired')) });
    const errors: string[] = [];
    chat.on('error', (e) => errors.push(e.code));
    chat.requestHuman();
    await tick();
    expect(await human.backend.session?.identityToken?.()).toBeUndefined();
    expect(errors).toEqual(['identity_token_failed']);
    chat.destroy();
  });

  it('rejects a malformed token with the option named', () => {
    const chat = createChat({ human: createMemoryHuman() });
    expect(() => chat.identify({ id: 'u' }, { token: 'has spaces in it' })).toThrow(expect.objectContaining({ option: 'token' }));
    expect(() => createChat({ human: createMemoryHuman(), identityToken: 42 as never })).toThrow(expect.objectContaining({ option: 'identityToken' }));
    chat.destroy();
  });
});

describe('one person never sees another\'s conversation', () => {
  it('starts fresh when a different customer is identified on the same browser', async () => {
    const { storage, dump } = spyStorage();
    const a = createChat({ human: createMemoryHuman(), bot: createMemoryBot(), storage, user: { id: 'alice' } });
    a.send('my address is 1 Secret Lane');
    await tick();
    a.destroy();
    const b = createChat({ human: createMemoryHuman(), bot: createMemoryBot(), storage, user: { id: 'bob' } });
    expect(b.state.messages).toEqual([]);
    await tick();
    expect(dump()).not.toContain('Secret Lane');
    b.destroy();
  });

  it('keeps the conversation when an anonymous customer signs in, but not when another one does', async () => {
    const chat = createChat({ human: createMemoryHuman(), bot: createMemoryBot() });
    chat.send('hello');
    chat.identify({ id: 'alice' });
    expect(chat.state.messages).toHaveLength(1);
    const before = chat.state.conversationId;
    chat.identify({ id: 'bob' });
    expect(chat.state.messages).toEqual([]);
    expect(chat.state.conversationId).not.toBe(before);
    expect(chat.state.user).toEqual({ id: 'bob' });
    chat.destroy();
  });

  it('logout wipes conversation, outbox, draft and token, in memory and in storage', async () => {
    const { storage, dump } = spyStorage();
    const bot = createMemoryBot();
    const human = createMemoryHuman({ receipt: { status: 'accepted', agent: { name: 'Alex' } } });
    const chat = createChat({ human, bot, storage, identityToken: 'secret-token' });
    bot.backend.refuseConnections(true);
    chat.send('pending for the bot');
    chat.setDraft('half typed');
    await tick();
    expect(dump()).toContain('pending for the bot');
    chat.logout();
    await tick();
    expect(chat.state.messages).toEqual([]);
    expect(chat.state.draft).toBe('');
    expect(chat.state.phase).toBe('bot');
    expect(dump()).not.toContain('pending for the bot');
    expect(dump()).not.toContain('half typed');
    bot.backend.refuseConnections(false);
    await tick(60000);
    expect(bot.backend.received).toEqual([]); // the old outbox is gone too
    chat.requestHuman();
    await tick();
    expect(await human.backend.session?.identityToken?.()).toBeUndefined();
    chat.destroy();
  });
});

describe('storage consent and secrets', () => {
  it('writes nothing at all with persist: false, and still works', async () => {
    const { storage, writes } = spyStorage();
    const bot = createMemoryBot({ reply: () => 'ok' });
    const chat = createChat({ human: createMemoryHuman(), bot, storage, persist: false });
    chat.send('hi');
    chat.setDraft('x');
    await tick();
    expect(chat.state.messages.map((m) => m.text)).toEqual(['hi', 'ok']);
    expect(writes).toEqual([]);
    chat.destroy();
  });

  it('setPersistence(false) removes what was stored and stops writing; true writes again', async () => {
    const { storage, writes, dump } = spyStorage();
    const chat = createChat({ human: createMemoryHuman(), bot: createMemoryBot(), storage });
    chat.send('before');
    await tick();
    expect(dump()).toContain('before');
    chat.setPersistence(false);
    expect(dump()).not.toContain('before');
    const count = writes.length;
    chat.send('during');
    await tick();
    expect(writes.length).toBe(count);
    chat.setPersistence(true);
    await tick();
    expect(dump()).toContain('during');
    chat.destroy();
  });

  it('never writes a full card number to storage, even while it waits to be delivered', async () => {
    const { storage, writes } = spyStorage();
    const bot = createMemoryBot();
    const chat = createChat({ human: createMemoryHuman(), bot, storage, redact: cardRedactor });
    bot.backend.refuseConnections(true);
    chat.send('charge 4111 1111 1111 1111 please');
    await tick(50);
    chat.leaveMessage({ email: 'a@b.se', message: 'card 4111-1111-1111-1111' });
    await tick(50);
    expect(writes.length).toBeGreaterThan(0);
    for (const [, value] of writes) {
      expect(value).not.toMatch(/4111[ -]?1111[ -]?1111[ -]?1111/);
    }
    // The customer still sees their own words in this page, and the bot gets them unmasked when it is back.
    expect(chat.state.messages[0]?.text).toContain('4111 1111 1111 1111');
    bot.backend.refuseConnections(false);
    await tick(5000);
    expect(bot.backend.received[0]?.text).toContain('4111 1111 1111 1111');
    chat.destroy();
  });

  it('masks what goes to the bot too when maskBot is on', async () => {
    const bot = createMemoryBot();
    const chat = createChat({ human: createMemoryHuman(), bot, redact: cardRedactor, maskBot: true });
    chat.send('card 4111 1111 1111 1111');
    await tick();
    expect(bot.backend.received[0]?.text).toBe('card [card •••• 1111]');
    chat.destroy();
  });
});

describe('logout tells the desk', () => {
  it('ends a conversation with a person, so nobody answers a customer who is gone', async () => {
    const human = createMemoryHuman({ receipt: { status: 'accepted', agent: { name: 'Alex' } } });
    const chat = createChat({ human, bot: createMemoryBot() });
    chat.requestHuman();
    await tick();
    const old = chat.state.conversationId;
    chat.logout();
    await tick();
    expect(human.backend.ends).toEqual([old]);
    expect(chat.state.conversationId).not.toBe(old);
    chat.destroy();
  });

  it('withdraws a queued request, and sends nothing for one that never left', async () => {
    const human = createMemoryHuman();
    const chat = createChat({ human, bot: createMemoryBot() });
    chat.requestHuman();
    await tick();
    const requestId = chat.state.handoff.requestId;
    chat.logout();
    await tick();
    expect(human.backend.cancels).toEqual([requestId]);

    const offline = createMemoryHuman();
    const other = createChat({ human: offline, bot: createMemoryBot() });
    offline.backend.refuseConnections(true);
    other.requestHuman();
    await tick(50);
    other.logout();
    offline.backend.refuseConnections(false);
    await tick(60000);
    expect(offline.backend.handoffs).toEqual([]);
    expect(offline.backend.cancels).toEqual([]);
    other.destroy();
    chat.destroy();
  });
});
