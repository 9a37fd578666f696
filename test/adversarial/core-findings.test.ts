/**
 * Findings of the adversarial suite in src/core, kept as regression tests now that they are
 * fixed. Each states the behaviour a user needs.
 */
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { createChat } from '../../src/core/chat';
import type { Transport } from '../../src/core/contract';
import { createMemoryStorage } from '../../src/core/environment';
import { TransportError } from '../../src/core/errors';
import { createHandoffTransport } from '../../src/transports/handoff';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';
import { startServer } from '../server/fixtures';
import { QUIET_ESCALATION } from './support/quiet-escalation';


describe('core findings of the adversarial suite', () => {
  it('waits out a retryAfterMs too long for a timer instead of retrying at once (custom transports)', async () => {
    // setTimeout treats a delay above 2^31-1 ms as 0: the outbox then retries in a tight loop.
    let attempts = 0;
    const bot: Transport = {
      kind: 'stubborn',
      async connect() {},
      async send() {
        attempts++;
        throw new TransportError('busy', 'Come back in 30 years', { retryable: true, retryAfterMs: 1e15 });
      },
      close() {},
    };
    const chat = createChat({ bot, human: createMemoryHuman(), locale: 'en', escalation: QUIET_ESCALATION });
    chat.on('error', () => undefined);
    chat.send('hi');
    await new Promise((r) => setTimeout(r, 150));
    chat.destroy();
    expect(attempts).toBe(1);
  });

  it('still delivers a handoff request when a corrupt outbox entry waits ahead of it', async () => {
    // Outbox entries are restored without checking their payload; a broken one fails as
    // "retryable" forever and blocks its lane, so no request for a person ever leaves.
    const storage = createMemoryStorage();
    storage.setItem('hc:default:outbox', JSON.stringify([{ id: 'broken', lane: 'human', kind: 'handoff', payload: null, attempts: 0, createdAt: 1 }]));
    const human = createMemoryHuman();
    const chat = createChat({ bot: createMemoryBot(), human, locale: 'en', storage, retry: { baseMs: 10, maxMs: 20 } });
    chat.on('error', () => undefined);
    chat.open();
    chat.requestHuman();
    await new Promise((r) => setTimeout(r, 150));
    chat.destroy();
    expect(human.backend.handoffs).toHaveLength(1);
  });

  it('shows an agent message whose id the bot happened to use before (ids are per backend)', async () => {
    // Inbound messages are de-duplicated by id across both backends: a bot and a desk that
    // both number their messages ("1", "2"…) make the person's messages vanish.
    const bot = createMemoryBot();
    const human = createMemoryHuman();
    const chat = createChat({ bot, human, locale: 'en', escalation: QUIET_ESCALATION });
    chat.open();
    await Promise.resolve();
    bot.backend.emit({ type: 'message', message: { id: '1', text: 'I am the bot' } });
    chat.requestHuman();
    await new Promise((r) => setTimeout(r, 10));
    human.backend.emit({ type: 'agent-joined', agent: { name: 'Alex' } });
    human.backend.emit({ type: 'message', message: { id: '1', text: 'Hi, Alex here' } });
    chat.destroy();
    expect(chat.state.messages.filter((m) => m.author === 'agent').map((m) => m.text)).toEqual(['Hi, Alex here']);
  });

  it('lets the site hear that storage is unavailable when the very first read fails', () => {
    // The first read happens inside createChat, so the one `storage_unavailable` report is
    // emitted before any listener can exist; the site never learns it.
    const blocked = {
      getItem: () => {
        throw Object.assign(new Error('denied'), { name: 'SecurityError' });
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    };
    const chat = createChat({ human: createMemoryHuman(), locale: 'en', storage: blocked });
    const codes: string[] = [];
    chat.on('error', (e) => codes.push(e.code));
    chat.send('hello');
    chat.destroy();
    expect(codes).toContain('storage_unavailable');
  });

  it('masks quick reply titles, offered and chosen, before storing them', async () => {
    // persistNow masks message texts only; `quickReplies[].title` and `chosenReply.title`
    // are stored as they are, and a chosen reply's title is the customer's own words.
    const storage = createMemoryStorage();
    const written: string[] = [];
    const spy = { ...storage, setItem: (k: string, v: string) => (written.push(v), storage.setItem(k, v)) };
    const title = 'Use card 4242 4242 4242 4242';
    const bot = createMemoryBot({ reply: () => ({ text: 'Which card?', quickReplies: [{ title }] }) });
    const chat = createChat({ bot, human: createMemoryHuman(), locale: 'en', storage: spy, escalation: QUIET_ESCALATION });
    chat.open();
    chat.send('pay');
    await new Promise((r) => setTimeout(r, 5));
    chat.chooseReply({ title });
    await new Promise((r) => setTimeout(r, 5));
    chat.destroy();
    expect(written.join('\n')).not.toContain('4242 4242 4242 4242');
  });

  it('writes nothing to localStorage without consent, and leaves no conversation id after logout (handoff transport cursor)', async () => {
    // createHandoffTransport keeps `hc:seq:<conversationId>` in localStorage by default. The
    // transport cannot see the consent switch, and logout() does not know the key, so the
    // conversation id (a bearer secret for the reference hub) outlives both. Fix: the core
    // hands transports its own (consented, scoped, wiped-on-logout) storage in the session.
    const hub = await startServer();
    const local = createMemoryStorage();
    const keys = new Set<string>();
    const g = globalThis as { document?: unknown; localStorage?: unknown };
    g.document = {};
    g.localStorage = { ...local, setItem: (k: string, v: string) => (keys.add(k), local.setItem(k, v)) };
    try {
      const human = createHandoffTransport({ url: hub.wsUrl('/hub'), WebSocket: WebSocket as never });
      const chat = createChat({ bot: createMemoryBot(), human, locale: 'en', persist: false });
      chat.on('error', () => undefined);
      chat.open();
      chat.requestHuman();
      const end = Date.now() + 3000;
      while (chat.state.handoff.status === 'requesting' && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      chat.logout();
      chat.destroy();
      expect([...keys]).toEqual([]);
    } finally {
      delete g.document;
      delete g.localStorage;
      await hub.close();
    }
  });
});
