// One cold visit: a fresh browser, the probe installed, the page loaded and left to settle
// (the widget mounted where it mounts lazily, then no new long task or request for a while).
import { launchCold } from './chromium.mjs';
import { collectLoad, installProbe, waitForQuiet, waitForTarget } from './probe.mjs';

/** How long the page must stay quiet to count as settled, and the most we wait for it. */
const QUIET_MS = 600;
const SETTLE_MAX_MS = 15000;

/**
 * Opens `scenario`'s page in a cold browser at `cpuRate` and waits until it settled.
 * `seed` (optional) returns `{ key, value }` put in the origin's localStorage first, from
 * a page without any widget, so the measured load finds it there.
 * Returns the browser run, what the probe saw during load, and the WebSockets opened,
 * with their time after navigation in milliseconds (Node's clock, so approximate).
 *
 * @example
 * const visit = await coldVisit({ baseUrl, scenario, cpuRate: 4 })
 * try { … } finally { await visit.run.close() }
 */
export async function coldVisit({ baseUrl, scenario, cpuRate }) {
  const run = await launchCold({ cpuRate });
  try {
    const { page } = run;
    if (scenario.seed) {
      const { key, value } = scenario.seed();
      await page.goto(`${baseUrl}/pages/baseline.html`);
      await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, value]);
    }
    await page.addInitScript(installProbe, { launcher: scenario.launcher ?? null });
    const sockets = [];
    let started = 0;
    let loadedAfter = null;
    page.on('websocket', (ws) => sockets.push({ url: ws.url(), afterMs: Math.round(performance.now() - started) }));
    page.once('load', () => {
      loadedAfter = Math.round(performance.now() - started);
    });
    started = performance.now();
    await page.goto(`${baseUrl}/pages/${scenario.id}.html`, { waitUntil: 'load' });
    const ready = scenario.ready ? await page.evaluate(waitForTarget, { target: scenario.ready, timeoutMs: SETTLE_MAX_MS }) : true;
    const settled = await page.evaluate(waitForQuiet, { quietMs: QUIET_MS, maxMs: SETTLE_MAX_MS });
    const load = await page.evaluate(collectLoad);
    return { run, page, load, ready, settled, sockets: sockets.map((s) => ({ ...s, beforeLoad: loadedAfter === null || s.afterMs < loadedAfter })) };
  } catch (error) {
    await run.close();
    throw error;
  }
}
