// Where the script-tag bundle's bytes go: builds dist/handoff-chat.iife.js's module graph
// the way rollup.config.mjs does (same plugins, languages and add-ons left out), then
// minifies and gzips each module on its own. Modules compress better together, so the
// figures add up to more than the bundle; they rank modules and areas, they do not sum to it.
//
// Usage: node scripts/size-modules.mjs [--top N]   (default: the 25 heaviest modules)
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { minify } from 'terser';
import configs from '../rollup.config.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const topArg = process.argv.indexOf('--top');
const top = topArg > 0 ? Number(process.argv[topArg + 1]) : 25;
if (!Number.isInteger(top) || top < 1) throw new Error(`--top "${process.argv[topArg + 1]}": expected a whole number of at least 1.`);

const iife = configs.find((c) => c.input === 'src/embed/iife.ts');
// Building the add-ons first pins their hashes into the bundle; not needed to weigh it.
const build = await rollup({ input: iife.input, plugins: iife.plugins.filter((p) => p.name !== 'terser'), onwarn() {} });
const { output } = await build.generate({ format: 'es' });
await build.close();

/** A module's minified gzip size on its own; top-level names are kept, the bundle's other modules use them. */
async function weigh(code) {
  const min = (await minify(code, { toplevel: false, compress: { toplevel: false, unused: false }, mangle: { toplevel: false } })).code ?? '';
  return gzipSync(min, { level: 9 }).length;
}

/** The part of the product a module belongs to: a folder of src/, or the npm package it comes from. */
function area(id) {
  const pkg = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(id);
  if (pkg) return pkg[1];
  return relative(join(root, 'src'), id).split(/[\\/]/)[0];
}

const rows = [];
for (const [id, module] of Object.entries(output[0].modules)) {
  if (!module.code) continue;
  const name = id.includes('node_modules') ? id.slice(id.lastIndexOf('node_modules') + 'node_modules/'.length) : relative(root, id);
  rows.push({ name, area: area(id), gzip: await weigh(module.code) });
}
rows.sort((a, b) => b.gzip - a.gzip);
const total = rows.reduce((sum, r) => sum + r.gzip, 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const share = (n) => `${Math.round((n / total) * 100)} %`;

const areas = new Map();
for (const r of rows) areas.set(r.area, (areas.get(r.area) ?? 0) + r.gzip);
console.log('| Area | gzip, modules alone | share |\n|---|---:|---:|');
for (const [name, gzip] of [...areas].sort((a, b) => b[1] - a[1])) console.log(`| ${name} | ${kb(gzip)} | ${share(gzip)} |`);
console.log(`\n| Module (${top} heaviest of ${rows.length}) | gzip alone | share |\n|---|---:|---:|`);
for (const r of rows.slice(0, top)) console.log(`| ${r.name} | ${kb(r.gzip)} | ${share(r.gzip)} |`);
console.log(`\nModules gzipped one by one add up to ${kb(total)}; together, as shipped, they compress further (see npm run sizes).`);
