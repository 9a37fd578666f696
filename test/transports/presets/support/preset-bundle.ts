/**
 * Bundles from the sources: the script-tag bundle with the four presets added (so the
 * example pages run in a real browser whether or not `src/transports/index.ts` exports
 * them yet), and one-import apps for tree-shaking checks.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import { rollup, type Plugin } from 'rollup';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const src = (path: string): string => JSON.stringify(resolve(root, 'src', path));

/** Strips types file by file and maps the sources' `.js` imports to their `.ts`/`.tsx` files. */
const typescriptSources = (): Plugin => ({
  name: 'typescript-sources',
  resolveId(source, importer) {
    if (!importer?.startsWith(resolve(root, 'src')) || !source.startsWith('.') || !source.endsWith('.js')) return null;
    const base = resolve(dirname(importer), source.replace(/\.js$/, ''));
    return existsSync(`${base}.ts`) ? `${base}.ts` : `${base}.tsx`;
  },
  transform(code, id) {
    if (!/\.tsx?$/.test(id)) return null;
    const out = ts.transpileModule(code, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020, jsx: ts.JsxEmit.ReactJSX, jsxImportSource: 'preact' },
      fileName: id,
    });
    return { code: out.outputText.replaceAll('__HC_VERSION__', '0.0.0-test'), map: null };
  },
});

async function bundle(entry: string, format: 'iife' | 'es'): Promise<string> {
  const build = await rollup({
    input: 'entry',
    plugins: [
      { name: 'entry', resolveId: (id) => (id === 'entry' ? 'entry' : null), load: (id) => (id === 'entry' ? entry : null) },
      typescriptSources(),
      nodeResolve({ browser: true, rootDir: root }),
    ],
    onwarn: () => undefined,
  });
  const { output } = await build.generate({ format, inlineDynamicImports: true });
  await build.close();
  return output.map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n');
}

/**
 * An app that imports only `name` from `src/transports/<file>`, tree-shaken, ky included.
 *
 * @example await bundleImport('createRasaTransport', 'rasa.ts')
 */
export function bundleImport(name: string, file: string): Promise<string> {
  return bundle(`import { ${name} } from ${src(`transports/${file}`)};\nexport const used = ${name};\n`, 'es');
}

/** The script-tag bundle with the presets on `window.HandoffChat.transports`. */
export async function buildPresetBundle(): Promise<string> {
  const entry = `
import * as api from ${src('index.ts')};
import * as transports from ${src('transports/index.ts')};
import { installGlobal } from ${src('embed/install-global.ts')};
import { createRasaTransport } from ${src('transports/rasa.ts')};
import { createDirectLineTransport } from ${src('transports/direct-line.ts')};
import { createOpenAITransport } from ${src('transports/openai.ts')};
import { createChatwootTransport } from ${src('transports/chatwoot.ts')};
installGlobal(window, { ...api, transports: { ...transports, createRasaTransport, createDirectLineTransport, createOpenAITransport, createChatwootTransport } }, document.currentScript);
`;
  return bundle(entry, 'iife');
}
