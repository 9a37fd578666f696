/**
 * A 2,000-message conversation in real Chromium, through the built script-tag bundle:
 * it opens at the newest message with only a page of messages drawn, scrolling up
 * brings older ones in without moving what the customer is reading, the keyboard
 * reaches "Show earlier messages", and a burst of inbound messages ends with every
 * one drawn and the latest in view. No timings are asserted (see the issue #8 report).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EARLIER_MESSAGES as MORE, FIRST_MESSAGES as FIRST } from '../../src/ui/MessageList';
import { htmlPages, launchBrowser, serveStatic } from '../support/browser';

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serveStatic>>;
let page: Page;

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><main><h1>Shop</h1></main><script src="/dist/handoff-chat.iife.js"></script></body></html>`;

let conversations = 0;

/** A fresh page whose widget restores `count` stored messages (customer and bot taking turns) and opens. */
async function restore(count: number): Promise<void> {
  await page.goto(`${site.url}/page`);
  await page.evaluate(
    ({ count, key }) => {
      const messages = Array.from({ length: count }, (_, i) => ({
        id: `m${i}`,
        author: i % 2 ? 'bot' : 'customer',
        text: i % 2 ? `answer **${i}**, see [the docs](https://example.com/${i})` : `question ${i}`,
        time: 1_700_000_000_000 + i * 1000,
        status: 'sent',
      }));
      localStorage.setItem(
        `hc:${key}:conversation`,
        JSON.stringify({ v: 1, conversationId: key, phase: 'bot', messages, draft: '', handoff: { status: 'none', attempts: 0 }, startedAt: 1, rating: 'none' }),
      );
      const g = window as any;
      const { init, transports } = g.HandoffChat;
      g.bot = transports.createMemoryBot();
      g.human = transports.createMemoryHuman();
      g.w = init({ bot: g.bot, human: g.human, storageKey: key, openOnLoad: true });
    },
    { count, key: `long-${++conversations}` },
  );
  await page.locator('[part~="panel"]').waitFor({ state: 'visible' });
  await frames(2);
}

/** Waits for `n` rendered frames. */
function frames(n = 2): Promise<void> {
  return page.evaluate(
    (n) =>
      new Promise<void>((done) => {
        const step = (left: number): void => void (left ? requestAnimationFrame(() => step(left - 1)) : setTimeout(done, 0));
        step(n);
      }),
    n,
  );
}

/** Numbers of the drawn messages, top to bottom ("question 12" → 12). */
function shown(): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelector('handoff-chat')!.shadowRoot!.querySelectorAll('[part~="message"] .bubble')].map((el) => Number(/\d+/.exec(el.textContent ?? '')?.[0])),
  );
}

/** Where message `n` sits relative to the top of the scrolling area, and how far the area is from its end. */
function geometry(n: number): Promise<{ offset: number | undefined; fromEnd: number }> {
  return page.evaluate((n) => {
    const root = document.querySelector('handoff-chat')!.shadowRoot!;
    const body = root.querySelector('.body') as HTMLElement;
    const row = [...root.querySelectorAll('[part~="message"]')].find((el) => new RegExp(`\\b${n}\\b`).test(el.querySelector('.bubble')?.textContent ?? ''));
    return {
      offset: row ? row.getBoundingClientRect().top - body.getBoundingClientRect().top : undefined,
      fromEnd: body.scrollHeight - body.scrollTop - body.clientHeight,
    };
  }, n);
}

/** Scrolls message `n` into view and says whether it is what the customer then sees at that spot. */
async function seenAfterScrollingTo(n: number): Promise<boolean> {
  await page.evaluate((n) => {
    const root = document.querySelector('handoff-chat')!.shadowRoot!;
    const row = [...root.querySelectorAll('[part~="message"]')].find((el) => new RegExp(`\\b${n}\\b`).test(el.querySelector('.bubble')?.textContent ?? ''));
    row?.scrollIntoView({ block: 'center' });
  }, n);
  await frames(2);
  return page.evaluate((n) => {
    const root = document.querySelector('handoff-chat')!.shadowRoot!;
    const row = [...root.querySelectorAll('[part~="message"]')].find((el) => new RegExp(`\\b${n}\\b`).test(el.querySelector('.bubble')?.textContent ?? ''));
    const bubble = row?.querySelector('.bubble')?.getBoundingClientRect();
    if (!bubble || !bubble.height) return false;
    const hit = root.elementFromPoint(bubble.left + 4, bubble.top + bubble.height / 2);
    return !!hit && !!row?.contains(hit);
  }, n);
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveStatic({
    routes: [htmlPages({ '/page': PAGE })],
  });
  page = await browser.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('a restored conversation of 2,000 messages', () => {
  beforeEach(() => restore(2000));

  it('opens at the newest message, with only the newest page of messages drawn', async () => {
    expect(await shown()).toEqual(range(2000 - FIRST, 2000));
    const last = await geometry(1999);
    expect(last.fromEnd).toBeLessThanOrEqual(1);
    expect(last.offset).toBeGreaterThan(0);
  });

  it('keeps the latest message in view when the header grows above it', async () => {
    const header = () => page.evaluate(() => document.querySelector('handoff-chat')!.shadowRoot!.querySelector('.header')!.getBoundingClientRect().height);
    const before = await header();
    await page.evaluate(() => {
      const message = 'Our team is away for the holidays. Leave a message with your order number and we will answer within two working days.';
      (window as any).human.backend.emit({ type: 'availability', availability: { available: false, message } });
    });
    await frames(3);
    expect(await header()).toBeGreaterThan(before + 20);
    expect((await geometry(1999)).fromEnd).toBeLessThanOrEqual(1);
  });

  it('scrolling to the top brings earlier messages in while the message being read stays where it was', async () => {
    const oldest = 2000 - FIRST;
    await page.evaluate(() => {
      (document.querySelector('handoff-chat')!.shadowRoot!.querySelector('.body') as HTMLElement).scrollTop = 0;
    });
    const before = await geometry(oldest);
    await page.waitForFunction((n) => document.querySelector('handoff-chat')!.shadowRoot!.querySelectorAll('[part~="message"]').length > n, FIRST);
    await frames(3);
    const after = await geometry(oldest);
    expect((await shown()).slice(0, FIRST + MORE)).toEqual(range(2000 - FIRST - MORE, 2000));
    expect(Math.abs((after.offset as number) - (before.offset as number))).toBeLessThanOrEqual(2);

    // Keeps going up to the very first message, each exactly once and in order.
    for (let i = 0; i < 100 && (await shown())[0] !== 0; i++) {
      await page.evaluate(() => {
        (document.querySelector('handoff-chat')!.shadowRoot!.querySelector('.body') as HTMLElement).scrollTop = 0;
      });
      await frames(2);
    }
    expect(await shown()).toEqual(range(0, 2000));
    expect(await page.locator('[part~="earlier-button"]').count()).toBe(0);
    // Every part of the history can be scrolled to and is really there on screen.
    for (const n of [0, 1, 499, 1000, 1500, 1949, 1999]) expect(await seenAfterScrollingTo(n), `message ${n}`).toBe(true);
  });

  it('the keyboard reaches "Show earlier messages"; Enter brings more in and the button keeps focus, in view', async () => {
    // Tab from the header: the button is the first stop in the conversation.
    await page.locator('[part~="human-button"]').focus();
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'earlier-button'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.querySelector('handoff-chat')!.shadowRoot!.activeElement?.getAttribute('part') ?? '');
    }
    expect(focused).toBe('earlier-button');
    await frames(3);
    // Reaching it by keyboard does not load anything by itself: the customer decides.
    expect(await shown()).toHaveLength(FIRST);
    await page.keyboard.press('Enter');
    await frames(2);
    expect(await shown()).toEqual(range(2000 - FIRST - MORE, 2000));
    const state = await page.evaluate(() => {
      const root = document.querySelector('handoff-chat')!.shadowRoot!;
      const button = root.querySelector('[part~="earlier-button"]') as HTMLElement;
      const box = button.getBoundingClientRect();
      const view = (root.querySelector('.body') as HTMLElement).getBoundingClientRect();
      return { focused: root.activeElement === button, inView: box.top >= view.top && box.bottom <= view.bottom };
    });
    expect(state).toEqual({ focused: true, inView: true });
  });

  it('a burst of 1,000 inbound messages ends with every one drawn and the latest in view', async () => {
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          const g = window as any;
          let sent = 0;
          const timer = setInterval(() => {
            for (let k = 0; k < 50 && sent < 1000; k++, sent++) g.bot.backend.emit({ type: 'message', message: { id: `b${sent}`, text: `burst ${2000 + sent}` } });
            if (sent === 1000) {
              clearInterval(timer);
              done();
            }
          }, 1);
        }),
    );
    await frames(3);
    expect(await shown()).toEqual(range(2000 - FIRST, 3000));
    expect((await geometry(2999)).fromEnd).toBeLessThanOrEqual(1);
  });
});
