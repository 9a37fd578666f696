import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChat, createMemoryStorage } from '../../src/core/index';
import { TransportError } from '../../src/core/errors';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';
import { harness, tick } from '../support/harness';

beforeEach(() => { vi.useFakeTimers(); vi.setSystemTime(new Date('2026-01-01T10:00:00Z')); });
afterEach(() => { vi.useRealTimers(); });

const CARD = '4111111111111111';

describe('desk refuses a handoff outright (4xx)', () => {
  it('does not leave the customer in "waiting" for a request that no longer exists', async () => {
    const { chat, human } = harness({ queueTimeoutMs: 0 });
    await tick();
    human.backend.failNext(1, new TransportError('http_error', 'HTTP 422', { status: 422, retryable: false }));
    chat.requestHuman();
    await tick(60_000);
    expect(human.backend.handoffs).toHaveLength(0);
    expect(chat.state.phase).not.toBe('waiting');
  });
});

describe('the person joins before the desk answers the handoff call', () => {
  it('still marks the messages carried in the transcript as delivered', async () => {
    const bot = createMemoryBot({ reply: (t) => `echo ${t}` });
    const desk = createMemoryHuman();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const human = { ...desk, handoff: async (req: any) => { const r = await desk.handoff(req); await gate; return r; } };
    const chat = createChat({ bot, human, locale: 'en', retry: { baseMs: 100, maxMs: 1000 } });
    await tick();
    bot.backend.failNext(50); // bot down
    const m = chat.send('where is my parcel');
    await tick(10);
    expect(chat.state.messages.find((x) => x.id === m.id)?.status).toBe('failed');
    const accepted = vi.fn();
    chat.on('handoff:accepted', accepted);
    chat.requestHuman();
    await tick(10);
    desk.backend.emit({ type: 'agent-joined', agent: { name: 'Alex' } }); // WS push beats the HTTP 200
    await tick(10);
    release();
    await tick(10);
    expect(desk.backend.handoffs[0]!.transcript.messages.some((x) => x.id === m.id)).toBe(true);
    expect(chat.state.messages.find((x) => x.id === m.id)?.status).toBe('sent');
    expect(accepted).toHaveBeenCalled();
  });
});

describe('a context object JSON cannot serialise', () => {
  it('still reaches a person (the path to a person always works)', async () => {
    const ctx: Record<string, unknown> = { page: 'cart' };
    ctx.self = ctx;
    const { chat, human, bot } = harness({ context: () => ctx });
    await tick();
    bot.backend.failNext(50);
    chat.send('hello');
    await tick(10);
    let thrown: unknown;
    try { chat.requestHuman(); } catch (e) { thrown = e; }
    await tick(10);
    // after the bot outbox was already emptied; phase stays 'bot'.
    expect(thrown).toBeUndefined();
    expect(human.backend.handoffs).toHaveLength(1);
  });
});

describe('storage holds unmasked text', () => {
  it('does not write a card number typed into the composer (draft) to storage', async () => {
    const storage = createMemoryStorage();
    const { chat } = harness({ storage });
    chat.setDraft(`my card is ${CARD}`);
    await tick();
    expect(storage.getItem('hc:default:conversation')).not.toContain(CARD);
  });
  it('does not write a card number quoted in the handoff reason to storage', async () => {
    const storage = createMemoryStorage();
    const { chat } = harness({ storage });
    await tick();
    chat.send(`my card ${CARD} was stolen`);
    await tick(10);
    expect(chat.state.offer?.reason).toContain(CARD);
    chat.acceptOffer();
    await tick(10);
    expect(storage.getItem('hc:default:conversation')).not.toContain(CARD);
  });
});

describe('identify() switching person', () => {
  it('keeps the function token passed with the new person, and connects with the new user', async () => {
    const storage = createMemoryStorage();
    const bot = createMemoryBot();
    const human = createMemoryHuman();
    const chat = createChat({ bot, human, storage, locale: 'en', env: { tabs: null }, user: { id: 'alice' } });
    chat.open();
    await tick();
    chat.identify({ id: 'bob' }, { token: () => 'bob-token' });
    await tick();
    // before state.user is set.
    expect(await bot.backend.session!.identityToken!()).toBe('bob-token');
    expect(bot.backend.session!.user?.id).toBe('bob');
  });
});

describe('reload in a handoff while the desk connect fails once', () => {
  it('reconnects to the desk eventually', async () => {
    const storage = createMemoryStorage();
    const first = harness({ storage, env: { tabs: null } });
    await tick();
    first.chat.requestHuman();
    await tick(10);
    first.human.backend.emit({ type: 'agent-joined', agent: { name: 'Alex' } });
    await tick(10);
    first.chat.destroy();
    const second = harness({ storage, env: { tabs: null } });
    second.human.backend.refuseConnections(true);
    // (harness creates the chat synchronously; refuse is set after, so recreate)
    second.chat.destroy();
    const human = createMemoryHuman();
    human.backend.refuseConnections(true);
    const chat = createChat({ bot: createMemoryBot(), human, storage, locale: 'en', env: { tabs: null } });
    await tick();
    expect(chat.state.phase).toBe('human');
    human.backend.refuseConnections(false);
    await tick(120_000);
    expect(human.backend.connects).toBeGreaterThan(1);
  });
});

describe('transfer back to the queue', () => {
  it('does not mark the new wait overdue at once', async () => {
    const { chat, human } = harness({ queueTimeoutMs: 60_000 });
    await tick();
    chat.requestHuman();
    await tick(10);
    human.backend.emit({ type: 'agent-joined', agent: { name: 'Alex' } });
    await tick(10 * 60_000); // ten minutes with Alex
    human.backend.emit({ type: 'queue', position: 1 });
    await tick(10);
    expect(chat.state.phase).toBe('waiting');
    expect(chat.state.handoff.overdue).not.toBe(true);
  });
});
