// Size of everything we ship, in the three ways a page can receive it: raw, gzip -9 and
// brotli (max quality). Used by `npm run bench` (printed) and by test/build/size-budgets.test.ts
// (enforced), so the two never disagree. Needs a built dist/ (`npm run build`).
//
// Two kinds of rows:
// - files: the script-tag files exactly as served (loader, widget, add-ons);
// - npm entries: what a framework app pays when its bundler takes one of our entries,
//   measured by bundling that entry from dist/ (dependencies included, minified like our
//   own IIFE) — `handoff-chat/core` alone, and each transport factory on top of the core
//   (the "beyond core" figure is the difference of the two bundles).
//
// Usage: node scripts/sizes.mjs [--json]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Issue #8's targets (gzip bytes). A row's budget is what CI enforces today; see BUDGETS. */
export const TARGETS = {
  // KB here is 1,024 bytes, as in every other target (the table prints KiB).
  loader: 2.5 * 1024,
  widget: 30 * 1024,
  core: 8 * 1024,
  transportBeyondCore: 2 * 1024,
};

/**
 * What CI enforces (gzip bytes). Each is at or below what we ship plus a little slack,
 * and only ever lowered; a budget above its target says how far we still are from it.
 * Raise one only on purpose, in the change that needs it, saying why.
 */
export const BUDGETS = {
  // 2,500 B: the loader draws its own placeholder from a short style sheet.
  // 2,530 B: it fetches the page's language file together with the widget (one round trip
  // less on a page that is not in English); the target is 2.5 KiB, 2,560 B.
  // 2,520 B: lowered to what ships (2,506 B) plus a little slack.
  'handoff-chat.loader.js': 2520,
  // 96 KiB: the four presets moved to add-on files (handoff-chat.<name>.js), about 13 KB.
  // 94 KiB: web-vitals moved to its add-on (handoff-chat.vitals.js), 2.4 KB.
  // 93.5 KiB: the loader, long-history and add-on changes of 2026-11-26 (95.2 KB shipped).
  // 80 KiB: Swedish, German, French, Spanish and Arabic moved to language files (13 KB).
  // 80.5 KiB: raised on purpose for the language preload from a <head> tag and the language
  // hand-over through the command queue (about 0.4 KB; one round trip less on pages not in English).
  // 80 KiB: one copy of the launcher styles, isRecord and the notice texts (-0.7 KB), with
  // the fetch of the phrase lists on open and late lists read again (+0.4 KB).
  'handoff-chat.iife.js': 80 * 1024,
  // 35 KiB: phrase lists compile in idle moments through the new `env.idle` hook.
  // 34.35 KiB: raised on purpose (+0.2 KB) when the system lines' English became one table
  // shared with the widget's English catalogue (src/core/notice-texts.ts): the script-tag
  // bundle and `handoff-chat` got 0.3 KB and 0.1 KB smaller, the core alone slightly larger.
  'handoff-chat/core': 34.35 * 1024,
  transportBeyondCore: 17 * 1024,
};

/** The transport factories a framework app may import on their own from `handoff-chat/transports`. */
export const TRANSPORT_FACTORIES = [
  'createMemoryBot',
  'createRestTransport',
  'createSseTransport',
  'createWebSocketTransport',
  'withHttpHandoff',
  'createHandoffTransport',
  'createRasaTransport',
  'createDirectLineTransport',
  'createOpenAITransport',
  'createChatwootTransport',
];

export const gzipBytes = (buf) => gzipSync(buf, { level: 9 }).length;
export const brotliBytes = (buf) =>
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;

function measure(buf) {
  return { raw: buf.length, gzip: gzipBytes(buf), brotli: brotliBytes(buf) };
}

/**
 * Lets a bundle import our TypeScript sources directly (`src/…/x.js` is `src/…/x.ts`),
 * types stripped file by file without a type check: for figures dist/ has no entry for,
 * and for test/transports/tree-shaking.test.ts.
 */
export const fromSources = () => ({
  name: 'from-sources',
  resolveId(source, importer) {
    if (!importer || !source.endsWith('.js') || !(importer.startsWith(join(root, 'src')) || importer.startsWith('\0'))) return null;
    const path = source.startsWith('.') ? join(dirname(importer), source) : source;
    return path.startsWith(join(root, 'src')) ? path.replace(/\.js$/, '.ts') : null;
  },
  transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    return ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext } }).outputText;
  },
});

/** Bundles `source` (an ES module importing from dist/) the way a site's bundler would, minified; returns the entry chunk. */
async function bundle(source) {
  const entry = '\0size-entry';
  const build = await rollup({
    input: entry,
    plugins: [
      { name: 'size-entry', resolveId: (id) => (id === entry ? id : null), load: (id) => (id === entry ? source : null) },
      fromSources(),
      nodeResolve({ browser: true }),
      terser({ format: { comments: false } }),
    ],
    onwarn() {},
  });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  // Lazily imported parts (web-vitals) become their own chunks, fetched only when used.
  return Buffer.from(output.find((chunk) => chunk.type === 'chunk' && chunk.isEntry).code);
}

const distImport = (file) => JSON.stringify(join(dist, file));

/**
 * Every row of the size table.
 * @returns {Promise<Array<{ entry: string, kind: 'file' | 'npm', raw: number, gzip: number, brotli: number, budget?: number, target?: number, beyondCore?: boolean }>>}
 */
export async function sizeTable() {
  if (!existsSync(join(dist, 'core.js'))) throw new Error('dist/ is missing: run `npm run build` first.');
  const rows = [];
  const scriptFiles = readdirSync(dist).filter((f) => /^handoff-chat\..+\.js$/.test(f)).sort();
  for (const file of scriptFiles) {
    const target = file === 'handoff-chat.loader.js' ? TARGETS.loader : file === 'handoff-chat.iife.js' ? TARGETS.widget : undefined;
    rows.push({ entry: file, kind: 'file', ...measure(readFileSync(join(dist, file))), budget: BUDGETS[file], target });
  }

  const core = measure(await bundle(`export * from ${distImport('core.js')};`));
  rows.push({ entry: 'handoff-chat/core', kind: 'npm', ...core, budget: BUDGETS['handoff-chat/core'], target: TARGETS.core });
  const full = measure(await bundle(`export * from ${distImport('index.js')};`));
  rows.push({ entry: 'handoff-chat (core + widget)', kind: 'npm', ...full });

  for (const name of TRANSPORT_FACTORIES) {
    const both = measure(
      await bundle(`export * from ${distImport('core.js')};\nexport { ${name} } from ${distImport('transports.js')};`),
    );
    rows.push({
      entry: `+ ${name}`,
      kind: 'npm',
      beyondCore: true,
      raw: both.raw - core.raw,
      gzip: both.gzip - core.gzip,
      brotli: both.brotli - core.brotli,
      budget: BUDGETS.transportBeyondCore,
      target: TARGETS.transportBeyondCore,
    });
  }
  return rows;
}

const srcImport = (file) => JSON.stringify(join(root, 'src', file));

/**
 * What issue #8's byte targets cannot go below while the widget is built on Preact, ky and
 * nanoevents (the design's named dependencies) and speaks six languages: those parts alone,
 * minified and gzipped like the rest, before any code of ours.
 * @returns {Promise<Array<{ entry: string, gzip: number, target: number, targetName: string }>>}
 */
export async function floorTable() {
  const deps = `export * from 'preact'; export * from 'preact/hooks'; export { default as ky } from 'ky'; export { createNanoEvents } from 'nanoevents';`;
  const languages = `export { CATALOGUES } from ${srcImport('i18n/catalogues.js')}; export { DEFAULT_PHRASES } from ${srcImport('core/phrases.js')};`;
  const size = async (source) => gzipBytes(await bundle(source));
  const depsGzip = await size(deps);
  const languagesGzip = await size(languages);
  return [
    { entry: 'Preact + hooks, ky, nanoevents', gzip: depsGzip, target: TARGETS.widget, targetName: 'full widget' },
    { entry: 'texts and escalation phrases of the six languages', gzip: languagesGzip, target: TARGETS.widget, targetName: 'full widget' },
    { entry: 'the two above, added', gzip: depsGzip + languagesGzip, target: TARGETS.widget, targetName: 'full widget' },
    {
      entry: 'escalation phrases of the six languages (DEFAULT_PHRASES)',
      // From the sources: dist/core.js is one chunk, and its masking word lists would come along.
      gzip: await size(`export { DEFAULT_PHRASES } from ${srcImport('core/phrases.js')};`),
      target: TARGETS.core,
      targetName: 'handoff-chat/core',
    },
    { entry: 'ky (the HTTP transports\' client)', gzip: await size(`export { default } from 'ky';`), target: TARGETS.transportBeyondCore, targetName: 'a transport beyond core' },
  ];
}

/** The floor table as Markdown: each part, and how much of the target it takes alone. */
export function floorMarkdown(rows) {
  const lines = ['| Part, alone | gzip | of the target |', '|---|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.entry} | ${kb(r.gzip)} | ${Math.round((r.gzip / r.target) * 100)} % of ${r.targetName} (${kb(r.target)}) |`);
  return lines.join('\n');
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** The table as Markdown (used by the bench's report and the README). */
export function sizeMarkdown(rows) {
  const lines = ['| Entry | Raw | gzip | brotli | Target (gzip) |', '|---|---:|---:|---:|---:|'];
  for (const r of rows) {
    const target = r.target === undefined ? '' : `${kb(r.target)} ${r.gzip <= r.target ? 'met' : 'not met'}`;
    lines.push(`| ${r.entry} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${target} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await sizeTable();
  const floor = await floorTable();
  if (process.argv.includes('--json')) console.log(JSON.stringify({ rows, floor }, null, 2));
  else console.log(`${sizeMarkdown(rows)}\n\nWhat the byte targets cannot go below:\n${floorMarkdown(floor)}`);
}
