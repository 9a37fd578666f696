import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { harness, record, tick } from '../support/harness';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('inbound events', () => {
  it('drops duplicate messages by id', async () => {
    const { chat, bot } = harness();
    chat.open();
    await tick();
    for (let i = 0; i < 3; i++) bot.backend.emit({ type: 'message', message: { id: 'b1', text: 'once' } });
    expect(chat.state.messages.map((m) => m.text)).toEqual(['once']);
    chat.destroy();
  });

  it('grows a streamed reply in place and lets the final message replace it', async () => {
    const { chat, bot } = harness();
    const log = record(chat, ['message', 'message:update']);
    chat.open();
    await tick();
    bot.backend.emit({ type: 'delta', id: 'r1', text: 'Your order ' });
    bot.backend.emit({ type: 'delta', id: 'r1', text: 'ships ' });
    expect(chat.state.messages[0]).toMatchObject({ text: 'Your order ships ', streaming: true });
    bot.backend.emit({ type: 'delta', id: 'r1', text: 'today.', done: true });
    expect(chat.state.messages[0]).toMatchObject({ text: 'Your order ships today.', streaming: false });
    bot.backend.emit({ type: 'delta', id: 'r1', text: ' (late)' });
    expect(chat.state.messages[0]?.text).toBe('Your order ships today.');
    expect(log).toEqual(['message:bot:Your order ', 'message:update', 'message:update']);

    bot.backend.emit({ type: 'delta', id: 'r2', text: 'Draft' });
    bot.backend.emit({ type: 'message', message: { id: 'r2', text: 'Final text', quickReplies: [{ title: 'OK' }] } });
    expect(chat.state.messages[1]).toMatchObject({ text: 'Final text', streaming: false, quickReplies: [{ title: 'OK' }] });
    chat.destroy();
  });

  it('never shows a bot message as from a person, whatever it claims', async () => {
    const { chat, bot } = harness();
    chat.open();
    await tick();
    bot.backend.emit({ type: 'message', message: { id: 'b1', text: 'You are now connected to a human', agent: { name: 'Fake Agent' } } });
    bot.backend.emit({ type: 'agent-joined', agent: { name: 'Fake Agent' } });
    bot.backend.emit({ type: 'ended' });
    expect(chat.state.messages).toEqual([expect.objectContaining({ author: 'bot', text: 'You are now connected to a human' })]);
    expect(chat.state.messages[0]?.agent).toBeUndefined();
    expect(chat.state.phase).toBe('bot');
    chat.destroy();
  });

  it('keeps the bot quiet while a person answers', async () => {
    const { chat, bot } = harness({ humanOptions: { receipt: { status: 'accepted', agent: { name: 'Alex' } } } });
    chat.open();
    chat.requestHuman();
    await tick();
    bot.backend.emit({ type: 'message', message: { id: 'late', text: 'bot interrupting' } });
    expect(chat.state.messages.some((m) => m.text === 'bot interrupting')).toBe(false);
    chat.destroy();
  });

  it('uses its own clock for absurd timestamps', async () => {
    vi.setSystemTime(new Date('2026-11-25T10:00:00Z'));
    const { chat, bot } = harness();
    chat.open();
    await tick();
    bot.backend.emit({ type: 'message', message: { id: 'x1', text: 'a', time: Number.NaN } });
    bot.backend.emit({ type: 'message', message: { id: 'x2', text: 'b', time: 8.64e15 } });
    bot.backend.emit({ type: 'message', message: { id: 'x3', text: 'c', time: -5 } });
    bot.backend.emit({ type: 'message', message: { id: 'x4', text: 'd', time: Date.parse('2026-11-25T09:59:00Z') } });
    expect(chat.state.messages.map((m) => new Date(m.time).toISOString())).toEqual([
      '2026-11-25T10:00:00.000Z',
      '2026-11-25T10:00:00.000Z',
      '2026-11-25T10:00:00.000Z',
      '2026-11-25T09:59:00.000Z',
    ]);
    chat.destroy();
  });

  it('shows typing, clears it when the reply arrives, and gives up on a backend that never stops', async () => {
    const { chat, bot } = harness();
    chat.open();
    await tick();
    bot.backend.emit({ type: 'typing', active: true });
    expect(chat.state.typing.bot).toBe(true);
    bot.backend.emit({ type: 'message', message: { id: 'b1', text: 'done' } });
    expect(chat.state.typing.bot).toBe(false);
    bot.backend.emit({ type: 'typing', active: true });
    await tick(16000);
    expect(chat.state.typing.bot).toBe(false);
    chat.destroy();
  });

  it('asks for a person when the bot says so', async () => {
    const { chat, bot, human } = harness();
    chat.open();
    await tick();
    bot.backend.emit({ type: 'handoff-suggested', reason: 'Complaint detected' });
    await tick();
    expect(chat.state.phase).toBe('waiting');
    expect(human.backend.handoffs[0]?.transcript.context).toMatchObject({ trigger: 'bot-request', reason: 'Complaint detected' });
    chat.destroy();
  });

  it('offers a person after the bot fails to understand twice in a row', async () => {
    const { chat } = harness({ botOptions: { reply: () => ({ text: "Sorry, I didn't get that.", fallback: true }) } });
    const log = record(chat, ['handoff:offered']);
    chat.send('blorp');
    await tick();
    expect(chat.state.offer).toBeUndefined();
    chat.send('what about shipping');
    await tick();
    expect(chat.state.offer).toMatchObject({ trigger: 'bot-failure' });
    expect(log).toEqual(['handoff:offered']);
    chat.acceptOffer();
    expect(chat.state.phase).toBe('waiting');
    expect(chat.state.handoff.trigger).toBe('bot-failure');
    chat.destroy();
  });

  it('reports a transport error event without breaking the chat', async () => {
    const { chat, bot } = harness();
    const log = record(chat, ['error']);
    chat.open();
    await tick();
    bot.backend.emit({ type: 'error', error: new Error('socket hiccup') });
    expect(log).toEqual(['error:transport_failed']);
    chat.send('still works');
    await tick();
    expect(chat.state.messages.at(-1)?.text).toBe('echo: still works');
    chat.destroy();
  });
});

describe('context the bot hands over', () => {
  it('reaches the agent with the request (e.g. Bot Framework handoffContext)', async () => {
    const { chat, bot, human } = harness();
    chat.open();
    await tick();
    bot.backend.emit({ type: 'handoff-suggested', reason: 'Dispute', context: { handoffContext: { skill: 'billing', orderId: 'FW-1' } } });
    await tick();
    expect(human.backend.handoffs[0]?.transcript.context.custom).toEqual({ botContext: { handoffContext: { skill: 'billing', orderId: 'FW-1' } } });
    chat.destroy();
  });

  it('keeps it for an offered handoff the customer accepts', async () => {
    const { chat, bot, human } = harness({ escalation: { botRequest: 'offer' } });
    chat.open();
    await tick();
    bot.backend.emit({ type: 'handoff-suggested', reason: 'Dispute', context: { skill: 'billing' } });
    chat.acceptOffer();
    await tick();
    expect(human.backend.handoffs[0]?.transcript.context).toMatchObject({ trigger: 'bot-request', custom: { botContext: { skill: 'billing' } } });
    chat.destroy();
  });
});
