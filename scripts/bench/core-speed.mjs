// Speed of the headless core in Node, from the built dist/ (no DOM, no browser): how long
// the state machine takes for the bursts a chat meets. Medians over several runs.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './stats.mjs';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs every case and returns `{ name, medianMs, runs }` rows.
 *
 * @example
 * for (const row of await coreSpeed(distDir)) console.log(row.name, row.medianMs)
 */
export async function coreSpeed(dist) {
  const { createChat } = await import(join(dist, 'core.js'));
  const { createMemoryBot, createMemoryHuman } = await import(join(dist, 'transports.js'));
  const newChat = (bot = createMemoryBot()) => ({ bot, chat: createChat({ bot, human: createMemoryHuman(), locale: 'en' }) });

  const cases = [
    ['createChat + destroy', 50, () => newChat().chat.destroy()],
    [
      '1,000 inbound bot messages',
      10,
      async () => {
        const { bot, chat } = newChat();
        chat.open();
        await tick();
        for (let i = 0; i < 1000; i++) bot.backend.emit({ type: 'message', message: { id: `b${i}`, text: `reply number ${i}` } });
        chat.destroy();
      },
    ],
    [
      'streamed reply of 2,000 deltas',
      10,
      async () => {
        const { bot, chat } = newChat();
        chat.open();
        await tick();
        for (let i = 0; i < 2000; i++) bot.backend.emit({ type: 'delta', id: 'r1', text: 'word ', done: i === 1999 });
        chat.destroy();
      },
    ],
    [
      '100 sends, delivered',
      10,
      async () => {
        const { chat } = newChat(createMemoryBot({ reply: (t) => t }));
        for (let i = 0; i < 100; i++) chat.send(`message ${i}`);
        await tick();
        chat.destroy();
      },
    ],
    [
      'handoff with a 500-message transcript',
      10,
      async () => {
        const { bot, chat } = newChat();
        chat.open();
        await tick();
        for (let i = 0; i < 500; i++) bot.backend.emit({ type: 'message', message: { id: `b${i}`, text: `line ${i} `.repeat(10) } });
        chat.requestHuman();
        await tick();
        chat.destroy();
      },
    ],
  ];

  const rows = [];
  for (const [name, runs, fn] of cases) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
    }
    rows.push({ name, runs, medianMs: median(times) });
  }
  return rows;
}
