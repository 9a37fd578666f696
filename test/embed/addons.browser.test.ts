import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlPages, launchBrowser, serveStatic } from '../support/browser';

/**
 * The product presets are add-on files of the script-tag bundle
 * (dist/handoff-chat.<name>.js), fetched from next to it only when a page uses one.
 * Proven in real Chromium under a strict nonce-based CSP, against a Rasa REST channel
 * answering on 127.0.0.1.
 */
const NONCE = 'n0nce4ddons';
const CSP = `default-src 'self'; script-src 'nonce-${NONCE}'; style-src 'self' 'nonce-${NONCE}'; connect-src 'self'; img-src 'self' data:`;
const sri = (file: string): string => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serveStatic>>;
/** Texts the fake Rasa channel received, in order. */
const received: string[] = [];
/** When set, the file served instead of dist/handoff-chat.rasa.js. */
let rasaAddonBody: string | undefined;
let rasaAddonStatus = 200;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(body));
  });
}

async function rasa(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.url !== '/webhooks/rest/webhook') return false;
  const { sender, message } = JSON.parse(await readBody(req)) as { sender: string; message: string };
  received.push(message);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([{ recipient_id: sender, text: `Rasa heard: ${message}` }]));
  return true;
}

const pages: Record<string, string> = {};
function page(path: string, body: string, head = ''): string {
  pages[path] = `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}<title>add-ons</title></head><body><main><h1>Shop</h1></main>${body}</body></html>`;
  return path;
}

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveStatic({
    // Scripts loaded with integrity + crossorigin need CORS, as from a CDN.
    headers: { 'access-control-allow-origin': '*' },
    routes: [
      rasa,
      (req, res) => req.url === '/favicon.ico' && !!res.writeHead(204).end(),
      (req, res) => {
        if (req.url === '/dist/handoff-chat.rasa.js' && (rasaAddonBody !== undefined || rasaAddonStatus !== 200)) {
          res.writeHead(rasaAddonStatus, { 'content-type': 'text/javascript' }).end(rasaAddonBody ?? 'not found');
          return true;
        }
        return false;
      },
      htmlPages(pages, () => ({ 'content-security-policy': CSP })),
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

interface Visit {
  page: Page;
  scripts: string[];
  errors: string[];
  violations: string[];
}

async function visit(path: string): Promise<Visit> {
  const p = await browser.newPage();
  const scripts: string[] = [];
  const errors: string[] = [];
  p.on('request', (r) => {
    // web-vitals is an add-on too, fetched on open or idle: its own test below. The phrase
    // lists are fetched on open as well (test/embed/languages.browser.test.ts).
    if (r.resourceType() === 'script' && !/\/handoff-chat\.(vitals|phrases)\.js$/.test(r.url())) scripts.push(new URL(r.url()).pathname);
  });
  p.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  p.on('pageerror', (e) => errors.push(e.message));
  await p.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    // The widget removes an add-on's tag once it has run: note each one's integrity as it is added.
    const integrity: Record<string, string> = ((window as unknown as { addonIntegrity: Record<string, string> }).addonIntegrity = {});
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLScriptElement && n.src) integrity[n.src.split('/').pop() as string] = n.integrity;
    }).observe(document, { childList: true, subtree: true });
  });
  await p.goto(`${site.url}${path}`);
  const violations = await p.evaluate(() => (window as unknown as { violations: string[] }).violations);
  return { page: p, scripts, errors, violations };
}

async function chatWithBot(p: Page, text: string): Promise<void> {
  await p.locator('[part~="launcher"]').click();
  await p.locator('[part~="input"]').fill(text);
  await p.keyboard.press('Enter');
  await p.getByText(`Rasa heard: ${text}`).waitFor();
}

describe('preset add-ons of the script-tag bundle', { timeout: 60_000 }, () => {
  it('fetches nothing but the bundle when the page uses no preset', async () => {
    const v = await visit(page('/plain', `<script nonce="${NONCE}" src="/dist/handoff-chat.iife.js" data-bot="memory" data-human="memory"></script>`));
    await v.page.locator('[part~="launcher"]').waitFor();
    expect(v.scripts).toEqual(['/dist/handoff-chat.iife.js']);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('fetches web-vitals (handoff-chat.vitals.js) once the chat opens, not before the customer asks', async () => {
    const p = await browser.newPage();
    const vitals: string[] = [];
    p.on('request', (r) => {
      if (r.url().endsWith('/handoff-chat.vitals.js')) vitals.push(r.url());
    });
    // No idle time for the page: only the open starts the measuring.
    await p.addInitScript(() => {
      (window as unknown as { requestIdleCallback?: unknown }).requestIdleCallback = undefined;
    });
    await p.goto(`${site.url}${page('/vitals', `<script nonce="${NONCE}" src="/dist/handoff-chat.iife.js" data-bot="memory" data-human="memory"></script>`)}`);
    await p.locator('[part~="launcher"]').waitFor();
    expect(vitals).toEqual([]);
    await p.locator('[part~="launcher"]').click();
    await expect.poll(() => vitals.length).toBe(1);
    await p.locator('[part~="launcher"]').click();
    await p.locator('[part~="launcher"]').click();
    expect(vitals).toHaveLength(1);
    await p.close();
  });

  it('fetches handoff-chat.rasa.js once for data-bot="rasa", under a strict CSP, and talks to Rasa', async () => {
    const v = await visit(
      page(
        '/rasa-tag',
        `<script nonce="${NONCE}" src="/dist/handoff-chat.iife.js" data-bot="rasa" data-bot-url="/webhooks/rest/webhook" data-human="memory"></script>`,
      ),
    );
    await chatWithBot(v.page, 'where is my parcel');
    expect(received).toContain('where is my parcel');
    expect(v.scripts).toEqual(['/dist/handoff-chat.iife.js', '/dist/handoff-chat.rasa.js']);
    expect(await v.page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('lets a JavaScript set-up use HandoffChat.transports.createRasaTransport at once (fetched when the chat connects)', async () => {
    const v = await visit(
      page(
        '/rasa-js',
        `<script nonce="${NONCE}" src="/dist/handoff-chat.iife.js"></script>
<script nonce="${NONCE}">
  HandoffChat.init({ bot: HandoffChat.transports.createRasaTransport({ url: '/webhooks/rest/webhook' }), human: HandoffChat.transports.createMemoryHuman() });
</script>`,
      ),
    );
    await chatWithBot(v.page, 'hello from js');
    expect(v.scripts.filter((s) => s.endsWith('rasa.js'))).toEqual(['/dist/handoff-chat.rasa.js']);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('HandoffChat.load() brings the real factory, which refuses bad options on the spot; unknown names are a ConfigError', async () => {
    const v = await visit(page('/load', `<script nonce="${NONCE}" src="/dist/handoff-chat.iife.js"></script>`));
    const outcome = await v.page.evaluate(async () => {
      const hc = (window as unknown as { HandoffChat: { load(n: string): Promise<void>; transports: Record<string, (o: unknown) => unknown> } }).HandoffChat;
      const unknown = await hc.load('dialogflow').then(
        () => 'resolved',
        (e: Error) => `${e.name}: ${e.message}`,
      );
      await hc.load('openai');
      let refused = '';
      try {
        hc.transports.createOpenAITransport!({ url: 'https://api.openai.com/v1/chat/completions', headers: { Authorization: 'Bearer sk-live' } });
      } catch (e) {
        refused = (e as Error).name;
      }
      return { unknown, refused };
    });
    expect(outcome.unknown).toMatch(/^ConfigError: .*HandoffChat\.load.*rasa, direct-line, openai, chatwoot/);
    expect(outcome.refused).toBe('ConfigError');
    expect(v.scripts).toEqual(['/dist/handoff-chat.iife.js', '/dist/handoff-chat.openai.js']);
    await v.page.close();
  });

  it('pins the add-on with its own hash when the bundle was loaded with Subresource Integrity, and refuses a tampered one', async () => {
    const tag = `<script nonce="${NONCE}" src="/dist/handoff-chat.iife.js" integrity="${sri('dist/handoff-chat.iife.js')}" crossorigin="anonymous" data-bot="rasa" data-bot-url="/webhooks/rest/webhook" data-human="memory"></script>`;
    const good = await visit(page('/sri-good', tag));
    await chatWithBot(good.page, 'with sri');
    const integrity = await good.page.evaluate(() => (window as unknown as { addonIntegrity: Record<string, string> }).addonIntegrity['handoff-chat.rasa.js']);
    expect(integrity).toBe(sri('dist/handoff-chat.rasa.js'));
    await good.page.close();

    rasaAddonBody = `${readFileSync('dist/handoff-chat.rasa.js', 'utf8')}\n;window.tampered = true;`;
    try {
      const bad = await visit(page('/sri-bad', tag));
      // The way to a person stays: the fallback launcher, and one console message naming the file.
      await bad.page.locator('[part~="launcher"]').waitFor();
      await expect.poll(() => bad.errors.join('\n')).toMatch(/could not load .*handoff-chat\.rasa\.js/);
      expect(await bad.page.evaluate(() => (window as unknown as { tampered?: boolean }).tampered)).toBeUndefined();
      await bad.page.close();
    } finally {
      rasaAddonBody = undefined;
    }
  });

  it('when the add-on cannot be fetched, names it in the one attribute message and starts with the way to a person', async () => {
    rasaAddonStatus = 404;
    try {
      const v = await visit(
        page(
          '/rasa-404',
          `<script nonce="${NONCE}" src="/dist/handoff-chat.iife.js" data-bot="rasa" data-bot-url="/webhooks/rest/webhook" data-human="memory" data-fallback-url="mailto:help@example.com"></script>`,
        ),
      );
      await expect.poll(() => v.errors.length).toBeGreaterThan(0);
      const message = v.errors.join('\n');
      expect(message).toMatch(/1\. could not load http:\/\/127\.0\.0\.1:\d+\/dist\/handoff-chat\.rasa\.js/);
      expect(message).toMatch(/the Rasa preset/);
      expect(message).toMatch(/The chat started with everything else/);
      await v.page.locator('[part~="launcher"]').click();
      await v.page.locator('[part~="human-button"]').first().waitFor();
      await v.page.close();
    } finally {
      rasaAddonStatus = 200;
    }
  });

  it('under Trusted Types says which tag to add, and works once the page adds it', async () => {
    const trusted = `<meta http-equiv="Content-Security-Policy" content="require-trusted-types-for 'script'; trusted-types 'none'">`;
    const bundle = `<script nonce="${NONCE}" src="/dist/handoff-chat.iife.js" data-bot="rasa" data-bot-url="/webhooks/rest/webhook" data-human="memory" data-vitals="false" data-fallback-url="mailto:help@example.com"></script>`;
    const refused = await visit(page('/tt-missing', bundle, trusted));
    await expect.poll(() => refused.errors.join('\n')).toMatch(/Trusted Types policy does not let the widget add http:\/\/127\.0\.0\.1:\d+\/dist\/handoff-chat\.rasa\.js; add <script src=/);
    // Everything else started: the way to a person is there.
    await refused.page.locator('[part~="launcher"]').click();
    await refused.page.locator('[part~="human-button"]').first().waitFor();
    await refused.page.close();

    const added = await visit(
      page('/tt-added', `${bundle}<script nonce="${NONCE}" src="/dist/handoff-chat.rasa.js"></script><script nonce="${NONCE}" src="/dist/handoff-chat.phrases.js"></script>`, trusted),
    );
    await chatWithBot(added.page, 'under trusted types');
    expect(added.violations).toEqual([]);
    expect(added.errors).toEqual([]);
    await added.page.close();
  });
});
