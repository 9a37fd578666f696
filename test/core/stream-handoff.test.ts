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

it('finishes it too when a person has already joined', async () => {
  const { chat, bot } = harness({ humanOptions: { receipt: { status: 'accepted', agent: { name: 'Alex' } } } });
  chat.open();
  await tick();
  bot.backend.emit({ type: 'delta', id: 'r1', text: 'Half of' });
  chat.requestHuman();
  await tick();
  expect(chat.state.phase).toBe('human');
  bot.backend.emit({ type: 'delta', id: 'r1', text: ' a reply.', done: true });
  expect(chat.state.messages.find((m) => m.id === 'r1')).toMatchObject({ text: 'Half of a reply.', streaming: false });
  bot.backend.emit({ type: 'delta', id: 'r2', text: 'A new bot reply' });
  expect(chat.state.messages.some((m) => m.id === 'r2')).toBe(false); // but the bot starts nothing new
  chat.destroy();
});

it('closes a stream whose end never comes, so nothing stays "still typing" for good', async () => {
  const { chat, bot } = harness();
  chat.open();
  await tick();
  bot.backend.emit({ type: 'delta', id: 'r1', text: 'Let me check' });
  await tick(29000);
  expect(chat.state.messages[0]?.streaming).toBe(true);
  bot.backend.emit({ type: 'delta', id: 'r1', text: '…' });
  await tick(29000);
  expect(chat.state.messages[0]?.streaming).toBe(true); // each piece restarts the wait
  await tick(2000);
  expect(chat.state.messages[0]).toMatchObject({ text: 'Let me check…', streaming: false });
  chat.destroy();
});

it('closes the streams of a connection that went away at once', async () => {
  const { chat, bot } = harness();
  chat.open();
  await tick();
  bot.backend.emit({ type: 'delta', id: 'r1', text: 'Half' });
  bot.backend.emit({ type: 'connection', state: 'offline' });
  expect(chat.state.messages[0]?.streaming).toBe(false);
  chat.destroy();
});
