// `npm run bench`: prints size and speed figures for the built package. It measures and
// reports; it never fails on a number (size budgets are enforced by test/build/size.test.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
if (!existsSync(join(dist, 'core.js'))) {
  console.error('Run `npm run build` first.');
  process.exit(1);
}

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

console.log('Sizes (gzip -9):');
const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
for (const f of files.sort()) console.log(`  ${f.padEnd(28)} ${kb(gz(join(dist, f))).padStart(9)}   (${kb(readFileSync(join(dist, f)).length)} raw)`);

const { createChat } = await import(join(dist, 'core.js'));
const { createMemoryBot, createMemoryHuman } = await import(join(dist, 'transports.js'));

function median(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function measure(name, runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  console.log(`  ${name.padEnd(52)} median ${median(times).toFixed(2)} ms over ${runs} runs`);
}

console.log('\nSpeed (headless core, Node ' + process.version + '):');
await measure('createChat + destroy', 50, () => {
  createChat({ bot: createMemoryBot(), human: createMemoryHuman(), locale: 'en' }).destroy();
});
await measure('1,000 inbound bot messages', 10, () => {
  const bot = createMemoryBot();
  const chat = createChat({ bot, human: createMemoryHuman(), locale: 'en' });
  chat.open();
  return new Promise((resolve) => setTimeout(() => {
    for (let i = 0; i < 1000; i++) bot.backend.emit({ type: 'message', message: { id: `b${i}`, text: `reply number ${i}` } });
    chat.destroy();
    resolve();
  }, 0));
});
await measure('streamed reply of 2,000 deltas', 10, () => {
  const bot = createMemoryBot();
  const chat = createChat({ bot, human: createMemoryHuman(), locale: 'en' });
  chat.open();
  return new Promise((resolve) => setTimeout(() => {
    for (let i = 0; i < 2000; i++) bot.backend.emit({ type: 'delta', id: 'r1', text: 'word ', done: i === 1999 });
    chat.destroy();
    resolve();
  }, 0));
});
await measure('100 sends, delivered', 10, async () => {
  const bot = createMemoryBot({ reply: (t) => t });
  const chat = createChat({ bot, human: createMemoryHuman(), locale: 'en' });
  for (let i = 0; i < 100; i++) chat.send(`message ${i}`);
  await new Promise((r) => setTimeout(r, 0));
  chat.destroy();
});
await measure('handoff with a 500-message transcript', 10, async () => {
  const bot = createMemoryBot();
  const human = createMemoryHuman();
  const chat = createChat({ bot, human, locale: 'en' });
  chat.open();
  await new Promise((r) => setTimeout(r, 0));
  for (let i = 0; i < 500; i++) bot.backend.emit({ type: 'message', message: { id: `b${i}`, text: `line ${i} `.repeat(10) } });
  chat.requestHuman();
  await new Promise((r) => setTimeout(r, 0));
  chat.destroy();
});
