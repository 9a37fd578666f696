/**
 * The loader in real Chromium against the built files (`npm run build` first): the
 * real launcher takes over from the placeholder in the same box, with the same look
 * to the pixel, in the configurations that move or colour it (left, dark by attribute
 * and by the visitor's setting, page CSS theming, a right-to-left page, a plain tag
 * in <head>, a nonce-based Content-Security-Policy); nothing but the loader is fetched
 * before the customer shows intent or the page has loaded; and a returning customer's
 * conversation brings the widget at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveStatic } from '../support/browser';

const STRICT = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";
const NONCE_POLICY = "default-src 'self'; script-src 'nonce-c2VjcmV0' 'strict-dynamic'; style-src 'self'; connect-src 'self'";
const MEMORY = 'data-bot="memory" data-human="memory" data-vitals="false"';
const LOADER = '/dist/handoff-chat.loader.js';

interface TestPage {
  /** Attributes of the loader's tag. */
  tag: string;
  /** Where the tag goes, and how. */
  placement?: 'head' | 'defer';
  html?: string;
  policy?: string;
  nonce?: string;
  css?: string;
}

const PAGES: Record<string, TestPage> = {
  '/default.html': { tag: `data-load="interaction" ${MEMORY}` },
  '/left-themed.html': { tag: `data-load="interaction" data-position="left" data-theme-accent="#0a7d5a" data-theme-launcher-offset="32" ${MEMORY}` },
  '/dark.html': { tag: `data-load="interaction" data-color-scheme="dark" ${MEMORY}`, css: 'handoff-chat{--hc-launcher-size:48px}' },
  '/auto.html': { tag: `data-load="interaction" ${MEMORY}` },
  '/rtl.html': { tag: `data-load="interaction" ${MEMORY}`, html: '<html lang="ar" dir="rtl">' },
  '/head.html': { tag: `data-load="interaction" ${MEMORY}`, placement: 'head' },
  '/nonce.html': { tag: `data-load="interaction" ${MEMORY}`, policy: NONCE_POLICY, nonce: 'c2VjcmV0' },
  '/idle.html': { tag: MEMORY },
};

function html(path: string): string {
  const p = PAGES[path]!;
  const nonce = p.nonce ? ` nonce="${p.nonce}"` : '';
  const tag = `<script src="${LOADER}"${p.placement === 'head' ? '' : ' defer'}${nonce} ${p.tag}></script>`;
  const css = p.css ? `<link rel="stylesheet" href="/page.css?${encodeURIComponent(p.css)}">` : '';
  return `<!doctype html>${p.html ?? '<html lang="en">'}<head><meta charset="utf-8"><title>${path}</title>${css}${tag}</head><body><main><h1>Shop</h1><p>Things for home.</p></main></body></html>`;
}

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serveStatic>>;

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveStatic({
    headers: { 'content-security-policy': STRICT },
    routes: [
      (req: IncomingMessage, res: ServerResponse) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const page = PAGES[url.pathname];
        if (page) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': page.policy ?? STRICT }).end(html(url.pathname));
          return true;
        }
        if (url.pathname === '/page.css') {
          res.writeHead(200, { 'content-type': 'text/css' }).end(decodeURIComponent(url.search.slice(1)));
          return true;
        }
        if (url.pathname === '/favicon.ico') {
          res.writeHead(204).end();
          return true;
        }
        return false;
      },
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A page that records what it fetches, page errors and policy violations. */
async function open(path: string, setup?: (page: Page) => Promise<void>) {
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[]; shifts: number };
    w.violations = [];
    w.shifts = 0;
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.shifts += (entry as unknown as { value: number }).value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await setup?.(page);
  await page.goto(`${site.url}${path}`);
  return {
    page,
    requests,
    errors,
    violations: () => page.evaluate(() => (window as unknown as { violations: string[] }).violations),
    shifts: () => page.evaluate(() => (window as unknown as { shifts: number }).shifts),
  };
}

const PROPS = [
  'position',
  'z-index',
  'background-color',
  'color',
  'border-radius',
  'border-style',
  'border-width',
  'box-shadow',
  'padding',
  'display',
  'font-size',
  'cursor',
  'opacity',
];

/** What a customer (or a screen reader) could tell apart: box, look, icon, name, and the pixels. */
async function look(page: Page, mode: 'placeholder' | 'floating') {
  const launcher = page.locator(`handoff-chat[data-mode="${mode}"] [part~="launcher"]`);
  await launcher.waitFor();
  const facts = await launcher.evaluate((button, props) => {
    const style = getComputedStyle(button);
    const box = button.getBoundingClientRect();
    const svg = button.querySelector('svg') as SVGElement;
    const icon = svg.getBoundingClientRect();
    const stroke = getComputedStyle(svg);
    return {
      box: [box.x, box.y, box.width, box.height],
      props: props.map((p) => `${p}: ${style.getPropertyValue(p)}`),
      icon: [icon.x, icon.y, icon.width, icon.height, stroke.fill, stroke.stroke, stroke.strokeWidth, svg.querySelector('path')?.getAttribute('d')],
      label: button.getAttribute('aria-label'),
      scrollHeight: document.documentElement.scrollHeight,
    };
  }, PROPS);
  // The launcher and its shadow, with a margin of page around them.
  const [x, y, w, h] = facts.box as [number, number, number, number];
  const pixels = await page.screenshot({ clip: { x: Math.max(0, x - 44), y: Math.max(0, y - 44), width: w + 88, height: h + 88 } });
  return { ...facts, pixels: pixels.toString('base64') };
}

describe('the real launcher takes over from the placeholder', () => {
  it.each([
    ['/default.html', 'light, bottom right', undefined],
    ['/left-themed.html', 'left, themed by data-theme-*', undefined],
    ['/dark.html', 'dark by data-color-scheme, sized by page CSS', undefined],
    ['/auto.html', 'dark by the visitor’s setting', 'dark' as const],
    ['/rtl.html', 'on a right-to-left Arabic page', undefined],
    ['/head.html', 'from a plain tag in <head>, before <body> exists', undefined],
    ['/nonce.html', "under script-src 'nonce-…' 'strict-dynamic'", undefined],
  ])('%s (%s): same box, look and pixels, no layout shift, no policy violation', async (path, _, colorScheme) => {
    const { page, errors, violations, shifts, requests } = await open(path, async (p) => {
      if (colorScheme) await p.emulateMedia({ colorScheme });
    });
    const before = await look(page, 'placeholder');
    expect(requests.filter((r) => r.endsWith('.js'))).toEqual([LOADER]);
    // Hovering is intent: the widget comes, and takes over.
    await page.locator('handoff-chat [part~="launcher"]').hover();
    const after = await look(page, 'floating');
    expect(await page.locator('handoff-chat').count()).toBe(1);
    expect(after).toEqual(before);
    expect(await shifts()).toBe(0);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sits where the widget will, before <body> exists, and in <html> until then', async () => {
    const { page } = await open('/head.html');
    expect(await page.evaluate(() => document.querySelector('handoff-chat')?.parentElement?.tagName)).toBe('HTML');
    await page.close();
  });

  it('does take the dark tokens and the page’s CSS (so the comparison above compares something)', async () => {
    const { page } = await open('/dark.html');
    const placeholder = await look(page, 'placeholder');
    // Sanity of the comparison above: dark tokens and the page's size did apply.
    expect(placeholder.box).toEqual([1280 - 20 - 48, 720 - 20 - 48, 48, 48]);
    expect(placeholder.props).toContain('background-color: rgb(138, 180, 248)');
    await page.close();
  });
});

describe('what the loader fetches', () => {
  it('nothing but itself until the page has loaded and the browser is idle', async () => {
    const { page, requests } = await open('/idle.html');
    await page.locator('handoff-chat[data-mode="floating"] [part~="launcher"]').waitFor();
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const widget = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/handoff-chat.iife.js'));
      return { loaded: nav.loadEventEnd, widget: widget?.startTime };
    });
    expect(requests.indexOf('/dist/handoff-chat.iife.js')).toBeGreaterThan(requests.indexOf(LOADER));
    expect(timing.widget).toBeGreaterThanOrEqual(timing.loaded);
    await page.close();
  });

  it('with data-load="interaction", nothing until the customer reaches for the launcher', async () => {
    const { page, requests } = await open('/default.html');
    await page.locator('handoff-chat[data-mode="placeholder"] [part~="launcher"]').waitFor();
    await page.waitForTimeout(1000);
    expect(requests.filter((r) => r.endsWith('.js'))).toEqual([LOADER]);
    await page.keyboard.press('Tab');
    await page.locator('handoff-chat[data-mode="floating"] [part~="launcher"]').waitFor();
    expect(requests).toContain('/dist/handoff-chat.iife.js');
    // Keyboard focus moved across with the swap.
    expect(await page.evaluate(() => document.querySelector('handoff-chat')?.shadowRoot?.activeElement?.getAttribute('part'))).toContain('launcher');
    await page.close();
  });

  it('the widget at once for a returning customer’s conversation, which it restores', async () => {
    const first = await open('/default.html');
    await first.page.locator('handoff-chat [part~="launcher"]').click();
    await first.page.locator('[part~="input"]').fill('Where is my order?');
    await first.page.locator('[part~="input"]').press('Enter');
    await first.page.locator('[part~="message-bot"]').first().waitFor();
    await first.page.close();

    // The same visitor on the next page: no intent yet, and data-load="interaction".
    const next = await open('/default.html');
    await next.page.locator('handoff-chat[data-mode="floating"] [part~="launcher"]').waitFor();
    expect(next.requests).toContain('/dist/handoff-chat.iife.js');
    await next.page.locator('handoff-chat [part~="launcher"]').click();
    expect(await next.page.locator('[part~="message-customer"]').first().textContent()).toContain('Where is my order?');
    await next.page.evaluate(() => localStorage.clear());
    await next.page.close();
  });
});
