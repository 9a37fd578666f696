/**
 * The demo pages under the strict CSP, in real Chromium. Verifies the claim
 * docs/handoff-protocol.md makes: on a page served with `connect-src 'self'`, a
 * WebSocket to the page's own host and port is allowed (CSP Level 3 lets 'self'
 * match ws:), while one to another port is blocked, so the policy is really in
 * force. Checks that the shop page configures the widget with the transports it
 * should, and says so on the page when the widget bundle is missing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PATHS } from '../../examples/server/lib/create-server.mjs';
import { launchBrowser } from '../support/browser.js';
import { startServer, tempDir, type TestServer } from './fixtures.js';

const POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";
let folder: ReturnType<typeof tempDir>;
let server: TestServer;
let other: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  folder = tempDir();
  const publicDir = join(folder.dir, 'public');
  mkdirSync(publicDir);
  writeFileSync(join(publicDir, 'index.html'), '<!doctype html><title>probe</title><script src="/probe.js"></script>');
  writeFileSync(
    join(publicDir, 'probe.js'),
    `window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.blockedURI));
window.probe = (url) => new Promise((resolve) => {
  let ws;
  try { ws = new WebSocket(url); } catch (e) { resolve('threw: ' + e.name); return; }
  ws.onopen = () => ws.send(JSON.stringify({ v: 1, type: 'hello', conversationId: 'cnv_csp', lastSeq: 0 }));
  ws.onmessage = (m) => { const f = JSON.parse(m.data); if (f.type === 'welcome') { ws.close(); resolve('welcome'); } };
  ws.onerror = () => resolve('error');
});`,
  );
  server = await startServer({ publicDir });
  other = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await other?.close();
  folder?.remove();
});

it("lets a page under connect-src 'self' open a WebSocket to its own host, and blocks other ports", async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${server.url}/`);
  expect(response?.headers()['content-security-policy']).toBe(POLICY);
  const own = await page.evaluate((url) => (window as unknown as { probe(u: string): Promise<string> }).probe(url), server.wsUrl('/hub'));
  expect(own).toBe('welcome');
  const elsewhere = await page.evaluate((url) => (window as unknown as { probe(u: string): Promise<string> }).probe(url), other.wsUrl('/hub'));
  expect(elsewhere).not.toBe('welcome');
  const violations = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
  expect(violations).toEqual([other.wsUrl('/hub')]);
  await page.close();
});

async function openShop(distDir: string) {
  const demo = await startServer({ distDir });
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${demo.url}/`);
  await page.waitForLoadState('load');
  return { demo, page, errors };
}

it('configures the widget with the SSE bot and the handoff hub on its own host', async () => {
  const dist = join(folder.dir, 'dist-stub');
  mkdirSync(dist);
  // A stand-in for the real bundle that records how the page calls it.
  writeFileSync(
    join(dist, 'handoff-chat.iife.js'),
    `window.HandoffChat = {
  transports: {
    createSseTransport: (options) => ({ kind: 'sse', options }),
    createHandoffTransport: (options) => ({ kind: 'handoff', options }),
  },
  init: (options) => { window.initialised = options; return { destroy() {} }; },
};`,
  );
  const { demo, page, errors } = await openShop(dist);
  try {
    const options = await page.evaluate(() => (window as unknown as { initialised: unknown }).initialised);
    expect(options).toEqual({
      bot: { kind: 'sse', options: { url: '/bot/sse' } },
      human: { kind: 'handoff', options: { url: demo.wsUrl('/hub') } },
    });
    expect(await page.locator('#widget-notice').isHidden()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await page.close();
    await demo.close();
  }
});

it('tells the visitor on the page when the widget bundle is missing', async () => {
  const { demo, page, errors } = await openShop(join(folder.dir, 'no-dist'));
  try {
    const notice = page.locator('#widget-notice');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain('Run "npm run build" and reload.');
    expect(errors).toEqual([]);
  } finally {
    await page.close();
    await demo.close();
  }
});

it('serves the demo shop and the agent console under the strict policy, with no inline script or style', async () => {
  const demo = await startServer();
  try {
    for (const [path, file] of [
      ['/', 'index.html'],
      ['/console/', 'console.html'],
    ] as const) {
      const response = await fetch(`${demo.url}${path}`);
      expect(response.headers.get('content-security-policy')).toBe(POLICY);
      const html = await response.text();
      expect(html).toBe(readFileSync(join(PATHS.publicDir, file), 'utf8'));
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    }
    const shop = await (await fetch(`${demo.url}/`)).text();
    expect(shop).toContain('<script src="/dist/handoff-chat.iife.js" defer></script>');
    expect(shop).toContain('<script src="/shop.js" defer></script>');
    const setup = await (await fetch(`${demo.url}/shop.js`)).text();
    expect(setup).toContain("transports.createSseTransport({ url: '/bot/sse' })");
    expect(setup).toContain("transports.createHandoffTransport({ url: socketScheme + '//' + location.host + '/hub' })");
  } finally {
    await demo.close();
  }
});
