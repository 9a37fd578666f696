// `npm run bench`: issue #8's measurements. Builds, prints the size table, times the
// headless core, then measures the widget in headless Chromium (cold runs, normal and 4x
// slower CPU) next to an empty host page, a minimal Preact panel (the floor) and deep-chat,
// and writes bench/results.json (every sample) and bench/results.md (medians and verdicts).
// It reports; it never fails on a number (size budgets are enforced by `npm test`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserBench } from './bench/browser-bench.mjs';
import { coreSpeed } from './bench/core-speed.mjs';
import { machine } from './bench/machine.mjs';
import { USAGE, benchOptions } from './bench/options.mjs';
import { resultsMarkdown } from './bench/report.mjs';
import { brotliBytes, floorMarkdown, floorTable, gzipBytes, sizeMarkdown, sizeTable } from './sizes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let options;
try {
  options = benchOptions(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

if (options.build) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The build failed; nothing was measured.');
    process.exit(build.status ?? 1);
  }
}

const started = performance.now();
const about = machine();
console.log(`\n${about.cpu}, ${about.cores} cores · Node ${about.node} · ${about.chromium}`);

const sizes = await sizeTable();
const floor = await floorTable();
/** The same three sizes for what the browser scenarios compare us with. */
const peerSize = (files) => {
  const buf = Buffer.concat(files.map((f) => readFileSync(join(root, f))));
  return { raw: buf.length, gzip: gzipBytes(buf), brotli: brotliBytes(buf) };
};
const peers = {
  'deep-chat': peerSize(['node_modules/deep-chat/dist/deepChat.bundle.js']),
  floor: peerSize(['node_modules/preact/dist/preact.min.js', 'scripts/bench/browser/floor-panel.js']),
};
console.log(`\nSizes:\n${sizeMarkdown(sizes)}\n\nWhat the byte targets cannot go below:\n${floorMarkdown(floor)}`);

const core = await coreSpeed(join(root, 'dist'));
console.log(`\nHeadless core (Node ${process.version}):`);
for (const row of core) console.log(`  ${row.name.padEnd(40)} median ${row.medianMs.toFixed(2)} ms over ${row.runs} runs`);

console.log(`\nBrowser, ${options.runs} cold run${options.runs === 1 ? '' : 's'} per scenario, CPU ${options.cpuRates.map((r) => `${r}x`).join(' and ')}:`);
const browser = await browserBench({ runs: options.runs, cpuRates: options.cpuRates, log: (line) => console.log(line) });

const results = {
  date: new Date().toISOString(),
  machine: about,
  options: { runs: options.runs, cpuRates: options.cpuRates, quick: options.quick },
  durationSeconds: Math.round((performance.now() - started) / 1000),
  sizes,
  floor,
  peers,
  core,
  browser,
};
const markdown = resultsMarkdown(results);
const out = join(root, 'bench');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(out, 'results.md'), markdown);
console.log(`\n${markdown}\nWritten: bench/results.json, bench/results.md (${results.durationSeconds} s).`);
