// One cold run of scenario f: a page whose chat has a long conversation to show. For ours
// the conversation is restored from storage and the bench clicks the launcher; deep-chat
// gets it as its `history` and is always open. Then the log is scrolled to the top with
// the mouse wheel, as a customer would, counting long tasks all along.
import { waitForNewest, watchLogScroll } from './probe.mjs';
import { longTaskSummary, longTasksIn } from './stats.mjs';
import { coldVisit } from './visit.mjs';

const OPEN_TIMEOUT_MS = 15000;
/** A hard flick of the wheel (a notch is about 100 px): long histories are crossed in big jumps. */
const WHEEL_PX = 4000;
const MAX_WHEELS = 400;
/** Scrolled to the top and nothing older appeared for this many wheel steps: done. */
const STABLE_STEPS = 3;
/** Work a click or a scroll started may outlast the frame that shows its result. */
const TAIL_MS = 300;

/**
 * Wheels the log up until it stays at the top; returns the page-time window and whether it got there.
 * Rows older than the ones shown may be added while scrolling, so the top is only the top once it holds.
 */
async function scrollToTop(page, log) {
  const centre = await page.evaluate(watchLogScroll, { log });
  if (!centre) return { error: 'message log not found' };
  await page.mouse.move(centre.x, centre.y);
  let steps = 0;
  let atTop = 0;
  let state;
  while (steps < MAX_WHEELS && atTop < STABLE_STEPS) {
    await page.mouse.wheel(0, -WHEEL_PX);
    steps += 1;
    state = await page.evaluate(() => window.__bench.scroll);
    atTop = state.top <= 0 ? atTop + 1 : 0;
  }
  return { from: state.start, to: state.at, steps, reachedTop: atTop >= STABLE_STEPS, scrollHeight: state.height };
}

/** Measures `scenario` (one of HISTORY_SCENARIOS) once, cold, at `cpuRate`. */
export async function measureHistory({ baseUrl, scenario, cpuRate, marker }) {
  const visit = await coldVisit({ baseUrl, scenario, cpuRate });
  const { run, page, load } = visit;
  try {
    const sample = { ready: visit.ready, settled: visit.settled, load: longTaskSummary(longTasksIn(load.longTasks, 0, load.now)) };
    const open = await page.evaluate(waitForNewest, {
      log: scenario.log,
      marker,
      launcher: scenario.noLauncher ? null : scenario.launcher,
      timeoutMs: OPEN_TIMEOUT_MS,
    });
    if (open.error) return { ...sample, error: open.error };
    if (open.ms === null) return { ...sample, error: `the newest message was not in view within ${OPEN_TIMEOUT_MS} ms` };
    // Always open (deep-chat): the history was shown during the load, whose long tasks are
    // above; there it was only checked that the newest message is in view.
    if (!scenario.noLauncher) sample.openToNewestMs = open.ms;
    await page.waitForTimeout(TAIL_MS);
    let tasks = await page.evaluate(() => window.__bench.longTasks);
    if (!scenario.noLauncher) sample.open = longTaskSummary(longTasksIn(tasks, open.at - open.ms, open.at + TAIL_MS));
    const scroll = await scrollToTop(page, scenario.log);
    if (scroll.error) return { ...sample, error: scroll.error };
    await page.waitForTimeout(TAIL_MS);
    tasks = await page.evaluate(() => window.__bench.longTasks);
    sample.scroll = {
      ...longTaskSummary(longTasksIn(tasks, scroll.from, scroll.to + TAIL_MS)),
      steps: scroll.steps,
      reachedTop: scroll.reachedTop,
      scrollHeight: scroll.scrollHeight,
      ms: scroll.to - scroll.from,
    };
    return sample;
  } finally {
    await run.close();
  }
}
