/**
 * The script-tag embed in real Chromium, every page under the strict policy of
 * issue 6 (`default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'`):
 * the loader with `async`, `defer`, a plain `<head>` tag and Subresource Integrity on
 * both files; the seamless swap from the placeholder to the real launcher; a click
 * while the widget loads; the fallback when it cannot load; the IIFE configured by
 * its own tag; several widgets on one page; and `destroy()` leaving nothing behind,
 * counted (listeners, timers, sockets, streams, observers, channels, locks,
 * elements) across init / open / chat / close / destroy cycles against the real
 * reference backend.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReactExample } from '../../examples/react/build.mjs';
import { createDemoServer } from '../../examples/server/lib/create-server.mjs';
import { launchBrowser, serveStatic } from '../support/browser';
import { installResourceCounter, type ResourceCounts } from './support/resource-counter';

const POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";
const sri = (file: string) => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
const LOADER_SRI = sri('dist/handoff-chat.loader.js');
const IIFE_SRI = sri('dist/handoff-chat.iife.js');

const MEMORY = 'data-bot="memory" data-human="memory" data-human-agent-name="Alex" data-storage-key="embed-test"';

/** Test pages by path; every one loads only files (no inline script or style). */
const PAGES: Record<string, string> = {
  '/async.html': `<script async src="/dist/handoff-chat.loader.js" integrity="${LOADER_SRI}" crossorigin="anonymous" data-integrity="${IIFE_SRI}" data-load="eager" ${MEMORY}></script>`,
  '/defer.html': `<script defer src="/dist/handoff-chat.loader.js" data-load="eager" ${MEMORY} data-locale="de"></script>`,
  '/head.html': `<script src="/dist/handoff-chat.loader.js" data-load="eager" ${MEMORY}></script>`,
  '/slow.html': `<script defer src="/dist/handoff-chat.loader.js" data-src="/slow/handoff-chat.iife.js" data-load="interaction" data-position="left" data-theme-accent="#0a7d5a" data-theme-launcher-size="64" ${MEMORY.replace('embed-test', 'embed-slow')}></script>`,
  '/bad-sri.html': `<script defer src="/dist/handoff-chat.loader.js" data-integrity="sha384-${'A'.repeat(64)}" data-load="eager" data-fallback-url="/contact" ${MEMORY}></script>`,
  '/missing.html': `<script defer src="/dist/handoff-chat.loader.js" data-src="/dist/nope.js" data-fallback-url="mailto:help@example.com" ${MEMORY}></script>`,
  '/iife.html': `<script defer src="/dist/handoff-chat.iife.js" ${MEMORY} data-title="Own tag" data-colour="red"></script>`,
  '/multi.html': `<script defer src="/dist/handoff-chat.iife.js"></script><script defer src="/multi.js"></script>`,
};

const MULTI_JS = `
const { init, transports } = window.HandoffChat;
for (const id of ['one', 'two']) {
  const box = document.createElement('div');
  box.id = id;
  document.body.appendChild(box);
}
window.one = init({ target: '#one', storageKey: 'one', storage: false, vitals: false,
  bot: transports.createMemoryBot({ reply: (t) => 'one heard ' + t }), human: transports.createMemoryHuman() });
window.two = init({ target: '#two', storageKey: 'two', storage: false, vitals: false, title: 'Second',
  bot: transports.createMemoryBot({ reply: (t) => 'two heard ' + t }), human: transports.createMemoryHuman() });
`;

function html(path: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${path}</title>${PAGES[path]}</head><body><main><h1>Shop</h1><button id="page-button">Page button</button></main></body></html>`;
}

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serveStatic>>;
// A gate, not a callback set on arrival: the click that starts the fetch may race the release.
let releaseSlow: () => void = () => {};
const slowGate = new Promise<void>((resolve) => {
  releaseSlow = resolve;
});

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveStatic({
    headers: { 'content-security-policy': POLICY },
    routes: [
      async (req: IncomingMessage, res: ServerResponse) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (PAGES[path]) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': POLICY }).end(html(path));
          return true;
        }
        if (path === '/favicon.ico') {
          res.writeHead(204).end();
          return true;
        }
        if (path === '/multi.js') {
          res.writeHead(200, { 'content-type': 'text/javascript', 'content-security-policy': POLICY }).end(MULTI_JS);
          return true;
        }
        if (path === '/slow/handoff-chat.iife.js') {
          // Held until the test lets it go: the customer acts while the widget is on its way.
          await slowGate;
          res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync('dist/handoff-chat.iife.js'));
          return true;
        }
        const addon = /^\/slow\/(handoff-chat\.(vitals|phrases)\.js)$/.exec(path);
        if (addon) {
          // The add-ons fetched from beside the widget's file when the chat first opens.
          res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(`dist/${addon[1]}`));
          return true;
        }
        return false;
      },
    ],
  });
}, 60_000);

afterAll(async () => {
  releaseSlow();
  await browser?.close();
  await site?.close();
});

interface Watched {
  page: Page;
  errors: string[];
  consoleErrors: string[];
  violations(): Promise<string[]>;
}

async function open(path: string, origin = site.url): Promise<Watched> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${origin}${path}`);
  return { page, errors, consoleErrors, violations: () => page.evaluate(() => (window as unknown as { violations: string[] }).violations) };
}

const realLauncher = (page: Page) => page.locator('handoff-chat[data-mode="floating"] [part~="launcher"]');

describe('the loader', () => {
  it.each(['/async.html', '/defer.html', '/head.html'])('starts the widget from %s with no CSP violation', async (path) => {
    const { page, errors, consoleErrors, violations } = await open(path);
    await realLauncher(page).waitFor();
    expect(await page.locator('handoff-chat').count()).toBe(1);
    await realLauncher(page).click();
    await page.locator('[part~="input"]').fill('hello');
    await page.locator('[part~="input"]').press('Enter');
    await page.locator('[part~="message-bot"]').first().waitFor();
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('names the placeholder in the page’s language, like the real launcher', async () => {
    const { page } = await open('/defer.html');
    await realLauncher(page).waitFor();
    expect(await realLauncher(page).getAttribute('aria-label')).toBe('Chat öffnen');
    await page.close();
  });

  it('swaps the placeholder for the real launcher without a visible change, and a click made meanwhile opens the chat', async () => {
    const { page, violations, consoleErrors } = await open('/slow.html');
    const placeholder = page.locator('handoff-chat[data-mode="placeholder"] [part~="launcher"]');
    await placeholder.waitFor();
    const look = (selector: string) =>
      page.evaluate((sel) => {
        const host = [...document.querySelectorAll('handoff-chat')].find((h) => h.matches(sel));
        const button = host?.shadowRoot?.querySelector('[part~="launcher"]') as HTMLElement;
        const style = getComputedStyle(button);
        const box = button.getBoundingClientRect();
        return {
          box: [box.x, box.y, box.width, box.height],
          props: ['background-color', 'color', 'border-radius', 'box-shadow', 'font-size', 'z-index', 'display', 'cursor', 'padding', 'border-style'].map((p) => style.getPropertyValue(p)),
          icon: button.querySelector('path')?.getAttribute('d'),
          label: button.getAttribute('aria-label'),
        };
      }, selector);
    const before = await look('[data-mode="placeholder"]');
    expect(before.box).toEqual([20, 720 - 20 - 64, 64, 64]);
    expect(before.props[0]).toBe('rgb(10, 125, 90)');

    // The widget is held back by the server: the click comes first.
    await placeholder.click();
    expect(await placeholder.getAttribute('aria-busy')).toBe('true');
    releaseSlow();
    await page.locator('[part~="panel"]').waitFor({ state: 'visible' });
    expect(await page.locator('handoff-chat[data-mode="placeholder"]').count()).toBe(0);
    // Opened by the click: focus is in the composer, as when the real launcher is clicked.
    expect(await page.evaluate(() => document.querySelector('handoff-chat')?.shadowRoot?.activeElement?.getAttribute('part'))).toContain('input');
    await page.locator('[part~="close-button"]').click();
    const after = await look('[data-mode="floating"]');
    expect(after).toEqual(before);
    expect(await violations()).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('opens a fallback with the contact link when the full file fails its integrity check', async () => {
    const { page, violations } = await open('/bad-sri.html');
    const host = page.locator('handoff-chat[data-mode="fallback"]');
    await host.locator('[part~="launcher"]').click();
    const link = host.locator('[part~="fallback-link"]');
    await link.waitFor({ state: 'visible' });
    expect(await link.getAttribute('href')).toBe(`${site.url}/contact`);
    expect(await link.textContent()).toBe('Contact us');
    expect(await page.evaluate(() => document.querySelector('handoff-chat')?.shadowRoot?.activeElement?.getAttribute('part'))).toBe('fallback-link');
    // The only complaint is the browser's own about the hash: no policy was broken.
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it('opens the fallback when the full file is missing, once the customer asks', async () => {
    const { page } = await open('/missing.html');
    await page.locator('handoff-chat [part~="launcher"]').click();
    const link = page.locator('handoff-chat[data-mode="fallback"] [part~="fallback-link"]');
    await link.waitFor({ state: 'visible' });
    expect(await link.getAttribute('href')).toBe('mailto:help@example.com');
    await page.close();
  });
});

describe('the full bundle on its own', () => {
  it('starts from the data attributes of its own tag, reporting the bad one in one console error', async () => {
    const { page, violations, consoleErrors, errors } = await open('/iife.html');
    await realLauncher(page).click();
    expect(await page.locator('[part~="title"]').textContent()).toBe('Own tag');
    expect(consoleErrors).toHaveLength(1);
    expect(consoleErrors[0]).toContain('1. data-colour: unknown attribute; it is ignored.');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs two widgets on one page independently', async () => {
    const { page, violations, errors } = await open('/multi.html');
    const one = page.locator('#one handoff-chat');
    const two = page.locator('#two handoff-chat');
    await two.locator('[part~="input"]').waitFor();
    await one.locator('[part~="input"]').fill('first');
    await one.locator('[part~="input"]').press('Enter');
    await one.getByText('one heard first').waitFor();
    await two.locator('[part~="input"]').fill('second');
    await two.locator('[part~="input"]').press('Enter');
    await two.getByText('two heard second').waitFor();
    expect(await one.locator('[part~="message-customer"]').allTextContents()).toEqual([expect.stringContaining('first')]);
    expect(await two.locator('[part~="message-customer"]').allTextContents()).toEqual([expect.stringContaining('second')]);
    expect(await two.locator('[part~="title"]').textContent()).toBe('Second');
    await page.evaluate(() => (window as unknown as { one: { destroy(): void } }).one.destroy());
    expect(await page.locator('handoff-chat').count()).toBe(1);
    await two.locator('[part~="input"]').fill('still here');
    await two.locator('[part~="input"]').press('Enter');
    await two.getByText('two heard still here').waitFor();
    await two.locator('[part~="human-button"]').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { two: { state: { phase: string } } }).two.state.phase)).toBe('waiting');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the React example', () => {
  beforeAll(async () => {
    await buildReactExample();
  }, 60_000);

  it('mounts one widget through the wrapper (StrictMode included) and chats through to a person', async () => {
    const { page, violations, errors, consoleErrors } = await open('/examples/react/index.html');
    const chat = page.locator('.chat handoff-chat');
    await chat.locator('[part~="message-bot"]').first().waitFor();
    // StrictMode mounted, unmounted and mounted again: exactly one widget is left.
    expect(await page.locator('handoff-chat').count()).toBe(1);
    expect(await page.getByTestId('phase').textContent()).toBe('You are talking to the bot.');
    await chat.locator('[part~="input"]').fill('I want a refund');
    await chat.locator('[part~="input"]').press('Enter');
    await chat.getByText('Refunds reach your account within 5 working days.').waitFor();
    await page.getByTestId('ask-person').click();
    await chat.locator('[part~="message-agent"]').first().waitFor();
    expect(await page.getByTestId('phase').textContent()).toBe('A person is helping you.');
    expect(await chat.locator('[part~="message-agent"]').first().textContent()).toContain('Alex');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});

describe('destroy() leaves nothing behind', () => {
  let demo: Awaited<ReturnType<typeof createDemoServer>>;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'hc-leak-'));
    writeFileSync(join(folder, 'index.html'), '<!doctype html><title>leak</title><script src="/dist/handoff-chat.iife.js"></script><script src="/leak.js"></script><body></body>');
    writeFileSync(join(folder, 'loader.html'), '<!doctype html><title>leak</title><script src="/leak.js"></script><body></body>');
    writeFileSync(join(folder, 'leak.js'), readFileSync(new URL('./support/leak-page.js', import.meta.url), 'utf8'));
    demo = await createDemoServer({ dataFile: join(folder, 'demo.sqlite'), publicDir: folder, tickMs: 0 });
  });

  afterAll(async () => {
    await demo?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function counts(page: Page): Promise<ResourceCounts> {
    // Closing handshakes and Preact's after-paint callbacks finish within a few frames.
    await page.waitForTimeout(300);
    return page.evaluate(() => (window as unknown as { __resources(): ResourceCounts }).__resources());
  }

  async function leakPage(path: string): Promise<Page> {
    const page = await browser.newPage();
    await page.addInitScript(installResourceCounter);
    await page.goto(`${demo.url}${path}`);
    return page;
  }

  it('counts back to the baseline after each init / open / chat / close / destroy cycle (SSE bot, handoff WebSocket)', async () => {
    const page = await leakPage('/');
    const baseline = await counts(page);
    for (let cycle = 0; cycle < 3; cycle++) {
      const during = await page.evaluate(() => (window as unknown as { cycle(o: object): Promise<Record<string, number>> }).cycle({ vitals: false }));
      // The cycle really used what is counted, so a leak would show.
      expect(during.webSockets + during.fetches).toBeGreaterThan(0);
      expect(during.listeners).toBeGreaterThan(baseline.listeners);
      expect(await counts(page)).toEqual(baseline);
    }
    await page.close();
  });

  it('also after the loader and data attributes, and HandoffChat("destroy")', async () => {
    const page = await leakPage('/loader.html');
    const baseline = await counts(page);
    // The page adds the loader's tag only now, so the baseline is taken before any of it ran.
    await page.evaluate(() => (window as unknown as { addLoader(): void }).addLoader());
    await page.evaluate(() => (window as unknown as { chatThroughCommands(): Promise<void> }).chatThroughCommands());
    // Everything is gone but the site's own script tag.
    expect(await counts(page)).toEqual({ ...baseline, elements: baseline.elements + 1 });
    await page.close();
  });

  it('with web-vitals on, keeps only the one page-wide collector, which does not grow with more widgets', async () => {
    const page = await leakPage('/');
    const baseline = await counts(page);
    await page.evaluate(() => (window as unknown as { cycle(o: object): Promise<unknown> }).cycle({ vitals: true }));
    const afterOne = await counts(page);
    // web-vitals' observers stay for the page (it has no way to stop); nothing else does.
    expect({ ...afterOne, observers: 0, listeners: 0, listenerDetail: [] }).toEqual({ ...baseline, observers: 0, listeners: 0, listenerDetail: [] });
    for (let cycle = 0; cycle < 2; cycle++) await page.evaluate(() => (window as unknown as { cycle(o: object): Promise<unknown> }).cycle({ vitals: true }));
    expect(await counts(page)).toEqual(afterOne);
    await page.close();
  });
});
