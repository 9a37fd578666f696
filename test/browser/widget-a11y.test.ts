import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { htmlPages, launchBrowser, serveStatic } from '../support/browser';

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serveStatic>>;
let page: Page;

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shop</title></head><body><main><h1>Shop</h1><p>Products and prices.</p><div id="inline-slot"></div></main>
<script src="/dist/handoff-chat.iife.js"></script></body></html>`;

interface Setup {
  locale?: string;
  colorScheme?: 'light' | 'dark';
  inline?: boolean;
  humanOptions?: Record<string, unknown>;
}

let conversations = 0;

/**
 * Replaces the widget on the page with a fresh one (memory transports, nothing stored).
 * Each gets its own storage key: pages of one browser share conversations across tabs.
 */
async function setup(p: Page, options: Setup = {}): Promise<void> {
  await p.evaluate((o) => {
    const g = window as any;
    g.w?.destroy();
    const { init, transports } = g.HandoffChat;
    g.bot = transports.createMemoryBot({
      greeting: { text: 'Hi! I am the **bot**. See [our docs](https://example.com/docs) or pick:', quickReplies: [{ title: 'Orders' }, { title: 'Refunds' }] },
    });
    g.human = transports.createMemoryHuman(o.humanOptions ?? {});
    g.w = init({
      bot: g.bot,
      human: g.human,
      storage: false,
      storageKey: o.storageKey,
      ...(o.locale ? { locale: o.locale } : {}),
      ...(o.colorScheme ? { colorScheme: o.colorScheme } : {}),
      ...(o.inline ? { target: '#inline-slot' } : { openOnLoad: true }),
    });
  }, { ...options, storageKey: `a11y-${++conversations}` });
  await p.locator('[part~="panel"]').waitFor({ state: 'visible' });
  await p.waitForFunction(() => (window as any).w.state.messages.length > 0);
  // Measure and audit the panel at rest, not halfway through its entrance.
  await p.locator('[part~="panel"]').evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
}

/** Runs axe on the widget (inside its shadow root) against WCAG 2.2 A/AA and best practices. */
async function audit(p: Page): Promise<Array<{ id: string; help: string; nodes: string[] }>> {
  if (!(await p.evaluate(() => 'axe' in window))) await p.addScriptTag({ content: AXE });
  return p.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document.querySelector('handoff-chat'), {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v: any) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n: any) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  });
}

const settle = (p: Page) => p.evaluate(() => new Promise((r) => setTimeout(r, 50)));

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveStatic({
    routes: [htmlPages({ '/page': PAGE })],
  });
  page = await browser.newPage();
  await page.goto(`${site.url}/page`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('axe-core audit of the open panel', () => {
  it('bot phase: greeting, customer message, markdown, quick replies, typing', async () => {
    await setup(page);
    await page.evaluate(() => {
      const g = window as any;
      g.w.send('Where is my **order**?');
      g.bot.backend.emit({ type: 'typing', active: true });
    });
    await settle(page);
    expect(await audit(page)).toEqual([]);
  });

  it('waiting phase: queue position, wait, cancel, what the agent will see (opened)', async () => {
    await setup(page, { humanOptions: { receipt: { status: 'queued', position: 2, etaSeconds: 300 } } });
    await page.evaluate(() => (window as any).w.requestHuman());
    await page.locator('[part~="transcript-preview"] summary').click();
    await page.locator('.transcript').waitFor();
    expect(await audit(page)).toEqual([]);
  });

  it('human phase: a named person, their messages, typing', async () => {
    await setup(page);
    await page.evaluate(async () => {
      const g = window as any;
      g.w.requestHuman();
      await new Promise((r) => setTimeout(r, 20));
      g.human.backend.emit({ type: 'agent-joined', agent: { name: 'Alex', title: 'Support agent' } });
      g.human.backend.emit({ type: 'message', message: { id: 'a1', text: 'Hi, I am Alex. I can see your chat with the bot.' } });
      g.human.backend.emit({ type: 'typing', active: true });
    });
    await settle(page);
    expect(await page.locator('[part~="human-button"]').textContent()).toBe('End chat');
    expect(await audit(page)).toEqual([]);
  });

  it('nobody available: leave-a-message form with an error shown', async () => {
    await setup(page, { humanOptions: { receipt: { status: 'unavailable' } } });
    await page.evaluate(() => (window as any).w.requestHuman());
    await page.locator('[part~="leave-submit"]').click();
    await page.locator('#hc-leave-error').waitFor();
    expect(await audit(page)).toEqual([]);
  });

  it('survey after the person ended the chat', async () => {
    await setup(page);
    await page.evaluate(async () => {
      const g = window as any;
      g.w.requestHuman();
      await new Promise((r) => setTimeout(r, 20));
      g.human.backend.emit({ type: 'agent-joined', agent: { name: 'Alex' } });
      g.human.backend.emit({ type: 'ended' });
    });
    await page.locator('[part~="rating"]').waitFor();
    expect(await audit(page)).toEqual([]);
  });

  it('dark mode (system preference), bot and human phases', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      await setup(page);
      const surface = await page.locator('[part~="panel"]').evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(surface).toBe('rgb(23, 25, 30)');
      expect(await audit(page)).toEqual([]);
      await page.evaluate(async () => {
        const g = window as any;
        g.w.requestHuman();
        await new Promise((r) => setTimeout(r, 20));
        g.human.backend.emit({ type: 'agent-joined', agent: { name: 'Alex' } });
        g.human.backend.emit({ type: 'message', message: { id: 'a1', text: 'Hello **there**' } });
      });
      await settle(page);
      expect(await audit(page)).toEqual([]);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('Arabic, right to left, in the waiting phase', async () => {
    await setup(page, { locale: 'ar', humanOptions: { receipt: { status: 'queued', position: 1 } } });
    await page.evaluate(() => (window as any).w.requestHuman());
    await settle(page);
    const dir = await page.locator('.root').evaluate((el) => getComputedStyle(el).direction);
    expect(dir).toBe('rtl');
    expect(await audit(page)).toEqual([]);
  });

  it('inline mode', async () => {
    await setup(page, { inline: true });
    expect(await page.locator('[role="region"][part~="panel"]').count()).toBe(1);
    expect(await audit(page)).toEqual([]);
  });
});

describe('keyboard', () => {
  it('opens from the launcher into the composer; the human control is a Tab away; Escape returns to the launcher', async () => {
    await page.evaluate(() => {
      const g = window as any;
      g.w?.destroy();
      g.w = g.HandoffChat.init({ human: g.HandoffChat.transports.createMemoryHuman(), storage: false, storageKey: 'a11y-keyboard' });
    });
    const active = () => page.evaluate(() => {
      const root = document.querySelector('handoff-chat')!.shadowRoot!;
      const el = root.activeElement as HTMLElement | null;
      return el ? el.getAttribute('part') ?? el.id : null;
    });
    await page.locator('[part~="launcher"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[part~="panel"]').waitFor({ state: 'visible' });
    expect(await active()).toBe('input');
    expect(await page.locator('[part~="launcher"]').getAttribute('aria-expanded')).toBe('true');

    await page.locator('[part~="launcher"]').focus();
    await page.keyboard.press('Tab'); // minimise
    await page.keyboard.press('Tab'); // the human control
    expect(await active()).toBe('human-button');
    const ring = await page.locator('[part~="human-button"]').evaluate((el) => {
      const cs = getComputedStyle(el);
      return `${cs.outlineStyle} ${cs.outlineWidth}`;
    });
    expect(ring).toBe('solid 3px');

    await page.keyboard.press('Escape');
    await page.locator('[part~="panel"]').waitFor({ state: 'hidden' });
    expect(await active()).toBe('launcher');
    expect(await page.evaluate(() => (window as any).w.state.open)).toBe(false);

    await page.keyboard.press('Enter');
    // Drawn on the next frame (changes render at most once per frame): wait for it before moving focus.
    await page.locator('[part~="panel"]').waitFor({ state: 'visible' });
    await page.locator('[part~="human-button"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => (window as any).w.state.phase)).toBe('waiting');
  });
});

describe('small screens and zoom', () => {
  it('goes full screen at 320 px wide with nothing cut off, and inputs at 16 px or more', async () => {
    const p = await browser.newPage();
    await p.setViewportSize({ width: 320, height: 640 });
    await p.goto(`${site.url}/page`);
    await setup(p);
    const panel = await p.locator('[part~="panel"]').boundingBox();
    expect(panel).toEqual({ x: 0, y: 0, width: 320, height: 640 });
    for (const part of ['human-button', 'input', 'send-button']) {
      const box = (await p.locator(`[part~="${part}"]`).boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= 320 && box.y >= 0 && box.y + box.height <= 640, part).toBe(true);
    }
    const overflow = await p.locator('[part~="panel"]').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBe(0);
    const inputSize = await p.locator('[part~="input"]').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(inputSize).toBeGreaterThanOrEqual(16);
    // The launcher is hidden behind a full-screen panel, so focus can never land on something covered.
    expect(await p.locator('[part~="launcher"]').isVisible()).toBe(false);
    await p.close();
  });

  it('full screen, the panel is a modal dialog that Tab never leaves; beside the page it is not', async () => {
    const p = await browser.newPage();
    await p.setViewportSize({ width: 320, height: 568 });
    await p.goto(`${site.url}/page`);
    await setup(p);
    // A page link after the widget: where Tab would go next if nothing kept it in.
    await p.evaluate(() => {
      const link = document.createElement('a');
      link.href = '#later';
      link.id = 'page-link';
      link.textContent = 'a page link';
      document.body.append(link);
    });
    const where = () =>
      p.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        if (a.tagName !== 'HANDOFF-CHAT') return `page:${a.id || a.tagName}`;
        const inner = a.shadowRoot!.activeElement as HTMLElement;
        return inner.getAttribute('part') ?? inner.className;
      });
    expect(await p.locator('[part~="panel"]').getAttribute('aria-modal')).toBe('true');
    await p.locator('[part~="send-button"]').focus();
    await p.keyboard.press('Tab');
    expect(await where()).toBe('close-button');
    await p.keyboard.press('Shift+Tab');
    expect(await where()).toBe('send-button');

    await p.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => p.locator('[part~="panel"]').getAttribute('aria-modal')).toBe('false');
    await p.locator('[part~="send-button"]').focus();
    await p.keyboard.press('Tab');
    expect(await where()).toBe('page:page-link');
    await p.close();
  });

  it('fits at 200 % zoom of a 1280×800 window (a 640×400 CSS viewport)', async () => {
    const p = await browser.newPage();
    await p.setViewportSize({ width: 640, height: 400 });
    await p.goto(`${site.url}/page`);
    await setup(p);
    for (const part of ['panel', 'human-button', 'input']) {
      const box = (await p.locator(`[part~="${part}"]`).boundingBox())!;
      expect(box.y >= 0 && box.y + box.height <= 400 && box.x + box.width <= 640, part).toBe(true);
    }
    await p.close();
  });

  it('follows the visual viewport when an on-screen keyboard shrinks it', async () => {
    const p = await browser.newPage();
    await p.setViewportSize({ width: 390, height: 800 });
    await p.goto(`${site.url}/page`);
    await setup(p);
    await p.evaluate(() => {
      Object.defineProperty(window.visualViewport, 'height', { configurable: true, get: () => 420 });
      Object.defineProperty(window.visualViewport, 'offsetTop', { configurable: true, get: () => 30 });
      window.visualViewport!.dispatchEvent(new Event('resize'));
    });
    await expect.poll(async () => (await p.locator('[part~="panel"]').boundingBox())?.height).toBe(420);
    const panel = (await p.locator('[part~="panel"]').boundingBox())!;
    expect(panel.y).toBe(30);
    const input = (await p.locator('[part~="input"]').boundingBox())!;
    expect(input.y + input.height).toBeLessThanOrEqual(450);
    await p.close();
  });

  it('stops animations under prefers-reduced-motion', async () => {
    const p = await browser.newPage();
    await p.emulateMedia({ reducedMotion: 'reduce' });
    await p.goto(`${site.url}/page`);
    await setup(p);
    await p.evaluate(() => (window as any).bot.backend.emit({ type: 'typing', active: true }));
    const animation = await p.locator('.dots i').first().evaluate((el) => getComputedStyle(el).animationName);
    expect(animation).toBe('none');
    await p.close();
  });
});
