// Turns the bench's figures into issue #8's verdicts and the Markdown of bench/results.md.
import { floorMarkdown, sizeMarkdown } from '../sizes.mjs';
import { LOAD_SCENARIOS } from './scenarios.mjs';

const MB = 1024 * 1024;
const HEAP_TARGET = 1.5 * MB;
const CLICK_TARGET_MS = 50;
const PAINT_SLACK_MS = 10;
const OPEN_TARGET_MS = 150;

const LOAD_COLUMNS = LOAD_SCENARIOS.map((s) => s.id);

const ms = (v) => (v === null || v === undefined ? '—' : `${Math.round(v)} ms`);
const kb = (v) => (v === null || v === undefined ? '—' : `${(v / 1024).toFixed(1)} KB`);
const mb = (v) => (v === null || v === undefined ? '—' : `${(v / MB).toFixed(2)} MB`);
const count = (v) => (v === null || v === undefined ? '—' : String(Math.round(v * 10) / 10));
const signed = (v, fmt) => (v === null || v === undefined ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : '±'}${fmt(Math.abs(v))}`);
const diff = (a, b) => (a === null || a === undefined || b === null || b === undefined ? null : a - b);
const verdict = (ok) => (ok === null ? 'not measured' : ok ? 'met' : 'not met');

/** Median of `figure` for a load scenario at a CPU rate (null when absent). */
const loadMedian = (browser, id, rate, figure) => browser.load?.[id]?.cpu?.[rate]?.median?.[figure] ?? null;
const heavyMedian = (browser, kind, id, figure) => browser[kind]?.[id]?.cpu?.[1]?.median?.[figure] ?? null;

/**
 * Every request a load scenario made in any run without the customer doing anything:
 * before the load event (`early`), or after it (`late`), WebSockets included.
 */
function requestsOf(browser, id, when) {
  const urls = new Set();
  for (const slot of Object.values(browser.load?.[id]?.cpu ?? {})) {
    for (const s of slot.samples) {
      for (const url of (when === 'early' ? s.requestsBeforeLoad : s.requestsAfterLoadBeforeIntent) ?? []) urls.add(url);
      for (const ws of s.websockets ?? []) if (ws.beforeLoad === (when === 'early')) urls.add(`${ws.url} (WebSocket)`);
    }
  }
  return [...urls];
}

/**
 * Issue #8's targets, each with what was measured and whether it is met.
 * @returns {Array<{ target: string, measured: string, met: boolean | null }>}
 */
export function targets({ sizes, browser, cpuRates }) {
  const rows = [];
  for (const row of sizes.filter((r) => r.target !== undefined)) {
    rows.push({ target: `${row.entry}: ≤ ${kb(row.target)} gzip`, measured: kb(row.gzip), met: row.gzip <= row.target });
  }
  for (const rate of cpuRates) {
    const base = loadMedian(browser, 'baseline', rate, 'longTaskCount');
    const ours = loadMedian(browser, 'ours-loader', rate, 'longTaskCount');
    const extra = diff(ours, base);
    rows.push({
      target: `no long task caused by the widget at load, CPU ${rate}x (ours via loader − baseline)`,
      measured: `${count(ours)} − ${count(base)} = ${count(extra)} (longest ${ms(loadMedian(browser, 'ours-loader', rate, 'longestTaskMs'))})`,
      met: extra === null ? null : extra <= 0,
    });
    const paint = loadMedian(browser, 'ours-loader', rate, 'launcherPaintMs');
    const floor = loadMedian(browser, 'floor', rate, 'launcherPaintMs');
    rows.push({
      target: `launcher painted ≤ floor + ${PAINT_SLACK_MS} ms, CPU ${rate}x`,
      measured: `${ms(paint)} vs floor ${ms(floor)} (${signed(diff(paint, floor), ms)})`,
      met: paint === null || floor === null ? null : paint <= floor + PAINT_SLACK_MS,
    });
    const cls = diff(loadMedian(browser, 'ours-loader', rate, 'cls'), loadMedian(browser, 'baseline', rate, 'cls'));
    rows.push({ target: `zero layout shift caused by the widget, CPU ${rate}x`, measured: `CLS ${cls === null ? '—' : cls.toFixed(4)} over baseline`, met: cls === null ? null : cls <= 0 });
  }
  if (cpuRates.includes(4)) {
    const click = loadMedian(browser, 'ours-loader', 4, 'clickToComposerMs');
    rows.push({ target: `click on launcher → focused, typeable composer ≤ ${CLICK_TARGET_MS} ms at 4x CPU`, measured: ms(click), met: click === null ? null : click <= CLICK_TARGET_MS });
  } else {
    rows.push({ target: `click on launcher → focused, typeable composer ≤ ${CLICK_TARGET_MS} ms at 4x CPU`, measured: 'not run (--quick)', met: null });
  }
  const open = heavyMedian(browser, 'history', 'ours-history', 'openToNewestMs');
  rows.push({ target: `restored conversation of 2,000 messages opens in ≤ ${OPEN_TARGET_MS} ms`, measured: ms(open), met: open === null ? null : open <= OPEN_TARGET_MS });
  const scroll = heavyMedian(browser, 'history', 'ours-history', 'scroll.count');
  rows.push({
    target: '… and scrolls to the top without long tasks',
    measured: `${count(scroll)} (longest ${ms(heavyMedian(browser, 'history', 'ours-history', 'scroll.longestMs'))})`,
    met: scroll === null ? null : scroll === 0,
  });
  const stream = heavyMedian(browser, 'stream', 'ours-stream', 'longTaskCount');
  rows.push({
    target: '2,000 streamed deltas render without a long task',
    measured: `${count(stream)} (longest ${ms(heavyMedian(browser, 'stream', 'ours-stream', 'longestTaskMs'))})`,
    met: stream === null ? null : stream === 0,
  });
  const heap = diff(loadMedian(browser, 'ours-loader', 1, 'heapBytes'), loadMedian(browser, 'baseline', 1, 'heapBytes'));
  rows.push({ target: `JS heap after load and GC ≤ ${mb(HEAP_TARGET)} (over the baseline page)`, measured: mb(heap), met: heap === null ? null : heap <= HEAP_TARGET });
  const early = requestsOf(browser, 'ours-loader', 'early');
  rows.push({
    target: 'nothing but the loader fetched before intent (before the load event)',
    measured: early.join(', ') || 'nothing',
    met: browser.load?.['ours-loader'] ? early.every((url) => url === '/dist/handoff-chat.loader.js') : null,
  });
  return rows;
}

/** ours : deep-chat for size, transfer, heap and long tasks. */
function ratios({ sizes, peers, browser, cpuRates }) {
  const rows = [];
  const add = (name, ours, peer, fmt) => {
    const ratio = ours === null || peer === null ? '—' : peer === 0 ? (ours === 0 ? 'both 0' : `${fmt(ours)} : 0`) : `${(ours / peer).toFixed(2)}×`;
    rows.push(`| ${name} | ${fmt(ours)} | ${fmt(peer)} | ${ratio} |`);
  };
  const gz = (entry) => sizes.find((r) => r.entry === entry)?.gzip ?? null;
  add('gzip size: full widget (handoff-chat.iife.js) vs deepChat.bundle.js', gz('handoff-chat.iife.js'), peers['deep-chat'].gzip, kb);
  add('gzip size: loader vs deepChat.bundle.js', gz('handoff-chat.loader.js'), peers['deep-chat'].gzip, kb);
  add('transferred JS by the time the page settled (ours via loader)', loadMedian(browser, 'ours-loader', 1, 'transferredJsBytes'), loadMedian(browser, 'deep-chat', 1, 'transferredJsBytes'), kb);
  const baseHeap = loadMedian(browser, 'baseline', 1, 'heapBytes');
  add('JS heap over the baseline page', diff(loadMedian(browser, 'ours-loader', 1, 'heapBytes'), baseHeap), diff(loadMedian(browser, 'deep-chat', 1, 'heapBytes'), baseHeap), mb);
  for (const rate of cpuRates) {
    const base = loadMedian(browser, 'baseline', rate, 'longTaskCount');
    add(
      `long tasks at load over baseline, CPU ${rate}x`,
      diff(loadMedian(browser, 'ours-loader', rate, 'longTaskCount'), base),
      diff(loadMedian(browser, 'deep-chat', rate, 'longTaskCount'), base),
      count,
    );
  }
  add('long tasks rendering 2,000 streamed deltas', heavyMedian(browser, 'stream', 'ours-stream', 'longTaskCount'), heavyMedian(browser, 'stream', 'deep-chat-stream', 'longTaskCount'), count);
  return ['| ours : deep-chat | ours | deep-chat | ratio |', '|---|---:|---:|---:|', ...rows].join('\n');
}

function loadTable(browser, rate) {
  const label = (id) => browser.load[id]?.label ?? id;
  const cell = (id, figure, fmt) => fmt(loadMedian(browser, id, rate, figure));
  const overBase = (id, figure, fmt) => {
    const value = loadMedian(browser, id, rate, figure);
    if (id === 'baseline') return fmt(value);
    return `${fmt(value)} (${signed(diff(value, loadMedian(browser, 'baseline', rate, figure)), fmt)})`;
  };
  const row = (name, render) => `| ${name} | ${LOAD_COLUMNS.map(render).join(' | ')} |`;
  return [
    `| CPU ${rate}x | ${LOAD_COLUMNS.map(label).join(' | ')} |`,
    `|---|${LOAD_COLUMNS.map(() => '---:').join('|')}|`,
    row('long tasks > 50 ms during load (over baseline)', (id) => overBase(id, 'longTaskCount', count)),
    row('longest long task', (id) => cell(id, 'longestTaskMs', ms)),
    row('launcher painted (after navigation)', (id) => cell(id, 'launcherPaintMs', ms)),
    row('CLS', (id) => { const v = loadMedian(browser, id, rate, 'cls'); return v === null ? '—' : v.toFixed(4); }),
    row('click → focused composer', (id) => (browser.load[id]?.alwaysOpen ? 'n/a (no launcher)' : cell(id, 'clickToComposerMs', ms))),
    row('JS transferred (gzip)', (id) => cell(id, 'transferredJsBytes', kb)),
    row('JS heap after GC (over baseline)', (id) => overBase(id, 'heapBytes', mb)),
    row('load event', (id) => cell(id, 'loadEventMs', ms)),
  ].join('\n');
}

function heavyTables(browser) {
  const h = (id, figure, fmt) => fmt(heavyMedian(browser, 'history', id, figure));
  const tasks = (id, kind, key) => `${count(heavyMedian(browser, kind, id, `${key}.count`))} (longest ${ms(heavyMedian(browser, kind, id, `${key}.longestMs`))})`;
  const history = Object.entries(browser.history ?? {}).map(
    ([id, s]) =>
      `| ${s.label} | ${tasks(id, 'history', 'load')} | ${s.alwaysOpen ? 'n/a (always open)' : h(id, 'openToNewestMs', ms)} | ${s.alwaysOpen ? 'n/a' : tasks(id, 'history', 'open')} | ${tasks(id, 'history', 'scroll')} | ${h(id, 'scroll.ms', ms)} |`,
  );
  const s = (id, figure, fmt) => fmt(heavyMedian(browser, 'stream', id, figure));
  const stream = Object.entries(browser.stream ?? {}).map(
    ([id, sc]) => `| ${sc.label} | ${s(id, 'sendToLastDeltaMs', ms)} | ${s(id, 'longTaskCount', count)} | ${s(id, 'longestTaskMs', ms)} |`,
  );
  return [
    '| 2,000 messages (CPU 1x) | long tasks at load | click → newest shown | long tasks opening | long tasks scrolling to top | scrolling time |',
    '|---|---:|---:|---:|---:|---:|',
    ...history,
    '',
    '| 2,000 streamed deltas (CPU 1x) | send → last delta shown | long tasks | longest |',
    '|---|---:|---:|---:|',
    ...stream,
  ].join('\n');
}

/** Errors of failed runs, so a blank cell has its reason next to it. */
function failures(browser) {
  const lines = [];
  for (const [kind, scenarios] of Object.entries(browser)) {
    for (const [id, { cpu }] of Object.entries(scenarios)) {
      for (const [rate, slot] of Object.entries(cpu)) {
        slot.samples.forEach((sample, i) => {
          const problems = [
            sample.error,
            sample.clickError,
            sample.ready === false ? 'the widget never became ready' : undefined,
            sample.settled === false ? 'the page never settled (figures taken at the time limit)' : undefined,
            sample.typeable === false ? 'the focused composer did not take typing' : undefined,
            sample.scroll?.reachedTop === false ? 'scrolling never reached the top of the log' : undefined,
          ].filter(Boolean);
          if (problems.length) lines.push(`- ${kind} ${id}, CPU ${rate}x, run ${i + 1}: ${problems.join('; ')}`);
        });
      }
    }
  }
  return lines;
}

/** The whole of bench/results.md. */
export function resultsMarkdown(results) {
  const { machine: m, date, options, sizes, floor, peers, browser, core } = results;
  const rows = targets({ sizes, browser, cpuRates: options.cpuRates });
  const failed = failures(browser);
  return [
    '# Benchmark results (issue #8)',
    '',
    `${date} · ${m.cpu}, ${m.cores} cores, ${(m.ramBytes / 1024 ** 3).toFixed(1)} GB RAM · ${m.os} · Node ${m.node} · ${m.chromium}`,
    `Medians of ${options.runs} cold run${options.runs === 1 ? '' : 's'} per scenario and CPU setting (fresh profile each), headless, 1280×800. Produced by \`npm run bench\`; raw samples in results.json.`,
    '',
    '## Targets',
    '',
    '| Target | Measured | |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.target} | ${r.measured} | ${verdict(r.met)} |`),
    '',
    '## Load: ours vs floor vs baseline vs deep-chat',
    '',
    'Floor: a hand-written Preact launcher and panel (scripts/bench/browser/floor-panel.js). deep-chat is always open (no launcher): its "launcher painted" is its text input on screen. Times are page time after navigation start.',
    '',
    ...options.cpuRates.flatMap((rate) => [loadTable(browser, rate), '']),
    'Requests made without any interaction (any run): before the load event → after it, until the page settled:',
    '',
    ...LOAD_COLUMNS.map(
      (id) => `- ${browser.load[id]?.label ?? id}: ${requestsOf(browser, id, 'early').join(', ') || 'none'} → ${requestsOf(browser, id, 'late').join(', ') || 'none'}`,
    ),
    '',
    '## Long conversations',
    '',
    heavyTables(browser),
    '',
    '## ours : deep-chat',
    '',
    ratios({ sizes, peers, browser, cpuRates: options.cpuRates }),
    '',
    '## Sizes',
    '',
    sizeMarkdown(sizes),
    '',
    ...(floor ? ['What the byte targets cannot go below (parts the design names, alone):', '', floorMarkdown(floor), ''] : []),
    'Peers: deep-chat is node_modules/deep-chat/dist/deepChat.bundle.js; the floor is preact.min.js + floor-panel.js.',
    '',
    '| Peer | Raw | gzip | brotli |',
    '|---|---:|---:|---:|',
    ...Object.entries(peers).map(([name, p]) => `| ${name} | ${kb(p.raw)} | ${kb(p.gzip)} | ${kb(p.brotli)} |`),
    '',
    '## Headless core (Node)',
    '',
    '| Case | Median |',
    '|---|---:|',
    ...core.map((r) => `| ${r.name} (${r.runs} runs) | ${r.medianMs.toFixed(2)} ms |`),
    ...(failed.length ? ['', '## Runs with problems', '', ...failed] : []),
    '',
  ].join('\n');
}
