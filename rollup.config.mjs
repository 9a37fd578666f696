// Builds the npm entries (ESM + .d.ts, dependencies left external), the
// script-tag bundle (one minified IIFE with everything inside, web-vitals too) and
// the loader (a few KB that shows the launcher and fetches the IIFE when idle).
import { readFileSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {})];
const isExternal = (id) => external.some((dep) => id === dep || id.startsWith(`${dep}/`));
const banner = `/*! handoff-chat ${pkg.version} | MIT */`;

const replaceVersion = () => ({
  name: 'replace-version',
  transform(code) {
    return code.includes('__HC_VERSION__') ? { code: code.replaceAll('__HC_VERSION__', pkg.version), map: null } : null;
  },
});

/**
 * Preact 10 copies virtual nodes with `assign()`, which writes their own `constructor`
 * key by assignment; on a page that froze Object.prototype (SES lockdown, LavaMoat) that
 * throws, because the inherited `constructor` is read-only. The script-tag bundle defines
 * that one key instead. Checked against the exact source text, so a Preact update that
 * changes it fails the build rather than silently dropping the fix.
 */
const frozenPrototypeSafePreact = () => ({
  name: 'frozen-prototype-safe-preact',
  transform(code, id) {
    if (!/[\\/]preact[\\/]dist[\\/]preact\.module\.js$/.test(id)) return null;
    const original = 'function m(n,l){for(var u in l)n[u]=l[u];return n}';
    if (!code.includes(original)) this.error('preact.module.js changed: update frozenPrototypeSafePreact in rollup.config.mjs');
    const safe =
      'function m(n,l){for(var u in l)"constructor"==u?Object.defineProperty(n,u,{value:l[u],writable:!0,enumerable:!0,configurable:!0}):n[u]=l[u];return n}';
    return { code: code.replace(original, safe), map: null };
  },
});

export default [
  {
    input: {
      index: 'src/index.ts',
      core: 'src/core/index.ts',
      transports: 'src/transports/index.ts',
      testing: 'src/testing/index.ts',
    },
    external: isExternal,
    plugins: [
      replaceVersion(),
      typescript({
        tsconfig: './tsconfig.json',
        declaration: true,
        declarationDir: 'dist/types',
        sourceMap: true,
        outDir: 'dist',
      }),
    ],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: true,
      banner,
    },
  },
  {
    input: 'src/embed/iife.ts',
    plugins: [
      replaceVersion(),
      nodeResolve({ browser: true }),
      frozenPrototypeSafePreact(),
      typescript({ tsconfig: './tsconfig.json', declaration: false, sourceMap: false, outDir: 'dist' }),
      // ASCII only: a server that sends the file without `charset=utf-8` must not garble the
      // phrase lists and texts (the browser would read them as Latin-1).
      terser({ format: { comments: /^!/, ascii_only: true } }),
    ],
    output: {
      file: 'dist/handoff-chat.iife.js',
      format: 'iife',
      // The entry defines window.HandoffChat itself (a command function that replays the
      // async snippet's queue), so the bundle has no exports and no `name`.
      banner,
      sourcemap: false,
      // One file: web-vitals' dynamic import is inlined (it only runs after the panel opens or on idle).
      inlineDynamicImports: true,
    },
  },
  {
    input: 'src/embed/loader.ts',
    plugins: [
      replaceVersion(),
      nodeResolve({ browser: true }),
      typescript({ tsconfig: './tsconfig.json', declaration: false, sourceMap: false, outDir: 'dist' }),
      terser({ compress: { passes: 2 }, format: { comments: /^!/, ascii_only: true } }),
    ],
    output: {
      file: 'dist/handoff-chat.loader.js',
      format: 'iife',
      banner,
      sourcemap: false,
    },
  },
];
