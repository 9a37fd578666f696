// The command line of `npm run bench`.
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run bench -- [--runs N] [--quick] [--no-build]
  --runs N     cold runs per scenario and CPU setting (default 5); figures are their medians
  --quick      a smoke check: 1 run, normal CPU only
  --no-build   measure dist/ as it is instead of running \`npm run build\` first`;

/**
 * Reads the bench's options from `argv` (without node and the script).
 * Throws an Error naming the bad option, with the usage.
 *
 * @example
 * benchOptions(['--runs', '3']) // { runs: 3, cpuRates: [1, 4], build: true, quick: false }
 */
export function benchOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { runs: { type: 'string' }, quick: { type: 'boolean' }, 'no-build': { type: 'boolean' }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    throw new Error(`${error.message}\n${USAGE}`);
  }
  if (values.help) return { help: true };
  const quick = values.quick === true;
  let runs = quick ? 1 : 5;
  if (values.runs !== undefined) {
    if (!/^[1-9]\d*$/.test(values.runs)) throw new Error(`--runs "${values.runs}": expected a whole number of at least 1.\n${USAGE}`);
    runs = Number(values.runs);
  }
  // Slow-CPU figures are the ones issue #8 sets targets for; a quick check skips them.
  return { help: false, runs, quick, cpuRates: quick ? [1] : [1, 4], build: values['no-build'] !== true };
}
