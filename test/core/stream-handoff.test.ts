import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { harness, tick } from '../support/harness';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('finishes a streamed bot reply that was under way when the customer asked for a person', async () => {
  const { chat, bot, human } = harness();
  chat.open();
  await tick();
  bot.backend.emit({ type: 'delta', id: 'r1', text: 'Orders ship within 2 business days, and the' });
  chat.requestHuman();
  await tick();
  bot.backend.emit({ type: 'delta', id: 'r1', text: ' tracking link is in your email.' });
  bot.backend.emit({ type: 'message', message: { id: 'r1', text: 'Orders ship within 2 business days, and the tracking link is in your email.' } });
  expect(chat.state.messages.find((m) => m.id === 'r1')).toMatchObject({
    text: 'Orders ship within 2 business days, and the tracking link is in your email.',
    streaming: false,
  });
  // The agent got the reply as it stood, marked as cut off rather than passed off as whole.
  const sent = human.backend.handoffs[0]!.transcript.messages.find((m) => m.id === 'r1');
  expect(sent?.text).toBe('Orders ship within 2 business days, and the');
  expect(sent?.partial).toBe(true);
  chat.destroy();
});
