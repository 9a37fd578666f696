// One cold run of a load scenario (a–e): long tasks, launcher paint, layout shift,
// requests before intent, transferred script bytes, heap after GC, then click to composer.
import { clickToComposer, composerValue } from './probe.mjs';
import { longTaskSummary, longTasksIn } from './stats.mjs';
import { coldVisit } from './visit.mjs';

const CLICK_TIMEOUT_MS = 10000;

/** Whether a request is for JavaScript (by what loaded it, or by its name). */
const isScript = (r) => r.initiator === 'script' || /\.m?js(\?|$)/.test(new URL(r.url).pathname);

/** Layout shift as CLS counts it: shifts that no recent input caused, summed. */
const clsOf = (shifts) => shifts.filter((s) => !s.hadRecentInput).reduce((sum, s) => sum + s.value, 0);

/**
 * Measures `scenario` once, cold, at `cpuRate`.
 * @returns {Promise<object>} one sample: figures in milliseconds and bytes, request lists with page times
 */
export async function measureLoad({ baseUrl, scenario, cpuRate }) {
  const visit = await coldVisit({ baseUrl, scenario, cpuRate });
  const { run, page, load } = visit;
  try {
    const origin = new URL(baseUrl).origin;
    const path = (url) => (url.startsWith(origin) ? url.slice(origin.length) : url);
    const longTasks = longTasksIn(load.longTasks);
    const { count, longestMs } = longTaskSummary(longTasks);
    const scripts = load.resources.filter(isScript);
    const heap = await run.heapAfterGc();
    const sample = {
      ready: visit.ready,
      settled: visit.settled,
      longTaskCount: count,
      longestTaskMs: longestMs,
      longTasks,
      launcherPaintMs: load.launcherAt,
      cls: clsOf(load.shifts),
      loadEventMs: load.loadEventStart,
      // The customer has shown no intent yet: these are what the page fetched on its own.
      requestsBeforeLoad: load.resources.filter((r) => r.start < load.loadEventStart).map((r) => path(r.url)),
      requestsAfterLoadBeforeIntent: load.resources.filter((r) => r.start >= load.loadEventStart).map((r) => path(r.url)),
      websockets: visit.sockets.map((s) => ({ ...s, url: path(s.url.replace(/^ws/, 'http')) })),
      transferredJsBytes: scripts.reduce((sum, r) => sum + r.encoded, 0),
      decodedJsBytes: scripts.reduce((sum, r) => sum + r.decoded, 0),
      heapBytes: heap,
    };
    if (scenario.launcher && !scenario.noLauncher) {
      // The launcher of the mounted widget, not a placeholder that may still be on its way out.
      const click = await page.evaluate(clickToComposer, { launcher: scenario.ready, timeoutMs: CLICK_TIMEOUT_MS });
      sample.clickToComposerMs = click.ms ?? null;
      if (click.error) sample.clickError = click.error;
      if (click.ms !== null && click.ms !== undefined) {
        await page.keyboard.type('hi');
        sample.typeable = (await page.evaluate(composerValue)).endsWith('hi');
      }
    }
    return sample;
  } finally {
    await run.close();
  }
}
