import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TransportError } from '../../src/core/index';
import { harness, record, tick } from '../support/harness';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('when the bot is down', () => {
  it('marks the message failed, reports once, keeps it, and delivers it under the same id when the bot is back', async () => {
    const { chat, bot } = harness();
    const log = record(chat, ['message:status', 'error']);
    bot.backend.failNext(3);
    const sent = chat.send('hello?');
    await tick();
    expect(chat.state.messages[0]).toMatchObject({ id: sent.id, status: 'failed', text: 'hello?' });
    expect(chat.state.connection.bot).toBe('offline');
    await tick(5000);
    expect(chat.state.messages[0]?.status).toBe('sent');
    expect(bot.backend.attempts.map((m) => [m.id, m.attempt])).toEqual([
      [sent.id, 1],
      [sent.id, 2],
      [sent.id, 3],
      [sent.id, 4],
    ]);
    expect(bot.backend.received).toHaveLength(1);
    expect(log).toEqual(['status:hello?:failed', 'error:network_error', 'status:hello?:sent']);
    chat.destroy();
  });

  it('keeps the order of messages: nothing overtakes a message that is being retried', async () => {
    const { chat, bot } = harness();
    bot.backend.failNext(2);
    chat.send('first');
    chat.send('second');
    chat.send('third');
    await tick(5000);
    expect(bot.backend.received.map((m) => m.text)).toEqual(['first', 'second', 'third']);
    chat.destroy();
  });

  it('still reaches a person, who gets the messages the bot never received', async () => {
    const { chat, bot, human } = harness();
    bot.backend.refuseConnections(true);
    chat.send('my parcel never came');
    await tick(200);
    expect(chat.state.messages[0]?.status).toBe('failed');
    chat.requestHuman();
    await tick();
    expect(chat.state.phase).toBe('waiting');
    const transcript = human.backend.handoffs[0]?.transcript;
    expect(transcript?.messages).toEqual([expect.objectContaining({ text: 'my parcel never came', status: 'failed' })]);
    // The person has it now, so it no longer shows as failed, and the bot will not get it late.
    expect(chat.state.messages[0]?.status).toBe('sent');
    bot.backend.refuseConnections(false);
    await tick(60000);
    expect(bot.backend.received).toEqual([]);
    chat.destroy();
  });

  it('drops a message the bot refuses outright (4xx), keeps it visible, and retries on request', async () => {
    const { chat, bot } = harness();
    const log = record(chat, ['error']);
    bot.backend.failNext(1, new TransportError('bad_request', 'HTTP 400', { retryable: false, status: 400 }));
    const m = chat.send('weird');
    await tick(60000);
    expect(chat.state.messages[0]).toMatchObject({ status: 'failed', text: 'weird' });
    expect(bot.backend.attempts).toHaveLength(1);
    expect(log).toEqual(['error:bad_request']);
    chat.retry(m.id);
    await tick();
    expect(chat.state.messages[0]?.status).toBe('sent');
    expect(bot.backend.received.map((x) => x.id)).toEqual([m.id]);
    chat.destroy();
  });

  it('survives a transport whose send throws synchronously', async () => {
    const { chat, bot } = harness();
    const original = bot.send;
    let calls = 0;
    bot.send = (m) => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return original(m);
    };
    chat.send('hi');
    await tick(5000);
    expect(chat.state.messages[0]?.status).toBe('sent');
    chat.destroy();
  });

  it('honours a backend that asks to wait (Retry-After)', async () => {
    const { chat, bot } = harness();
    bot.backend.failNext(1, new TransportError('rate_limited', 'HTTP 429', { status: 429, retryAfterMs: 20000 }));
    chat.send('hi');
    await tick(19000);
    expect(bot.backend.received).toHaveLength(0);
    await tick(2000);
    expect(bot.backend.received).toHaveLength(1);
    chat.destroy();
  });

  it('retries at once on flush() (the browser came back online)', async () => {
    const { chat, bot } = harness({ retry: { baseMs: 60000, maxMs: 60000 } });
    bot.backend.failNext(1);
    chat.send('hi');
    await tick(10);
    expect(bot.backend.received).toHaveLength(0);
    chat.flush();
    await tick(10);
    expect(bot.backend.received).toHaveLength(1);
    chat.destroy();
  });
});

describe('without a bot', () => {
  it('sends the first message straight to a person, inside the transcript', async () => {
    const { chat, human } = harness({ noBot: true });
    expect(chat.state.hasBot).toBe(false);
    chat.send('I need help with an invoice');
    await tick();
    expect(chat.state.phase).toBe('waiting');
    expect(human.backend.handoffs[0]?.transcript.context.trigger).toBe('no-bot');
    expect(human.backend.handoffs[0]?.transcript.messages.map((m) => m.text)).toEqual(['I need help with an invoice']);
    expect(human.backend.received).toEqual([]); // not sent twice
    expect(chat.state.messages[0]?.status).toBe('sent');
    chat.destroy();
  });
});

describe('when the human backend fails', () => {
  it('records one handoff when the desk fails three times and then accepts', async () => {
    const { chat, human } = harness();
    const log = record(chat, ['error', 'handoff:requested', 'handoff:accepted']);
    human.backend.failNext(3);
    chat.requestHuman();
    await tick();
    expect(chat.state.handoff.status).toBe('requesting');
    expect(chat.state.handoff.attempts).toBeGreaterThan(0);
    await tick(10000);
    expect(human.backend.handoffs).toHaveLength(1);
    expect(chat.state.handoff.status).toBe('queued');
    expect(log).toEqual(['handoff:requested', 'error:network_error', 'handoff:accepted']);
    chat.destroy();
  });

  it('asks for a person only once however often the button is pressed', async () => {
    const { chat, human } = harness();
    const ids = Array.from({ length: 20 }, () => chat.requestHuman().requestId);
    await tick();
    expect(new Set(ids).size).toBe(1);
    expect(human.backend.handoffs).toHaveLength(1);
    chat.destroy();
  });

  it('keeps the request waiting while the desk cannot be reached, and delivers it later', async () => {
    const { chat, human } = harness();
    human.backend.refuseConnections(true);
    chat.requestHuman();
    await tick(3000);
    expect(chat.state.phase).toBe('waiting');
    expect(chat.state.connection.human).toBe('offline');
    human.backend.refuseConnections(false);
    await tick(5000);
    expect(human.backend.handoffs).toHaveLength(1);
    chat.destroy();
  });
});

describe('input errors keep the customer text', () => {
  it('refuses empty and too-long messages without sending or clearing the draft', () => {
    const { chat, bot } = harness({ maxLength: 10 });
    chat.setDraft('0123456789ABC');
    expect(() => chat.send('0123456789ABC')).toThrow(expect.objectContaining({ name: 'InputError', code: 'message_too_long' }));
    expect(() => chat.send('   ')).toThrow(expect.objectContaining({ name: 'InputError', code: 'empty_message' }));
    expect(chat.state.draft).toBe('0123456789ABC');
    expect(chat.state.messages).toEqual([]);
    expect(bot.backend.attempts).toEqual([]);
    chat.destroy();
  });

  it('validates the leave-a-message form', () => {
    const { chat } = harness();
    expect(() => chat.leaveMessage({ email: 'nope', message: 'x' })).toThrow(expect.objectContaining({ code: 'invalid_email' }));
    expect(() => chat.leaveMessage({ email: 'a@b.se', message: ' ' })).toThrow(expect.objectContaining({ code: 'empty_message' }));
    expect(() => chat.rate({ score: 6 as never })).toThrow(expect.objectContaining({ code: 'invalid_rating' }));
    chat.destroy();
  });
});
