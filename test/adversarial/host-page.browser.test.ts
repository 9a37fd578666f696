/**
 * Careless and hostile host pages, in real Chromium with the built script-tag bundle:
 * frozen and polluted prototypes, wrapped and broken fetch, an AMD loader, a foreign
 * <base href>, the script twice, a single-page app that removes the widget, 50 mounts,
 * the CSP SECURITY.md documents for each transport (with Trusted Types), and real IME
 * composition. Every case: the widget opens, a message goes through (or shows as not
 * sent, with a retry), the human control is visible and makes exactly one request, no
 * page error, no unexpected request, no canary.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveStatic } from '../support/browser';
import { HOST_PAGE_CASES, type HostPageCase } from './cases/host-page-cases';
import { documentedCsp } from './support/csp';
import { startRawWsServer, type RawWsServer } from './support/raw-servers';
import { scanForUnsafe } from './support/scan-dom';

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serveStatic>>;
let bots: { origin: string; close(): Promise<void> };
let ws: RawWsServer;

/** A bot on another origin (so CSP and CORS matter): REST echo at /rest, SSE at /sse + /sse/events. */
async function startBots(): Promise<{ origin: string; close(): Promise<void> }> {
  const streams = new Set<ServerResponse>();
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'content-type, idempotency-key, last-event-id',
    'access-control-allow-methods': 'GET, POST',
  };
  let seq = 0;
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    if (req.method === 'GET' && path === '/sse/events') {
      res.writeHead(200, { ...cors, 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': hi\n\n');
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { message?: { id: string; text: string } };
    const reply = { id: `r-${body.message?.id}`, text: `echo: ${body.message?.text}` };
    if (path === '/rest') return res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ messages: [reply] }));
    if (path === '/sse') {
      res.writeHead(202, cors).end();
      for (const s of streams) s.write(`id: ${++seq}\ndata: ${JSON.stringify({ type: 'message', message: reply })}\n\n`);
      return;
    }
    res.writeHead(404, cors).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () => {
      for (const s of streams) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

const wsOrigin = (): string => ws.url.replace(/\/chat$/, '');

function botOrigin(c: HostPageCase): string[] {
  if (c.bot === 'websocket') return [wsOrigin()];
  if (c.bot === 'memory') return [];
  return [bots.origin];
}

function setupScript(c: HostPageCase): string {
  const bot = {
    memory: `transports.createMemoryBot({ reply: (t) => 'echo: ' + t })`,
    rest: `transports.createRestTransport({ url: '${bots.origin}/rest', retry: false })`,
    sse: `transports.createSseTransport({ url: '${bots.origin}/sse', retry: false })`,
    websocket: `transports.createWebSocketTransport({ url: '${ws.url}' })`,
  }[c.bot];
  // A long retry: a message that failed stays shown as failed while the test looks.
  return `
    window.__options = () => {
      const transports = window.HandoffChat.transports;
      return { bot: ${bot}, human: window.human, storage: false, retry: { baseMs: 60000, maxMs: 60000 } };
    };
    window.human = window.HandoffChat.transports.createMemoryHuman();
    window.w = window.HandoffChat.init(window.__options());
  `;
}

function html(c: HostPageCase): string {
  // Absolute URLs: a page with <base href> points its own relative URLs elsewhere too.
  // Under Trusted Types the widget cannot add the web-vitals and phrase-list add-ons' tags itself: the page does (SECURITY.md).
  const vitals = c.csp ? `<script src="${site.url}/dist/handoff-chat.vitals.js"></script><script src="${site.url}/dist/handoff-chat.phrases.js"></script>` : '';
  const bundles = `<script src="${site.url}/dist/handoff-chat.iife.js"></script>`.repeat(c.bundles ?? 1) + vitals;
  return `<!doctype html><html lang="en"><head>${c.head ?? ''}<meta charset="utf-8"><title>Host ${c.id}</title></head>` +
    `<body><main><h1>Host page</h1><p>Text</p><div id="elsewhere"></div></main>${bundles}<script src="${site.url}/host/${c.id}/setup.js"></script></body></html>`;
}

function cspFor(c: HostPageCase): string | undefined {
  if (!c.csp) return undefined;
  const connect = c.csp === 'documented' ? botOrigin(c) : [];
  return documentedCsp({ connect });
}

/** Installed before any page script: CSP violations, errors, and listener counts. */
const WATCH = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.__listeners = 0;
  for (const target of [window, document]) {
    const add = target.addEventListener, remove = target.removeEventListener;
    target.addEventListener = function () { window.__listeners++; return add.apply(this, arguments); };
    target.removeEventListener = function () { window.__listeners--; return remove.apply(this, arguments); };
  }
`;

beforeAll(async () => {
  browser = await launchBrowser();
  bots = await startBots();
  ws = await startRawWsServer();
  site = await serveStatic({
    routes: [
      (req, res) => {
        const m = /^\/host\/([\w-]+)(\/setup\.js)?$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
        const c = m && HOST_PAGE_CASES.find((x) => x.id === m[1]);
        if (!m || !c) return false;
        const csp = cspFor(c);
        const headers: Record<string, string> = { 'content-type': m[2] ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8', 'cache-control': 'no-store' };
        if (csp && !m[2]) headers['content-security-policy'] = csp;
        res.writeHead(200, headers).end(m[2] ? setupScript(c) : html(c));
        return true;
      },
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await bots?.close();
  await ws?.close();
});

const shadow = (p: Page, fn: string): Promise<unknown> => p.evaluate(`(() => { const root = document.querySelector('handoff-chat').shadowRoot; return ${fn}; })()`);

async function runCase(c: HostPageCase & { failFast?: boolean }, p: Page): Promise<void> {
  const errors: string[] = [];
  const requests: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  p.on('request', (r) => requests.push(r.url()));
  p.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await p.addInitScript({ content: WATCH });
  if (c.bot === 'websocket') ws.afterMessage.push({ frames: ['{"type":"message","seq":1,"message":{"id":"w-hello","text":"echo: hello"}}'] });
  await p.goto(`${site.url}/host/${c.id}`);

  await p.locator('[part~="launcher"]').click();
  await p.locator('[part~="panel"]').waitFor({ state: 'visible' });
  const input = p.locator('[part~="input"]');
  if (c.extra === 'ime') await imeCheck(p);
  await input.fill('hello');
  await input.press('Enter');
  if (c.delivered) {
    await expect.poll(() => shadow(p, `[...root.querySelectorAll('[data-author="bot"] .md')].map((el) => el.textContent)`)).toEqual(['echo: hello']);
  } else {
    await expect.poll(() => shadow(p, `root.querySelector('[data-author="customer"] .status-failed') !== null`)).toBe(true);
    expect(await p.locator('[part~="retry-button"]').isVisible()).toBe(true);
  }

  const human = p.locator('[part~="human-button"]');
  expect(await human.isVisible()).toBe(true);
  await human.click();
  await human.click();
  await expect.poll(() => p.evaluate(() => (window as unknown as { human: { backend: { handoffs: unknown[] } } }).human.backend.handoffs.length)).toBe(1);

  await extraChecks(c, p, requests);
  await p.waitForTimeout(100);
  expect(errors).toEqual([]);
  expect(await p.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  const violations = (await p.evaluate(() => (window as unknown as { __violations: string[] }).__violations)) as string[];
  if (c.extra === 'violation') expect(violations.some((v) => v.startsWith('connect-src'))).toBe(true);
  else expect(violations).toEqual([]);
  const allowedOrigins = new Set([site.url, ...botOrigin(c).map((o) => o.replace(/^ws/, 'http'))]);
  expect(requests.filter((u) => !allowedOrigins.has(new URL(u.replace(/^ws/, 'http')).origin) && !u.endsWith('/favicon.ico'))).toEqual([]);
  expect(await p.evaluate(`window.__scan(document.querySelector('handoff-chat').shadowRoot, [])`)).toEqual([]);
}

async function extraChecks(c: HostPageCase, p: Page, requests: string[]): Promise<void> {
  switch (c.extra) {
    case 'fetch-seen':
      expect(await p.evaluate(() => (window as unknown as { __fetches: string[] }).__fetches)).toContain(`${bots.origin}/rest`);
      break;
    case 'amd-untouched':
      expect(await p.evaluate(`[window.__amdCalls, typeof window.HandoffChat.init]`)).toEqual([0, 'function']);
      break;
    case 'one-element':
      expect(await p.evaluate(() => document.querySelectorAll('handoff-chat').length)).toBe(1);
      break;
    case 'base-links': {
      await p.evaluate(`window.w.destroy(); window.bot2 = window.HandoffChat.transports.createMemoryBot(); window.w = window.HandoffChat.init({ bot: window.bot2, human: window.human, storage: false, target: '#elsewhere' });
        window.bot2.backend.emit({ type: 'message', message: { id: 'l1', text: '[abs](https://ok.example/x) [rel](/relative) [dot](./here) <https://ok.example/y>', attachments: [{ kind: 'file', url: 'https://files.example/a.pdf', name: 'a.pdf' }] } });`);
      await p.waitForTimeout(50);
      const hrefs = await shadow(p, `[...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))`);
      expect(hrefs).toEqual(['https://ok.example/x', 'https://ok.example/y', 'https://files.example/a.pdf']);
      expect(requests.filter((u) => u.includes('evil.example'))).toEqual([]);
      break;
    }
    case 'spa-removal': {
      await p.evaluate(() => document.querySelector('handoff-chat')!.remove());
      await p.evaluate(`window.human.backend.emit({ type: 'agent-joined', agent: { name: 'Alex' } }); window.human.backend.emit({ type: 'message', message: { id: 'late', text: 'still here?' } });`);
      await p.waitForTimeout(50);
      expect(await p.evaluate(`window.w.state.messages.some((m) => m.id === 'late')`)).toBe(true);
      await p.evaluate(`window.w.close(); window.w.open(); window.w.destroy(); window.w.destroy();`);
      await p.evaluate(`window.human = window.HandoffChat.transports.createMemoryHuman(); window.w = window.HandoffChat.init(window.__options());`);
      await p.locator('[part~="launcher"]').click();
      await p.locator('[part~="human-button"]').click();
      await expect.poll(() => p.evaluate(`window.human.backend.handoffs.length`)).toBe(1);
      expect(await p.evaluate(() => document.querySelectorAll('handoff-chat').length)).toBe(1);
      break;
    }
    case 'mount-50': {
      const cycle = (n: number) =>
        p.evaluate(`for (let i = 0; i < ${n}; i++) { const x = window.HandoffChat.init({ bot: window.HandoffChat.transports.createMemoryBot(), human: window.HandoffChat.transports.createMemoryHuman(), storage: false, openOnLoad: true }); x.send('hi ' + i); x.destroy(); }`);
      // The first mount may start page-wide, once-only work (web-vitals); every later one must leave nothing.
      await cycle(1);
      // That once-only work finishes on its own schedule (idle callbacks): let it settle first.
      // web-vitals subscribes to prerendering, visibility and first-input events in stages after
      // the first start; on a loaded machine that can take a while, so settle generously.
      const settle = () => p.evaluate(() => new Promise((r) => requestIdleCallback(() => setTimeout(r, 1500), { timeout: 3000 })));
      await settle();
      const before = await p.evaluate(`window.__listeners`);
      await cycle(50);
      await settle();
      // A leak adds at least one listener per mount (50 here). The first mount's once-only work
      // may still take one of its own off meanwhile on a busy machine (CI saw 14 → 13): fewer is fine.
      expect(await p.evaluate(`window.__listeners`)).toBeLessThanOrEqual(before as number);
      expect(await p.evaluate(() => document.querySelectorAll('handoff-chat').length)).toBe(1);
      break;
    }
    default:
      break;
  }
}

/** Chromium's own IME, through the DevTools protocol: a composition in progress, then Enter. */
async function imeCheck(p: Page): Promise<void> {
  const input = p.locator('[part~="input"]');
  await input.focus();
  const cdp = await browser.context.newCDPSession(p);
  await cdp.send('Input.imeSetComposition', { text: 'にほん', selectionStart: 3, selectionEnd: 3 });
  await p.keyboard.press('Enter');
  await p.waitForTimeout(50);
  expect(await p.evaluate(`window.w.state.messages.length`)).toBe(0);
  await cdp.send('Input.insertText', { text: '日本' });
  await p.waitForTimeout(50);
  // Committed, still in the box, still not sent.
  expect(await p.evaluate(`window.w.state.messages.length`)).toBe(0);
  expect(await input.inputValue()).toContain('日本');
  await input.fill('');
  await cdp.detach();
}

async function inPage(c: HostPageCase & { failFast?: boolean }): Promise<void> {
  const p = await browser.newPage();
  if (c.failFast) p.setDefaultTimeout(3000);
  await p.addInitScript({ content: `window.__scan = ${scanForUnsafe.toString()};` });
  try {
    await runCase(c, p);
  } finally {
    await p.close();
  }
}

describe('careless and hostile host pages', () => {
  const works = HOST_PAGE_CASES.filter((c) => !c.knownIssue);
  const broken = HOST_PAGE_CASES.filter((c) => c.knownIssue);
  it.each(works.map((c) => [c.name, c] as const))('%s', (_name, c) => inPage(c), 30_000);
  // Known failures (see `knownIssue`): they must keep failing until fixed; quick, not a 30 s wait.
  for (const c of broken) it.fails(`${c.name} (known issue)`, () => inPage({ ...c, failFast: true }), 30_000);
});
