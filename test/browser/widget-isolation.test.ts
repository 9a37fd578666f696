import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, serveStatic } from '../support/browser';

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serveStatic>>;
let page: Page;

const HOSTILE_CSS = `
  * { all: unset; }
  html { font-size: 40px; }
  div { font-size: 40px !important; color: red !important; }
  button { display: none !important; }
  handoff-chat { display: none !important; opacity: 0 !important; visibility: hidden !important; transform: scale(0) !important; }
  handoff-chat::part(human-button) { display: none !important; visibility: hidden !important; opacity: 0 !important; pointer-events: none !important; }
  #probe { font-family: monospace; color: rgb(1, 2, 3); }
`;

const INIT = `
  const { init, transports } = window.HandoffChat;
  window.violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.human = transports.createMemoryHuman();
  window.w = init({
    bot: transports.createMemoryBot({ greeting: 'Hello from the bot' }),
    human: window.human,
    storage: false,
    theme: { accent: '#0a7d5a' },
  });
`;

function pageHtml(head: string): string {
  return `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>host</title>${head}</head>
<body><main><h1>Shop</h1><p id="probe">Page text</p><button id="page-button">Page button</button></main>
<script src="/dist/handoff-chat.iife.js"></script><script src="/init.js"></script></body></html>`;
}

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveStatic({
    routes: [
      (req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (path === '/init.js') {
          res.writeHead(200, { 'content-type': 'text/javascript' }).end(INIT);
          return true;
        }
        if (path === '/hostile') {
          res.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml(`<style>${HOSTILE_CSS}</style>`));
          return true;
        }
        if (path === '/strict-csp') {
          res
            .writeHead(200, {
              'content-type': 'text/html',
              'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'",
            })
            .end(pageHtml(''));
          return true;
        }
        return false;
      },
    ],
  });
  page = await browser.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function open(p: Page): Promise<void> {
  await p.locator('[part~="launcher"]').click();
  await p.locator('[part~="panel"]').waitFor({ state: 'visible' });
}

describe('on a page with hostile global CSS', () => {
  it('still shows a visible, clickable human button that asks for a person', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}/hostile`);
    // The page's own rules do apply to the page.
    expect(await page.locator('#page-button').isVisible()).toBe(false);

    await open(page);
    const human = page.locator('[part~="human-button"]');
    await expect.poll(() => human.isVisible()).toBe(true);
    const box = await human.boundingBox();
    expect(box && box.width >= 100 && box.height >= 40).toBe(true);
    const viewport = page.viewportSize();
    expect(box!.x >= 0 && box!.y >= 0 && box!.x + box!.width <= viewport!.width && box!.y + box!.height <= viewport!.height).toBe(true);

    // Nothing covers it: the element at its centre is the button (or inside it).
    const hit = await page.evaluate(({ x, y }) => {
      const root = document.querySelector('handoff-chat')!.shadowRoot!;
      const el = root.elementFromPoint(x, y);
      return el?.closest('[part~="human-button"]') !== null;
    }, { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 });
    expect(hit).toBe(true);

    const styles = await human.evaluate((el) => {
      const cs = getComputedStyle(el);
      const shadow = el.getRootNode() as ShadowRoot;
      const title = getComputedStyle(shadow.querySelector('[part~="title"]')!);
      const root = getComputedStyle(shadow.querySelector('.root')!);
      return { bg: cs.backgroundColor, opacity: cs.opacity, titleSize: title.fontSize, rootSize: root.fontSize, rootColor: root.color };
    });
    expect(styles.bg).toBe('rgb(10, 125, 90)'); // the theme option's accent
    expect(styles.opacity).toBe('1');
    expect(styles.rootSize).toBe('15px'); // not the page's 40px
    expect(parseFloat(styles.titleSize)).toBeCloseTo(17.25, 1);
    expect(styles.rootColor).not.toBe('rgb(255, 0, 0)');

    await human.click();
    await expect.poll(() => page.evaluate(() => (window as any).w.state.phase)).toBe('waiting');
    await expect.poll(() => page.evaluate(() => (window as any).human.backend.handoffs.length)).toBe(1);
    expect(errors).toEqual([]);
  });

  it('restyles nothing outside its own root', async () => {
    await page.goto(`${site.url}/hostile`);
    const before = await page.evaluate(() => ({ font: getComputedStyle(document.querySelector('#probe')!).fontFamily, sheets: document.styleSheets.length, adopted: document.adoptedStyleSheets.length }));
    await open(page);
    const after = await page.evaluate(() => ({ font: getComputedStyle(document.querySelector('#probe')!).fontFamily, sheets: document.styleSheets.length, adopted: document.adoptedStyleSheets.length }));
    expect(after).toEqual(before);
    expect(before.font).toBe('monospace');
  });
});

describe('under a strict Content-Security-Policy (no unsafe-inline)', () => {
  it('is fully styled and themed without a single violation', async () => {
    await page.goto(`${site.url}/strict-csp`);
    await open(page);
    const launcherBg = await page.locator('[part~="human-button"]').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(launcherBg).toBe('rgb(10, 125, 90)');
    expect(await page.locator('[part~="human-button"]').isVisible()).toBe(true);
    await page.locator('[part~="input"]').fill('hello');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => (window as any).w.state.messages.length)).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => (window as any).violations)).toEqual([]);
  });
});

describe('the theming example', () => {
  it('shows three differently themed inline widgets, each with its human control', async () => {
    const errors: string[] = [];
    const p = await browser.newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${site.url}/examples/theming/index.html`);
    const buttons = p.locator('[part~="human-button"]');
    await expect.poll(() => buttons.count()).toBe(3);
    const colours = await buttons.evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
    expect(new Set(colours).size).toBe(3);
    for (let i = 0; i < 3; i++) expect(await buttons.nth(i).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await p.close();
  });
});
