import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlPages, launchBrowser, serveStatic } from '../support/browser';

/**
 * The script-tag bundle has English built in; Swedish, German, French, Spanish and
 * Arabic are files of their own (dist/handoff-chat.<lang>.js) with the widget's texts and
 * the escalation phrases, fetched from next to the bundle only for the language a page
 * shows or its escalation options name. Proven in real Chromium.
 */
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serveStatic>>;
/** When true, dist/handoff-chat.fr.js answers 404. */
let frenchMissing = false;
/** How long dist/handoff-chat.fr.js takes to answer. */
let frenchDelayMs = 0;
/** Response headers of the next page (a Content-Security-Policy, say). */
let pageHeaders: Record<string, string> = {};
/** When true, dist/handoff-chat.phrases.js answers 404. */
let phrasesMissing = false;
/** How long dist/handoff-chat.phrases.js takes to answer. */
let phrasesDelayMs = 0;
/** When set, served instead of dist/handoff-chat.fr.js (a tampered copy). */
let frenchBody: string | undefined;
const sri = (file: string): string => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;

const MEMORY = 'data-bot="memory" data-human="memory" data-persist="false" data-vitals="false"';
const pages: Record<string, string> = {};
function page(path: string, lang: string, body: string): string {
  pages[path] = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>languages</title></head><body><main><h1>Shop</h1></main>${body}</body></html>`;
  return path;
}

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveStatic({
    routes: [
      (req, res) => req.url === '/favicon.ico' && !!res.writeHead(204).end(),
      async (req, res) => {
        if (req.url === '/slow.js') {
          // Holds up the page's parsing, as a heavy page or a slow third-party script would.
          await new Promise((r) => setTimeout(r, 800));
          res.writeHead(200, { 'content-type': 'text/javascript' }).end('window.slowRan = Date.now();');
          return true;
        }
        if (req.url === '/dist/handoff-chat.fr.js' && frenchDelayMs) await new Promise((r) => setTimeout(r, frenchDelayMs));
        if (req.url === '/dist/handoff-chat.fr.js' && frenchBody !== undefined) {
          res.writeHead(200, { 'content-type': 'text/javascript' }).end(frenchBody);
          return true;
        }
        if (req.url === '/dist/handoff-chat.phrases.js' && phrasesDelayMs) await new Promise((r) => setTimeout(r, phrasesDelayMs));
        if (req.url === '/dist/handoff-chat.phrases.js' && phrasesMissing) {
          res.writeHead(404).end('not found');
          return true;
        }
        if (req.url === '/dist/handoff-chat.fr.js' && frenchMissing) {
          res.writeHead(404).end('not found');
          return true;
        }
        return false;
      },
      htmlPages(pages, () => pageHeaders),
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

interface Visit {
  page: Page;
  /** Script files the page fetched, in order. */
  scripts: string[];
  errors: string[];
  warnings: string[];
}

async function visit(path: string, waitUntil: 'load' | 'domcontentloaded' = 'load'): Promise<Visit> {
  const p = await browser.newPage();
  const scripts: string[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  p.on('request', (r) => {
    // web-vitals is an add-on too, fetched on open or idle (test/embed/addons.browser.test.ts).
    if (r.resourceType() === 'script' && !r.url().endsWith('/handoff-chat.vitals.js')) scripts.push(new URL(r.url()).pathname.replace('/dist/', ''));
  });
  p.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    if (m.type() === 'warning') warnings.push(m.text());
  });
  p.on('pageerror', (e) => errors.push(e.message));
  await p.addInitScript(() => {
    // Every distinct name the launcher had, checked each frame from the first: what a visitor could have seen.
    const seen: string[] = ((window as unknown as { launcherNames: string[] }).launcherNames = []);
    const look = (): void => {
      const launcher = document.querySelector('handoff-chat')?.shadowRoot?.querySelector('[part~="launcher"]');
      const name = launcher?.getAttribute('aria-label');
      if (name && seen[seen.length - 1] !== name) seen.push(name);
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
    // Every script tag added to the page, by file name (the widget and the loader remove theirs once run).
    const tags: string[] = ((window as unknown as { scriptTags: string[] }).scriptTags = []);
    const integrity: Record<string, string> = ((window as unknown as { scriptIntegrity: Record<string, string> }).scriptIntegrity = {});
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n instanceof HTMLScriptElement && n.src) {
            tags.push(n.src.split('/').pop() as string);
            integrity[n.src.split('/').pop() as string] = n.integrity;
          }
    }).observe(document, { childList: true, subtree: true });
  });
  await p.goto(`${site.url}${path}`, { waitUntil });
  return { page: p, scripts, errors, warnings };
}

/** The names seen so far, read after the next two frames: the recorder runs once per frame, so a launcher that just appeared is in. */
const launcherNames = (p: Page): Promise<string[]> =>
  p.evaluate(
    () =>
      new Promise<string[]>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve((window as unknown as { launcherNames: string[] }).launcherNames))),
      ),
  );
const requested = (p: Page): Promise<unknown> => p.evaluate(() => (window as unknown as { requested?: unknown }).requested ?? null);
const listen = `<script>HandoffChat('on', 'handoff:requested', function (e) { window.requested = e; });</script>`;

/**
 * A page that starts the widget in JavaScript, with in-memory backends and `options` (an
 * object literal's source), and keeps the last request for a person in `window.requested`.
 */
const jsSetup = (options: string): string => `<script src="/dist/handoff-chat.iife.js"></script><script>
  window.chat = HandoffChat.init(Object.assign({ bot: HandoffChat.transports.createMemoryBot(), human: HandoffChat.transports.createMemoryHuman() }, ${options}));
  window.chat.on('handoff:requested', function (e) { window.requested = e; });
</script>`;

async function say(p: Page, text: string): Promise<void> {
  await p.locator('[part~="launcher"]').click();
  await p.locator('[part~="input"]').fill(text);
  await p.keyboard.press('Enter');
}

describe('languages of the script-tag bundle', () => {
  it('fetches no language file on an English page', async () => {
    const v = await visit(page('/en', 'en', `<script src="/dist/handoff-chat.iife.js" ${MEMORY}></script>`));
    await v.page.locator('[part~="launcher"]').waitFor();
    await v.page.waitForTimeout(300);
    expect(v.scripts).toEqual(['handoff-chat.iife.js']);
    expect(await launcherNames(v.page)).toEqual([expect.stringMatching(/chat/i)]);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('on a French page fetches French once, draws the widget in it from the first frame, and hears a French request for a person', async () => {
    const v = await visit(page('/fr', 'fr', `<script src="/dist/handoff-chat.iife.js" ${MEMORY}></script>${listen}`));
    await v.page.locator('[part~="launcher"]').waitFor();
    // Never an English launcher first: the tag's widget waits for its language.
    expect(await launcherNames(v.page)).toEqual(['Ouvrir le chat']);
    await say(v.page, 'Je veux parler à un conseiller');
    await expect.poll(() => requested(v.page)).toMatchObject({ trigger: 'keyword' });
    // Opening the chat fetched the other languages' phrase lists.
    expect(v.scripts).toEqual(['handoff-chat.iife.js', 'handoff-chat.fr.js', 'handoff-chat.phrases.js']);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('behind the loader, gets the language file together with the widget, once, and draws the widget in it', async () => {
    const v = await visit(page('/fr-loader', 'fr', `<script src="/dist/handoff-chat.loader.js" data-load="eager" ${MEMORY}></script>${listen}`));
    await v.page.locator('handoff-chat[data-mode="floating"]').waitFor({ state: 'attached' });
    // Requested before the widget ran, not once it asked: both fetches start together.
    expect(v.scripts).toEqual(['handoff-chat.loader.js', 'handoff-chat.iife.js', 'handoff-chat.fr.js']);
    // The loader's placeholder and then the widget: French all along.
    expect(new Set(await launcherNames(v.page))).toEqual(new Set(['Ouvrir le chat']));
    await say(v.page, 'Je veux parler à un conseiller');
    await expect.poll(() => requested(v.page)).toMatchObject({ trigger: 'keyword' });
    expect(v.scripts.filter((s) => s.endsWith('.fr.js'))).toHaveLength(1);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('when the widget runs before the language file the loader asked for, waits for that one instead of asking again', async () => {
    frenchDelayMs = 700;
    try {
      const v = await visit(page('/fr-slow', 'fr', `<script src="/dist/handoff-chat.loader.js" data-load="eager" ${MEMORY}></script>`));
      await v.page.locator('handoff-chat[data-mode="floating"]').waitFor({ state: 'attached' });
      expect(v.scripts).toEqual(['handoff-chat.loader.js', 'handoff-chat.iife.js', 'handoff-chat.fr.js']);
      // One tag, the loader's: the widget did not add a second one (which would run the file twice).
      expect(await v.page.evaluate(() => (window as unknown as { scriptTags: string[] }).scriptTags)).toEqual([
        'handoff-chat.loader.js',
        'handoff-chat.iife.js',
        'handoff-chat.fr.js',
      ]);
      expect(new Set(await launcherNames(v.page))).toEqual(new Set(['Ouvrir le chat']));
      expect(v.errors).toEqual([]);
      await v.page.close();
    } finally {
      frenchDelayMs = 0;
    }
  });

  it.each([
    ['after a deferred bundle', `<script src="/dist/handoff-chat.iife.js" defer ${MEMORY}></script><script src="/dist/handoff-chat.fr.js"></script>`],
    ['before the bundle', `<script src="/dist/handoff-chat.fr.js"></script><script src="/dist/handoff-chat.iife.js" ${MEMORY}></script>`],
  ])('uses a language tag the page wrote itself %s, at once', async (_, tags) => {
    const started = Date.now();
    const v = await visit(page(`/fr-own-${tags.indexOf('defer')}`, 'fr', tags));
    await v.page.locator('handoff-chat[data-mode="floating"] >> [part~="launcher"]').waitFor();
    // No waiting on a tag that has already run.
    expect(Date.now() - started).toBeLessThan(2500);
    expect(await launcherNames(v.page)).toEqual(['Ouvrir le chat']);
    expect(v.scripts.filter((s) => s.endsWith('.fr.js'))).toHaveLength(1);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('does not let a slow language file hold back the widget: English after 3 s, then its language when the file comes', async () => {
    frenchDelayMs = 6000;
    try {
      const started = Date.now();
      // The file the widget added holds up the page's load event: do not wait for that.
      const v = await visit(page('/fr-hanging', 'fr', `<script src="/dist/handoff-chat.iife.js" ${MEMORY}></script>`), 'domcontentloaded');
      await v.page.locator('[part~="launcher"]').waitFor({ timeout: 5000 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await launcherNames(v.page)).toEqual(['Open chat']);
      await v.page.locator('[part~="launcher"]').click();
      await expect(v.page.locator('[part~="human-button"]').textContent()).resolves.toMatch(/person/i);
      await expect.poll(() => v.page.locator('[part~="human-button"]').textContent(), { timeout: 8000 }).toMatch(/personne/i);
      expect(v.errors).toEqual([]);
      await v.page.close();
    } finally {
      frenchDelayMs = 0;
    }
  }, 20_000);

  it('behind the loader, under a Trusted Types policy that allows only the widget’s address, still brings the widget up', async () => {
    pageHeaders = { 'content-security-policy': "require-trusted-types-for 'script'" };
    try {
      const policy = `<script>trustedTypes.createPolicy('default', { createScriptURL: function (url) {
        if (/handoff-chat\.(loader|iife)\.js$/.test(url)) return url; throw new TypeError('not allowed: ' + url); } });</script>`;
      const v = await visit(page('/fr-tt', 'fr', `${policy}<script src="/dist/handoff-chat.loader.js" data-load="eager" ${MEMORY}></script>`));
      await v.page.locator('handoff-chat[data-mode="floating"] >> [part~="launcher"]').waitFor();
      expect(v.scripts).toEqual(['handoff-chat.loader.js', 'handoff-chat.iife.js']);
      // English, and the console says which tag to add.
      expect(await v.page.locator('handoff-chat[data-mode="floating"]').evaluate((el) => el.shadowRoot?.querySelector('[part~="launcher"]')?.getAttribute('aria-label'))).toBe('Open chat');
      expect(v.warnings.some((w) => w.includes('handoff-chat.fr.js') && w.includes('Trusted Types'))).toBe(true);
      // Opened: the phrase lists are refused the same way, said once, and the way to a person is there.
      await v.page.locator('handoff-chat[data-mode="floating"] >> [part~="launcher"]').click();
      await expect.poll(() => v.warnings.filter((w) => w.includes('handoff-chat.phrases.js') && w.includes('Trusted Types'))).toHaveLength(1);
      await v.page.locator('[part~="human-button"]').waitFor();
      expect(v.errors.filter((e) => !/TrustedScriptURL|Trusted Type/i.test(e))).toEqual([]);
      await v.page.close();
    } finally {
      pageHeaders = {};
    }
  });

  it('pins the language file to its build-time hash when the bundle has Subresource Integrity, and refuses a tampered one', async () => {
    const tag = `<script src="/dist/handoff-chat.iife.js" integrity="${sri('dist/handoff-chat.iife.js')}" crossorigin="anonymous" ${MEMORY}></script>`;
    const v = await visit(page('/fr-sri', 'fr', tag));
    await v.page.locator('handoff-chat[data-mode="floating"] >> [part~="launcher"]').waitFor();
    expect(await launcherNames(v.page)).toEqual(['Ouvrir le chat']);
    const pinned = await v.page.evaluate(() => (window as unknown as { scriptIntegrity: Record<string, string> }).scriptIntegrity);
    expect(pinned['handoff-chat.fr.js']).toBe(sri('dist/handoff-chat.fr.js'));
    // The phrase lists fetched on opening are pinned the same way.
    await v.page.locator('[part~="launcher"]').click();
    await expect
      .poll(() => v.page.evaluate(() => (window as unknown as { scriptIntegrity: Record<string, string> }).scriptIntegrity['handoff-chat.phrases.js']))
      .toBe(sri('dist/handoff-chat.phrases.js'));
    await v.page.close();

    frenchBody = readFileSync('dist/handoff-chat.fr.js', 'utf8').replace('Ouvrir le chat', 'Ouvrir le chaT');
    try {
      const t = await visit(page('/fr-sri-tampered', 'fr', tag));
      await t.page.locator('handoff-chat[data-mode="floating"] >> [part~="launcher"]').waitFor();
      // Refused by the browser: the widget works in English and says which file failed.
      expect(await launcherNames(t.page)).toEqual(['Open chat']);
      expect(t.warnings.some((w) => w.includes('handoff-chat.fr.js'))).toBe(true);
      await t.page.close();
    } finally {
      frenchBody = undefined;
    }
  });

  it('from a tag in <head> without defer, downloads the language while the rest of the page is parsed', async () => {
    const p = await browser.newPage();
    const started: Record<string, number> = {};
    p.on('request', (r) => {
      const file = new URL(r.url()).pathname.split('/').pop() as string;
      started[file] ??= Date.now();
    });
    pages['/fr-head'] = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title><script src="/dist/handoff-chat.iife.js" ${MEMORY}></script></head><body><main><h1>Shop</h1></main><script src="/slow.js"></script></body></html>`;
    await p.goto(`${site.url}/fr-head`);
    await p.locator('handoff-chat[data-mode="floating"] >> [part~="launcher"]').waitFor();
    const slowRan = await p.evaluate(() => (window as unknown as { slowRan: number }).slowRan);
    // Asked for before the slow script let the page finish parsing, not after.
    expect(started['handoff-chat.fr.js']).toBeLessThan(slowRan);
    expect(await p.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('handoff-chat.fr.js')).length)).toBe(1);
    expect(await p.locator('handoff-chat').evaluate((el) => el.shadowRoot?.querySelector('[part~="launcher"]')?.getAttribute('aria-label'))).toBe('Ouvrir le chat');
    await p.close();
  });

  it('reads right to left on an Arabic page', async () => {
    const v = await visit(page('/ar', 'ar', `<script src="/dist/handoff-chat.iife.js" ${MEMORY}></script>`));
    await v.page.locator('[part~="launcher"]').click();
    await v.page.locator('[part~="panel"]').waitFor({ state: 'visible' });
    expect(await v.page.locator('handoff-chat').evaluate((el) => el.shadowRoot?.querySelector('.root')?.getAttribute('dir'))).toBe('rtl');
    // Named in Arabic from the first frame (open, then close once the panel is up).
    expect(await launcherNames(v.page)).toEqual(['فتح المحادثة', 'إغلاق المحادثة']);
    await expect.poll(() => v.scripts).toEqual(['handoff-chat.iife.js', 'handoff-chat.ar.js', 'handoff-chat.phrases.js']);
    await v.page.close();
  });

  it('uses a language tag the page put after the bundle (the way under Trusted Types) instead of fetching it again', async () => {
    const v = await visit(page('/fr-tag', 'fr', `<script src="/dist/handoff-chat.iife.js" ${MEMORY}></script><script src="/dist/handoff-chat.fr.js"></script>`));
    await v.page.locator('[part~="launcher"]').waitFor();
    expect(await launcherNames(v.page)).toEqual(['Ouvrir le chat']);
    expect(v.scripts).toEqual(['handoff-chat.iife.js', 'handoff-chat.fr.js']);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('when the language file cannot be fetched, says so once and works in English, way to a person included', async () => {
    frenchMissing = true;
    try {
      const v = await visit(page('/fr-missing', 'fr', `<script src="/dist/handoff-chat.iife.js" ${MEMORY}></script>${listen}`));
      await v.page.locator('[part~="launcher"]').waitFor();
      expect(await launcherNames(v.page)).toEqual([expect.stringMatching(/chat/i)]);
      await say(v.page, 'I want to talk to a human');
      await expect(v.page.locator('[part~="human-button"]').textContent()).resolves.toMatch(/person/i);
      await expect.poll(() => requested(v.page)).toMatchObject({ trigger: 'keyword' });
      expect(v.warnings.filter((w) => w.includes('handoff-chat.fr.js'))).toEqual([expect.stringContaining('shows English texts')]);
      // Asked for once: a file that is not there is not fetched again on every draw.
      expect(v.scripts.filter((s) => s.endsWith('.fr.js'))).toEqual(['handoff-chat.fr.js']);
      // The 404 itself is the browser's console error; nothing else.
      expect(v.errors.filter((e) => !/404|Failed to load resource/.test(e))).toEqual([]);
      await v.page.close();
    } finally {
      frenchMissing = false;
    }
  });

  it('for a JavaScript set-up, fetches the languages its options name and redraws and listens in them once they arrive', async () => {
    const setup = jsSetup(`{ storage: false, locale: 'de-AT', escalation: { languages: ['en', 'de', 'es'] } }`);
    const v = await visit(page('/js-setup', 'en', setup));
    await expect.poll(() => launcherNames(v.page)).toContain('Chat öffnen');
    // German for the texts; German and Spanish lists in the one file of phrase lists.
    await expect.poll(() => v.scripts.slice().sort()).toEqual(['handoff-chat.de.js', 'handoff-chat.iife.js', 'handoff-chat.phrases.js']);
    // Spanish only listens: a Spanish request for a person is heard on a German widget.
    await say(v.page, 'Quiero hablar con un agente');
    await expect.poll(() => requested(v.page)).toMatchObject({ trigger: 'keyword' });
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('listens in every language once the chat opens: an English page fetches the phrase lists then, once, and hears a German request for a person', async () => {
    const v = await visit(page('/en-listens', 'en', `<script src="/dist/handoff-chat.iife.js" ${MEMORY}></script>${listen}`));
    await v.page.locator('[part~="launcher"]').waitFor();
    await v.page.waitForTimeout(300);
    // Nothing for a visitor who never opens the chat.
    expect(v.scripts).toEqual(['handoff-chat.iife.js']);
    await say(v.page, 'Ich möchte mit einem Menschen sprechen');
    await expect.poll(() => requested(v.page)).toMatchObject({ trigger: 'keyword' });
    // Closed and opened again: not fetched twice.
    await v.page.locator('[part~="close-button"]').click();
    await v.page.locator('[part~="launcher"]').click();
    await v.page.waitForTimeout(200);
    expect(v.scripts).toEqual(['handoff-chat.iife.js', 'handoff-chat.phrases.js']);
    // The texts stay English: the file carries phrase lists only.
    await expect(v.page.locator('[part~="human-button"]').textContent()).resolves.toMatch(/person/i);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('reads the customer’s words again when the lists arrive after them', async () => {
    phrasesDelayMs = 1000;
    try {
      const v = await visit(page('/en-late-lists', 'en', `<script src="/dist/handoff-chat.iife.js" ${MEMORY}></script>${listen}`));
      await say(v.page, 'Ich möchte mit einem Menschen sprechen');
      // Sent before the lists came: English alone heard nothing.
      await v.page.locator('[part~="message-bot"]').first().waitFor();
      expect(await requested(v.page)).toBeNull();
      await expect.poll(() => requested(v.page), { timeout: 5000 }).toMatchObject({ trigger: 'keyword' });
      expect(v.errors).toEqual([]);
      await v.page.close();
    } finally {
      phrasesDelayMs = 0;
    }
  });

  it('with two tabs, the one that reads the customer’s words fetches the lists when the other opens its chat', async () => {
    const setup = jsSetup(`{ storageKey: 'hc-two-tabs', vitals: false }`);
    const leader = await visit(page('/two-tabs', 'en', setup));
    await leader.page.locator('[part~="launcher"]').waitFor();
    // The first tab takes the lead (a Web Lock) as it starts: give it a moment on a busy machine.
    await leader.page.waitForTimeout(300);
    const other = await visit('/two-tabs');
    const fetched = () => [...leader.scripts, ...other.scripts].filter((s) => s.endsWith('.phrases.js'));
    try {
      await other.page.locator('[part~="launcher"]').click();
      await expect.poll(fetched, { timeout: 5000 }).toHaveLength(1);
      await other.page.locator('[part~="input"]').fill('Ich möchte mit einem Menschen sprechen');
      await other.page.keyboard.press('Enter');
      const phase = (p: Page) => p.evaluate(() => (window as unknown as { chat: { state: { phase: string } } }).chat.state.phase);
      // Heard by the tab that reads the words, whichever fetched: the German request brings a person.
      await expect.poll(() => phase(other.page), { timeout: 5000 }).not.toBe('bot');
      await expect.poll(() => phase(leader.page), { timeout: 5000 }).not.toBe('bot');
      // Once for both tabs: the tab that only shows the chat does not fetch lists it never uses.
      expect(fetched()).toHaveLength(1);
      expect([...leader.errors, ...other.errors]).toEqual([]);
    } finally {
      await leader.page.evaluate(() => localStorage.clear());
      await leader.page.close();
      await other.page.close();
    }
  });

  it('when the one language it names cannot be fetched, gets that language’s lists from the file of lists', async () => {
    frenchMissing = true;
    try {
      const setup = jsSetup(`{ storage: false, escalation: { languages: ['en', 'fr'] } }`);
      const v = await visit(page('/fr-missing-lists', 'fr', setup));
      await v.page.locator('[part~="launcher"]').waitFor();
      expect(v.scripts).not.toContain('handoff-chat.phrases.js');
      await say(v.page, 'Je veux parler à un conseiller');
      await expect.poll(() => requested(v.page), { timeout: 5000 }).toMatchObject({ trigger: 'keyword' });
      expect(v.scripts.filter((s) => s.endsWith('.fr.js'))).toHaveLength(1);
      expect(v.scripts.filter((s) => s.endsWith('.phrases.js'))).toHaveLength(1);
      await v.page.close();
    } finally {
      frenchMissing = false;
    }
  });

  it('does not fetch phrase lists for a chat whose triggers listen for no words', async () => {
    const setup = jsSetup(`{ storage: false, escalation: { keyword: 'off', frustration: 'off', sensitiveTopic: 'off' } }`);
    const v = await visit(page('/en-no-triggers', 'en', setup));
    await v.page.locator('[part~="launcher"]').click();
    await v.page.locator('[part~="input"]').waitFor();
    await v.page.waitForTimeout(300);
    expect(v.scripts).toEqual(['handoff-chat.iife.js']);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('when the phrase lists cannot be fetched, says so once and still hears English', async () => {
    phrasesMissing = true;
    try {
      const v = await visit(page('/en-no-phrases', 'en', `<script src="/dist/handoff-chat.iife.js" ${MEMORY}></script>${listen}`));
      await say(v.page, 'Ich möchte mit einem Menschen sprechen');
      await expect.poll(() => v.warnings.filter((w) => w.includes('handoff-chat.phrases.js'))).toEqual([expect.stringContaining("in English and the widget's language only")]);
      expect(await requested(v.page)).toBeNull();
      await v.page.locator('[part~="input"]').fill('I want to talk to a human');
      await v.page.keyboard.press('Enter');
      await expect.poll(() => requested(v.page)).toMatchObject({ trigger: 'keyword' });
      expect(v.scripts.filter((s) => s.endsWith('.phrases.js'))).toHaveLength(1);
      expect(v.errors.filter((e) => !/404|Failed to load resource/.test(e))).toEqual([]);
      await v.page.close();
    } finally {
      phrasesMissing = false;
    }
  });
});
