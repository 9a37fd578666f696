#!/usr/bin/env node
/**
 * Builds the React example into examples/react/build/app.js (git-ignored):
 *
 *   npm run build && npm run build:react-example
 *
 * The app imports `handoff-chat` like any app would; here that name points at this
 * repository's dist/ (run `npm run build` first). React's CommonJS files go
 * through @rollup/plugin-commonjs, with NODE_ENV replaced for the production build.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const dist = here('../../dist/');

/** `handoff-chat` and its subpaths, resolved to the built package in this repository. */
const thisPackage = () => ({
  name: 'this-package',
  resolveId(id) {
    if (id === 'handoff-chat') return `${dist}index.js`;
    if (id === 'handoff-chat/transports') return `${dist}transports.js`;
    if (id === 'handoff-chat/core') return `${dist}core.js`;
    return null;
  },
});

/**
 * Builds the example. Resolves with the output file.
 *
 * @example
 * const file = await buildReactExample()
 */
export async function buildReactExample() {
  if (!existsSync(`${dist}index.js`)) throw new Error('dist/index.js is missing: run `npm run build` first.');
  const [{ rollup }, { default: nodeResolve }, { default: commonjs }, { default: replace }, { default: typescript }] = await Promise.all([
    import('rollup'),
    import('@rollup/plugin-node-resolve'),
    import('@rollup/plugin-commonjs'),
    import('@rollup/plugin-replace'),
    import('@rollup/plugin-typescript'),
  ]);
  const output = here('./build/app.js');
  const bundle = await rollup({
    input: here('./main.tsx'),
    plugins: [
      thisPackage(),
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
      nodeResolve({ browser: true }),
      commonjs(),
      typescript({ tsconfig: here('./tsconfig.json'), outputToFilesystem: false }),
    ],
    onwarn: (warning, warn) => (warning.code === 'THIS_IS_UNDEFINED' ? undefined : warn(warning)),
  });
  try {
    // One classic script (web-vitals' lazy import inlined): the page's CSP allows only its own files.
    await bundle.write({ file: output, format: 'iife', inlineDynamicImports: true, sourcemap: false });
  } finally {
    await bundle.close();
  }
  return output;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const file = await buildReactExample();
    process.stdout.write(`Built ${file}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
