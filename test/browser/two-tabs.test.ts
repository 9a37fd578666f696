/**
 * Two tabs of the demo shop in one real Chromium profile, against the reference
 * backend: they share one conversation (Web Locks + BroadcastChannel), so pressing
 * "talk to a person" in both makes one handoff, what one tab sends shows in the
 * other, and closing the tab that holds the connection hands it to the other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from '../../examples/server/lib/create-server.mjs';
import { launchBrowser } from '../support/browser';
import { connectAgent } from '../server/fixtures';

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let server: DemoServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hc-tabs-'));
  server = await createDemoServer({ dataFile: join(dir, 'hub.sqlite'), log: () => {} });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openShop(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await page.locator('[part~="launcher"]').click();
  await page.locator('[part~="panel"]').waitFor({ state: 'visible' });
  return page;
}

const customerTexts = (page: Page) =>
  page.evaluate(() => (window as unknown as { fernwayChat: { state: { messages: Array<{ author: string; text: string }> } } }).fernwayChat.state.messages.filter((m) => m.author === 'customer').map((m) => m.text));
const phase = (page: Page) => page.evaluate(() => (window as unknown as { fernwayChat: { state: { phase: string } } }).fernwayChat.state.phase);

it("shares one conversation between two tabs and makes one handoff, not two", { timeout: 60000 }, async () => {
  // Someone is at the desk, so the request queues instead of being answered "nobody available".
  const desk = await connectAgent({ ...server, wsUrl: (path: string) => server.url.replace('http', 'ws') + path } as never, { id: 'agt_alex', name: 'Alex' });
  const first = await openShop();
  const second = await openShop();

  await second.locator('[part~="input"]').fill('where is my order');
  await second.locator('[part~="input"]').press('Enter');
  await expect.poll(() => customerTexts(first), { timeout: 10000 }).toEqual(['where is my order']);

  await Promise.all([first.locator('[part~="human-button"]').click(), second.locator('[part~="human-button"]').click()]);
  await expect.poll(() => phase(first), { timeout: 10000 }).toBe('waiting');
  await expect.poll(() => phase(second), { timeout: 10000 }).toBe('waiting');
  // Give a second request every chance to arrive before counting.
  await new Promise((r) => setTimeout(r, 500));
  const rows = (server.db as { prepare(sql: string): { get(): unknown } }).prepare('SELECT count(*) AS n FROM handoffs').get();
  expect(rows).toEqual({ n: 1 });

  // The tab holding the connection closes; the other takes over and still hears the desk.
  // The first tab took the lock first, so it holds the connection; closing it hands the conversation over.
  await first.close();
  const other = second;
  await other.locator('[part~="input"]').fill('still there?');
  await other.locator('[part~="input"]').press('Enter');
  await expect
    .poll(() => other.evaluate(() => (window as unknown as { fernwayChat: { state: { messages: Array<{ text: string; status: string }> } } }).fernwayChat.state.messages.find((m) => m.text === 'still there?')?.status), { timeout: 15000 })
    .toBe('sent');
  await other.close();
  await desk.close();
});
