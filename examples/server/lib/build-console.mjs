/**
 * Builds the agent console with examples/server/rollup.config.mjs when its
 * bundle is missing or older than any of its sources.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = () => [
  join(root, 'rollup.config.mjs'),
  ...readdirSync(join(root, 'console')).map((name) => join(root, 'console', name)),
];

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/** Whether the console bundle exists and is newer than everything it is built from. */
export function consoleIsFresh() {
  const built = mtime(fileURLToPath(new URL('../build/console.js', import.meta.url)));
  return built >= 0 && sources().every((file) => mtime(file) <= built);
}

/**
 * Builds the console unless it is fresh (or `force`). Resolves with whether it built.
 *
 * @example
 * if (await buildConsole()) process.stdout.write('Built the agent console.\n')
 */
export async function buildConsole({ force = false } = {}) {
  if (!force && consoleIsFresh()) return false;
  let rollup;
  try {
    ({ rollup } = await import('rollup'));
  } catch (error) {
    throw new Error('Building the agent console needs the dev dependencies (rollup and its plugins): run `npm ci` first.', { cause: error });
  }
  const { default: config } = await import('../rollup.config.mjs');
  const bundle = await rollup({ ...config, onwarn: (warning, warn) => (warning.code === 'THIS_IS_UNDEFINED' ? undefined : warn(warning)) });
  try {
    await bundle.write(config.output);
  } finally {
    await bundle.close();
  }
  return true;
}
