import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { harness, record, tick } from '../support/harness';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const agent = { name: 'Alex', title: 'Support agent' };

describe('a conversation through every phase', () => {
  it('answers with the bot, queues for a person, connects, and ends with a survey', async () => {
    const { chat, human } = harness();
    const log = record(chat, ['phase', 'message', 'handoff:requested', 'handoff:accepted', 'agent:joined', 'handoff:ended']);
    chat.open();
    chat.send('where is my order');
    await tick();
    chat.requestHuman('I need a person');
    await tick();
    human.backend.emit({ type: 'queue', position: 2, etaSeconds: 90 });
    expect(chat.state.handoff).toMatchObject({ status: 'queued', position: 2, etaSeconds: 90 });
    human.backend.emit({ type: 'agent-joined', agent });
    human.backend.emit({ type: 'message', message: { id: 'a1', text: 'Hi, Alex here' } });
    chat.send('thanks');
    await tick();
    human.backend.emit({ type: 'ended', by: 'agent' });

    expect(log).toEqual([
      'message:customer:where is my order',
      'message:bot:echo: where is my order',
      'phase:bot>waiting',
      'message:system:Connecting you with a person…',
      'handoff:requested',
      'handoff:accepted',
      'message:system:You are number 1 in the queue.',
      'phase:waiting>human',
      'message:system:Alex joined the chat.',
      'agent:joined',
      'message:agent:Hi, Alex here',
      'message:customer:thanks',
      'handoff:ended',
      'phase:human>ended',
      'message:system:The conversation has ended.',
    ]);
    expect(chat.state.rating).toBe('offered');
    expect(human.backend.received.map((m) => m.text)).toEqual(['thanks']);
    chat.rate({ score: 5, comment: 'quick and kind' });
    await tick();
    expect(human.backend.ratings).toEqual([expect.objectContaining({ score: 5, comment: 'quick and kind' })]);
    expect(chat.state.rating).toBe('sent');
    chat.destroy();
  });

  it('goes back to the bot when the person hands back', async () => {
    const { chat, human, bot } = harness({ humanOptions: { receipt: { status: 'accepted', agent } } });
    const log = record(chat, ['phase']);
    chat.requestHuman();
    await tick();
    expect(chat.state.phase).toBe('human');
    expect(chat.state.agent).toEqual(agent);
    human.backend.emit({ type: 'handed-back' });
    expect(chat.state.phase).toBe('bot');
    expect(chat.state.agent).toBeUndefined();
    chat.send('back to you, bot');
    await tick();
    expect(bot.backend.received.map((m) => m.text)).toEqual(['back to you, bot']);
    expect(log).toEqual(['phase:bot>waiting', 'phase:waiting>human', 'phase:human>bot']);
    chat.destroy();
  });

  it('lets a waiting customer cancel and go back to the bot, telling the desk', async () => {
    const { chat, human } = harness();
    chat.requestHuman();
    await tick();
    const requestId = chat.state.handoff.requestId;
    chat.cancelHandoff();
    await tick();
    expect(chat.state.phase).toBe('bot');
    expect(chat.state.handoff.status).toBe('none');
    expect(human.backend.cancels).toEqual([requestId]);
    expect(chat.state.messages.at(-1)?.notice?.code).toBe('handoff-cancelled');
    chat.destroy();
  });

  it('does not send a request at all when cancelled before it left', async () => {
    const { chat, human } = harness();
    human.backend.refuseConnections(true);
    chat.requestHuman();
    await tick();
    chat.cancelHandoff();
    human.backend.refuseConnections(false);
    await tick(5000);
    expect(human.backend.handoffs).toEqual([]);
    expect(human.backend.cancels).toEqual([]);
    chat.destroy();
  });

  it('offers to leave a message when nobody is available, and delivers it with the transcript', async () => {
    const { chat, human } = harness({ humanOptions: { receipt: { status: 'unavailable' } } });
    chat.send('my card was stolen');
    await tick();
    chat.requestHuman();
    await tick();
    expect(chat.state.phase).toBe('bot');
    expect(chat.state.handoff.status).toBe('unavailable');
    chat.leaveMessage({ email: 'ana@example.com', message: 'Please call me back' });
    await tick();
    expect(human.backend.notes).toHaveLength(1);
    expect(human.backend.notes[0]).toMatchObject({ email: 'ana@example.com', message: 'Please call me back' });
    expect(human.backend.notes[0]?.transcript.messages.map((m) => m.text)).toContain('my card was stolen');
    expect(chat.state.handoff.status).toBe('message-left');
    expect(chat.state.messages.at(-1)?.notice).toEqual({ code: 'message-left', params: { email: 'ana@example.com' } });
    chat.destroy();
  });

  it('treats an "unavailable" event while queued like an unavailable receipt', async () => {
    const { chat, human } = harness();
    chat.requestHuman();
    await tick();
    human.backend.emit({ type: 'unavailable', reason: 'closed for the night' });
    expect(chat.state.phase).toBe('bot');
    expect(chat.state.handoff.status).toBe('unavailable');
    chat.destroy();
  });

  it('ends a waiting request when the desk closes it', async () => {
    const { chat, human } = harness();
    chat.requestHuman();
    await tick();
    human.backend.emit({ type: 'ended', by: 'system' });
    expect(chat.state.phase).toBe('ended');
    expect(chat.state.rating).toBe('none'); // nobody to rate
    chat.destroy();
  });

  it('lets the customer end the human chat and tells the desk', async () => {
    const { chat, human } = harness({ humanOptions: { receipt: { status: 'accepted', agent } } });
    chat.requestHuman();
    await tick();
    chat.endChat();
    await tick();
    expect(chat.state.phase).toBe('ended');
    expect(human.backend.ends).toEqual([chat.state.conversationId]);
    expect(chat.state.rating).toBe('offered');
    chat.destroy();
  });

  it('starts over with the bot when the customer writes after the end', async () => {
    const { chat, bot } = harness();
    chat.endChat();
    expect(chat.state.phase).toBe('ended');
    chat.send('one more question');
    await tick();
    expect(chat.state.phase).toBe('bot');
    expect(bot.backend.received.map((m) => m.text)).toEqual(['one more question']);
    chat.destroy();
  });

  it('can ask for a person again after the end', async () => {
    const { chat, human } = harness();
    chat.endChat();
    chat.requestHuman();
    await tick();
    expect(chat.state.phase).toBe('waiting');
    expect(human.backend.handoffs).toHaveLength(1);
    chat.destroy();
  });

  it('sends messages typed while waiting to the person, after the request', async () => {
    const { chat, human, bot } = harness();
    chat.requestHuman();
    chat.send('are you there?');
    await tick();
    expect(bot.backend.received).toEqual([]);
    expect(human.backend.handoffs).toHaveLength(1);
    expect(human.backend.received.map((m) => m.text)).toEqual(['are you there?']);
    chat.destroy();
  });

  it('treats a message from a person while waiting as the person joining', async () => {
    const { chat, human } = harness();
    chat.requestHuman();
    await tick();
    human.backend.emit({ type: 'message', message: { id: 'a1', text: 'Hello!', agent: { name: 'Sam' } } });
    expect(chat.state.phase).toBe('human');
    expect(chat.state.agent?.name).toBe('Sam');
    chat.destroy();
  });

  it('rejects cancelling when nothing is pending', () => {
    const { chat } = harness();
    expect(() => chat.cancelHandoff()).toThrow(expect.objectContaining({ name: 'StateError', code: 'not_waiting' }));
    chat.destroy();
  });

  it('ignores a person joining for a request that was cancelled', async () => {
    const { chat, human } = harness();
    chat.requestHuman();
    await tick();
    chat.cancelHandoff();
    human.backend.emit({ type: 'agent-joined', agent });
    expect(chat.state.phase).toBe('bot');
    expect(chat.state.agent).toBeUndefined();
    chat.destroy();
  });

  it('reports timings for analytics', async () => {
    const { chat, human } = harness();
    const seen: Record<string, unknown>[] = [];
    chat.on('handoff:requested', (i) => seen.push({ ev: 'requested', ...i }));
    chat.on('agent:joined', (i) => seen.push({ ev: 'joined', ...i }));
    chat.on('handoff:ended', (i) => seen.push({ ev: 'ended', ...i }));
    await tick(3000);
    chat.requestHuman();
    await tick(10000);
    human.backend.emit({ type: 'agent-joined', agent });
    await tick(2000);
    human.backend.emit({ type: 'message', message: { id: 'a1', text: 'hi' } });
    await tick(5000);
    human.backend.emit({ type: 'ended' });
    expect(seen[0]).toMatchObject({ ev: 'requested', trigger: 'button', timeToRequestMs: 3000 });
    expect(seen[1]).toMatchObject({ ev: 'joined', timeInQueueMs: 10000 });
    expect(seen[2]).toMatchObject({ ev: 'ended', by: 'agent', timeInQueueMs: 10000, timeToFirstReplyMs: 12000, durationMs: 7000 });
    chat.destroy();
  });
});

describe('open, close and unread', () => {
  it('counts bot and agent messages that arrive while closed, and clears on open', async () => {
    const { chat, bot } = harness();
    const log = record(chat, ['open', 'close']);
    chat.send('hi');
    await tick();
    expect(chat.state.unread).toBe(1);
    chat.open();
    expect(chat.state.unread).toBe(0);
    bot.backend.emit({ type: 'message', message: { id: 'b9', text: 'while open' } });
    expect(chat.state.unread).toBe(0);
    chat.close();
    bot.backend.emit({ type: 'message', message: { id: 'b10', text: 'while closed' } });
    expect(chat.state.unread).toBe(1);
    expect(log).toEqual(['open', 'close']);
    chat.destroy();
  });

  it('asks the desk about availability when opened', async () => {
    const { chat } = harness({ humanOptions: { availability: { available: false, message: 'Back at 9' } } });
    chat.open();
    await tick();
    expect(chat.state.availability).toEqual({ available: false, message: 'Back at 9' });
    chat.destroy();
  });
});

describe('identify', () => {
  it('records the customer and sends them with the handoff', async () => {
    const { chat, human } = harness();
    chat.identify({ id: 'u1', name: 'Ana', email: 'ana@example.com', attributes: { plan: 'gold' } });
    chat.requestHuman();
    await tick();
    expect(human.backend.handoffs[0]?.transcript.context.user).toEqual({
      id: 'u1',
      name: 'Ana',
      email: 'ana@example.com',
      attributes: { plan: 'gold' },
    });
    chat.destroy();
  });

  it('rejects a malformed user with the field named', () => {
    const { chat } = harness();
    expect(() => chat.identify({ name: 42 } as never)).toThrow(expect.objectContaining({ name: 'ConfigError', option: 'user.name' }));
    expect(() => chat.identify({ attributes: { nested: { a: 1 } } } as never)).toThrow(
      expect.objectContaining({ option: 'user.attributes.nested' }),
    );
    chat.destroy();
  });
});

describe('destroy', () => {
  it('closes both transports, stops timers and refuses further use', async () => {
    const { chat, bot, human } = harness();
    chat.open();
    chat.requestHuman();
    await tick();
    expect(bot.backend.connected).toBe(true);
    expect(human.backend.connected).toBe(true);
    const events: string[] = [];
    chat.on('change', () => events.push('change'));
    chat.destroy();
    expect(bot.backend.connected).toBe(false);
    expect(human.backend.connected).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    human.backend.emit({ type: 'agent-joined', agent });
    expect(events).toEqual([]);
    expect(() => chat.send('x')).toThrow(expect.objectContaining({ name: 'StateError', code: 'destroyed' }));
    expect(() => chat.destroy()).not.toThrow();
  });
});

describe('transfers', () => {
  it('goes back to waiting when the person puts the conversation back in the queue', async () => {
    const { chat, human } = harness({ humanOptions: { receipt: { status: 'accepted', agent } } });
    chat.requestHuman();
    await tick();
    expect(chat.state.phase).toBe('human');
    human.backend.emit({ type: 'agent-left', agent });
    human.backend.emit({ type: 'queue', position: 1, etaSeconds: 30 });
    expect(chat.state.phase).toBe('waiting');
    expect(chat.state.agent).toBeUndefined();
    expect(chat.state.handoff).toMatchObject({ status: 'queued', position: 1, etaSeconds: 30 });
    human.backend.emit({ type: 'agent-joined', agent: { name: 'Sam' } });
    expect(chat.state.phase).toBe('human');
    expect(chat.state.agent?.name).toBe('Sam');
    chat.destroy();
  });
});

describe('a long wait is never a silent spinner', () => {
  it('marks the request overdue after the queue timeout, and clears it when a person joins', async () => {
    const { chat, human } = harness({ queueTimeoutMs: 60000 });
    chat.requestHuman();
    await tick(59000);
    expect(chat.state.handoff.overdue).toBeUndefined();
    await tick(2000);
    expect(chat.state.handoff.overdue).toBe(true);
    expect(chat.state.phase).toBe('waiting'); // still queued: the offer is an option, not a cancellation
    human.backend.emit({ type: 'agent-joined', agent });
    expect(chat.state.handoff.overdue).toBeUndefined();
    chat.destroy();
  });

  it('withdraws the queued request when the customer leaves a message instead', async () => {
    const { chat, human } = harness({ queueTimeoutMs: 1000 });
    chat.send('my parcel is lost');
    await tick();
    chat.requestHuman();
    await tick(2000);
    expect(chat.state.handoff.overdue).toBe(true);
    chat.leaveMessage({ email: 'ana@example.com', message: 'Call me tomorrow' });
    await tick();
    expect(human.backend.cancels).toEqual([human.backend.handoffs[0]?.id]);
    expect(human.backend.notes).toHaveLength(1);
    expect(chat.state.phase).toBe('bot');
    expect(chat.state.handoff.status).toBe('message-left');
    chat.destroy();
  });

  it('keeps counting the queue time across a reload', async () => {
    const storage = (await import('../../src/core/index')).createMemoryStorage();
    const first = harness({ queueTimeoutMs: 60000, storage });
    first.chat.requestHuman();
    await tick(40000);
    first.chat.destroy();
    const second = harness({ queueTimeoutMs: 60000, storage });
    await tick(21000);
    expect(second.chat.state.handoff.overdue).toBe(true);
    second.chat.destroy();
  });

  it('rejects a negative queue timeout', () => {
    expect(() => harness({ queueTimeoutMs: -1 })).toThrow(expect.objectContaining({ option: 'queueTimeoutMs' }));
  });
});
