// One cold run of scenario g: the customer sends a message and the bot answers with
// STREAM_DELTAS deltas in one burst (server.mjs); long tasks are counted from the send
// until the last delta is on screen.
import { clickToComposer, waitForNewest } from './probe.mjs';
import { longTaskSummary, longTasksIn } from './stats.mjs';
import { coldVisit } from './visit.mjs';

const STREAM_TIMEOUT_MS = 30000;
/** Rendering the last delta may leave work behind (layout, a final re-render). */
const TAIL_MS = 300;

/** Measures `scenario` (one of STREAM_SCENARIOS) once, cold, at `cpuRate`; `marker` is the last delta's text. */
export async function measureStream({ baseUrl, scenario, cpuRate, marker }) {
  const visit = await coldVisit({ baseUrl, scenario, cpuRate });
  const { run, page } = visit;
  try {
    const sample = { ready: visit.ready, settled: visit.settled };
    if (scenario.noLauncher) {
      await page.locator(`${scenario.composer.host} ${scenario.composer.inner}`).click();
    } else {
      const click = await page.evaluate(clickToComposer, { launcher: scenario.launcher, timeoutMs: 10000 });
      if (click.ms === null || click.error) return { ...sample, error: click.error ?? 'the composer never took focus' };
    }
    await page.keyboard.type('Tell me everything');
    const from = await page.evaluate(() => performance.now());
    await page.keyboard.press('Enter');
    const shown = await page.evaluate(waitForNewest, { log: scenario.log, marker, launcher: null, timeoutMs: STREAM_TIMEOUT_MS });
    if (shown.ms === null || shown.error) return { ...sample, error: shown.error ?? `the last delta was not shown within ${STREAM_TIMEOUT_MS} ms` };
    await page.waitForTimeout(TAIL_MS);
    const tasks = longTasksIn(await page.evaluate(() => window.__bench.longTasks), from, shown.at + TAIL_MS);
    const { count, longestMs } = longTaskSummary(tasks);
    return { ...sample, sendToLastDeltaMs: shown.at - from, longTaskCount: count, longestTaskMs: longestMs, longTasks: tasks };
  } finally {
    await run.close();
  }
}
