import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { harness, tick } from '../support/harness';
beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });
it('L: one throwing listener does not stall the delivery lane', async () => {
  const { chat, bot } = harness();
  await tick();
  let once = true;
  chat.on('message:status', () => { if (once) { once = false; throw new Error('bug in site code'); } });
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  chat.send('first');
  chat.send('second');
  await tick(60_000);
  process.off('unhandledRejection', onUnhandled);
  console.log(chat.state.messages.map((m) => `${m.author}:${m.text}:${m.status}`), unhandled.length);
  expect(bot.backend.received.map((m) => m.text)).toEqual(['first', 'second']);
});
