// Builds the agent console (Preact + TypeScript) into one minified script:
//   npx rollup -c examples/server/rollup.config.mjs
// start.mjs runs the same build when build/console.js is missing or older than its sources.
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default {
  input: here('console/main.tsx'),
  plugins: [
    nodeResolve({ browser: true }),
    typescript({ tsconfig: here('console/tsconfig.json'), outputToFilesystem: false }),
    terser(),
  ],
  output: {
    file: here('build/console.js'),
    format: 'iife',
    sourcemap: false,
  },
};
