// Cold Chromium for one measured run: Debian's /usr/bin/chromium driven by playwright-core,
// a fresh user-data-dir each time (no HTTP cache, no compiled-code cache, no storage), the
// same flags as the browser tests (test/support/browser.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser's version line, for the results ("Chromium 150.0.7871.100 …"). */
export function chromiumVersion() {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium`);
  return execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

/**
 * Starts a cold browser and returns its first page, the CPU slowed by `cpuRate`
 * (1 = the machine's speed) before anything loads, and the heap reading over CDP.
 *
 * @example
 * const run = await launchCold({ cpuRate: 4 })
 * await run.page.goto(url)
 * await run.close()
 */
export async function launchCold({ cpuRate }) {
  const profile = mkdtempSync(join(tmpdir(), 'hc-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
  return {
    page,
    /** Used JS heap of the page after a full garbage collection, in bytes. */
    async heapAfterGc() {
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return usedSize;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
