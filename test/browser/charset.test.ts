/**
 * Many servers and CDNs send .js files without `charset=utf-8`, and browsers then read
 * them as Latin-1. The script-tag bundle is ASCII-only so its texts and phrase lists
 * survive that: a French page must still show French and still hear "parler à un conseiller".
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, serveStatic } from '../support/browser';

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serveStatic>>;

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveStatic({
    routes: [
      (req, res) => {
        if (req.url === '/hc.js') {
          res.writeHead(200, { 'content-type': 'application/javascript' }).end(readFileSync('dist/handoff-chat.iife.js'));
          return true;
        }
        if (req.url === '/setup.js') {
          res.writeHead(200, { 'content-type': 'application/javascript' }).end(
            "window.chat = HandoffChat.init({ bot: HandoffChat.transports.createMemoryBot(), human: HandoffChat.transports.createMemoryHuman(), storage: false, openOnLoad: true });",
          );
          return true;
        }
        if (req.url === '/page') {
          res.writeHead(200, { 'content-type': 'text/html' }).end('<html lang="fr"><head><title>t</title></head><body><script src="/hc.js"></script><script src="/setup.js"></script></body></html>');
          return true;
        }
        return false;
      },
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

it('keeps the bundle ASCII outside licence comments', () => {
  const code = readFileSync('dist/handoff-chat.iife.js', 'latin1').replace(/\/\*![\s\S]*?\*\//g, '');
  expect(code.match(/[^\x00-\x7f]/g)).toBeNull();
  const loader = readFileSync('dist/handoff-chat.loader.js', 'latin1').replace(/\/\*![\s\S]*?\*\//g, '');
  expect(loader.match(/[^\x00-\x7f]/g)).toBeNull();
});

it('works in French when the server sends no charset', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.url}/page`);
  await page.locator('[part~="panel"]').waitFor({ state: 'visible' });
  const label = await page.locator('[part~="human-button"]').textContent();
  expect(label).toMatch(/[àéèê]|personne|conseill/i);
  expect(label).not.toMatch(/Ã/);
  await page.evaluate(() => (window as unknown as { chat: { send(t: string): void } }).chat.send('Je veux parler à un conseiller'));
  await expect.poll(() => page.evaluate(() => (window as unknown as { chat: { state: { phase: string } } }).chat.state.phase)).toBe('waiting');
  expect(errors).toEqual([]);
  await page.close();
});
