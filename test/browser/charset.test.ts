/**
 * Many servers and CDNs send .js files without `charset=utf-8`, and browsers then read
 * them as Latin-1. The script-tag files (bundle, loader, languages, presets) are ASCII-only
 * so their texts and phrase lists survive that: a French page must still show French and
 * still hear "parler à un conseiller".
 */
import { readdirSync, readFileSync } from 'node:fs';
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
        // French is a file of its own, fetched from next to the bundle.
        if (req.url === '/handoff-chat.fr.js') {
          res.writeHead(200, { 'content-type': 'application/javascript' }).end(readFileSync('dist/handoff-chat.fr.js'));
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

it('keeps every script-tag file ASCII outside licence comments', () => {
  const files = readdirSync('dist').filter((f) => /^handoff-chat\..+\.js$/.test(f));
  expect(files).toEqual(expect.arrayContaining(['handoff-chat.iife.js', 'handoff-chat.loader.js', 'handoff-chat.fr.js', 'handoff-chat.ar.js']));
  for (const file of files) {
    const code = readFileSync(`dist/${file}`, 'latin1').replace(/\/\*![\s\S]*?\*\//g, '');
    expect({ file, nonAscii: code.match(/[^\x00-\x7f]/g) }).toEqual({ file, nonAscii: null });
  }
});

it('works in French when the server sends no charset', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.url}/page`);
  await page.locator('[part~="panel"]').waitFor({ state: 'visible' });
  // Set up before French arrived, the widget redraws in French when it does.
  await expect.poll(() => page.locator('[part~="human-button"]').textContent()).toMatch(/[àéèê]|personne|conseill/i);
  const label = await page.locator('[part~="human-button"]').textContent();
  expect(label).not.toMatch(/Ã/);
  await page.evaluate(() => (window as unknown as { chat: { send(t: string): void } }).chat.send('Je veux parler à un conseiller'));
  await expect.poll(() => page.evaluate(() => (window as unknown as { chat: { state: { phase: string } } }).chat.state.phase)).toBe('waiting');
  expect(errors).toEqual([]);
  await page.close();
});
