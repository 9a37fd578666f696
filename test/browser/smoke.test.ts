import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, serveStatic } from '../support/browser';

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serveStatic>>;

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveStatic({ routes: [(req, res) => {
    if (req.url !== '/page') return false;
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>t</title><script src="/dist/handoff-chat.iife.js"></script>');
    return true;
  }] });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

it('loads the script-tag bundle in real Chromium and defines window.HandoffChat', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.url}/page`);
  const kind = await page.evaluate(() => typeof (window as unknown as { HandoffChat?: { createChat?: unknown } }).HandoffChat?.createChat);
  expect(kind).toBe('function');
  expect(errors).toEqual([]);
});
