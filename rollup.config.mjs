// Builds the npm entries (ESM + .d.ts, dependencies left external), the
// script-tag bundle (one minified IIFE with everything inside, web-vitals too) and
// the loader (a few KB that shows the launcher and fetches the IIFE when idle).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

/** The add-on files: `dist/handoff-chat.<name>.js` from `src/embed/addons/<name>.ts` (see src/embed/addons.ts). */
const ADDONS = ['rasa', 'direct-line', 'openai', 'chatwoot', 'vitals', 'phrases', 'sv', 'de', 'fr', 'es', 'ar'];

/** Source files that belong to an add-on; every other import of an add-on comes from `HandoffChat.internals`. */
const ADDON_OWN = /[\\/]src[\\/](transports[\\/](rasa|rasa-reply|direct-line|direct-line-activity|direct-line-store|openai|openai-chunk|openai-secrets|chatwoot|chatwoot-cable|chatwoot-events|chatwoot-hours|chatwoot-store)|i18n[\\/](sv|de|fr|es|ar)|core[\\/]phrases[\\/](sv|de|fr|es|ar)|embed[\\/]addons[\\/][\w-]+)\.ts$/;
const INTERNALS = '\0handoff-chat-internals';

/** Names `HandoffChat.internals` has: the re-exports listed in src/embed/addon-internals.ts. */
const internalNames = [...readFileSync(new URL('./src/embed/addon-internals.ts', import.meta.url), 'utf8').matchAll(/export \{([^}]*)\}/g)]
  .flatMap((m) => m[1].split(','))
  .map((name) => name.trim())
  .filter(Boolean);

/** sha384 of each built add-on, pinned into the bundle so a page using SRI stays covered. */
const addonIntegrity = {};

/**
 * Maps an add-on's imports from outside its own files to `HandoffChat.internals`, fails the
 * build when it needs a name the bundle does not lend, and records the file's SRI hash.
 */
const addonInternals = (name) => ({
  name: 'addon-internals',
  async resolveId(source, importer, options) {
    if (!importer || !source.startsWith('.')) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    if (!resolved || ADDON_OWN.test(resolved.id)) return null;
    return { id: INTERNALS, external: true };
  },
  generateBundle(_, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type !== 'chunk') continue;
      const missing = (file.importedBindings[INTERNALS] ?? []).filter((n) => !internalNames.includes(n));
      if (missing.length) this.error(`add-on ${name} needs ${missing.join(', ')}: add them to src/embed/addon-internals.ts`);
      addonIntegrity[name] = `sha384-${createHash('sha384').update(file.code).digest('base64')}`;
    }
  },
});

/** The script-tag bundle gets `web-vitals` from its add-on file instead of a dynamic import. */
const webVitalsFromAddon = () => ({
  name: 'web-vitals-from-addon',
  async resolveId(source, importer, options) {
    if (!importer || !source.endsWith('/web-vitals-source.js')) return null;
    return this.resolve(source.replace('web-vitals-source.js', 'web-vitals-addon.js'), importer, { ...options, skipSelf: true });
  },
});

/**
 * The script-tag bundle has English built in and fetches the other languages as add-ons:
 * it gets the catalogues and phrase lists from its language registry
 * (src/embed/languages/) instead of the modules that import all six.
 */
const languagesFromAddons = () => {
  const swaps = [
    [/[\\/]src[\\/]i18n[\\/]catalogues\.ts$/, fileURLToPath(new URL('./src/embed/languages/catalogues.ts', import.meta.url))],
    [/[\\/]src[\\/]core[\\/]phrases\.ts$/, fileURLToPath(new URL('./src/embed/languages/phrases.ts', import.meta.url))],
  ];
  return {
    name: 'languages-from-addons',
    async resolveId(source, importer, options) {
      if (!importer || !source.startsWith('.')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const swap = resolved && swaps.find(([re]) => re.test(resolved.id));
      return swap ? swap[1] : null;
    },
  };
};

/** Puts the add-ons' hashes into the script-tag bundle (src/embed/addons.ts reads them). */
const pinAddons = () => ({
  name: 'pin-addons',
  transform(code) {
    if (!code.includes('__HC_ADDON_INTEGRITY__')) return null;
    return { code: code.replace("'__HC_ADDON_INTEGRITY__'", JSON.stringify(JSON.stringify(addonIntegrity))), map: null };
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
  // Built before the bundle, which pins their hashes.
  ...ADDONS.map((name) => ({
    input: `src/embed/addons/${name}.ts`,
    plugins: [
      replaceVersion(),
      addonInternals(name),
      nodeResolve({ browser: true }),
      typescript({ tsconfig: './tsconfig.json', declaration: false, sourceMap: false, outDir: 'dist' }),
      terser({ format: { comments: /^!/, ascii_only: true } }),
    ],
    output: {
      file: `dist/handoff-chat.${name}.js`,
      format: 'iife',
      banner,
      sourcemap: false,
      globals: { [INTERNALS]: 'HandoffChat.internals' },
    },
  })),
  {
    input: 'src/embed/iife.ts',
    plugins: [
      replaceVersion(),
      pinAddons(),
      webVitalsFromAddon(),
      languagesFromAddons(),
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
