// @vitest-environment happy-dom
/**
 * Long conversations stay light: a restored history draws only its newest messages
 * and brings older ones in on request; a burst of inbound messages, or a reply
 * streamed word by word, is drawn once per frame and touches only what changed.
 * Frames are stepped by hand through the host's `nextFrame`, so nothing here depends
 * on timing.
 */
import { act, cleanup, fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../src/core/environment';
import type { Message } from '../../src/core/types';
import { EARLIER_MESSAGES as MORE, FIRST_MESSAGES as FIRST } from '../../src/ui/MessageList';
import { createFakeHost, destroyChats, renderWidget, settle, step } from './widget-harness';

const page = globalThis as { IntersectionObserver?: unknown };
const realIntersectionObserver = page.IntersectionObserver;
afterEach(() => {
  cleanup();
  destroyChats();
  page.IntersectionObserver = realIntersectionObserver;
});

/** Storage holding a conversation of `count` messages, customer and bot taking turns. */
function storedHistory(count: number) {
  const storage = createMemoryStorage();
  const messages: Message[] = Array.from({ length: count }, (_, i) => ({
    id: `m${i}`,
    author: i % 2 ? 'bot' : 'customer',
    text: i % 2 ? `answer **${i}**` : `question ${i}`,
    time: 1_700_000_000_000 + i * 1000,
    status: 'sent',
  }));
  storage.setItem(
    'hc:default:conversation',
    JSON.stringify({ v: 1, conversationId: 'c1', phase: 'bot', messages, draft: '', handoff: { status: 'none', attempts: 0 }, startedAt: 1, rating: 'none' }),
  );
  return storage;
}

/** A page whose frames come only when the test says so. */
function frameByFrame() {
  const host = createFakeHost();
  const queued: Array<() => void> = [];
  return {
    host: { ...host, nextFrame: (fn: () => void) => void queued.push(fn) },
    /** Runs frames until none is asked for; returns how many ran. */
    async frames(): Promise<number> {
      let count = 0;
      while (queued.length) {
        count++;
        await act(() => {
          for (const fn of queued.splice(0)) fn();
        });
      }
      return count;
    },
  };
}

/** The numbers of the messages on screen, top to bottom ("question 12" → 12). */
function shownNumbers(container: Element): number[] {
  return [...container.querySelectorAll('[part~="message"] .bubble')].map((el) => Number(/\d+/.exec(el.textContent ?? '')?.[0]));
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const earlierButton = (container: Element) => container.querySelector<HTMLButtonElement>('[part~="earlier-button"]');
const activeIn = (container: Element) => (container.getRootNode() as Document).activeElement;

/** Lets each event arrive in its own task, as from a socket. */
const nextTask = () => new Promise((r) => setTimeout(r, 0));

describe('a restored conversation of 2,000 messages', () => {
  it('opens showing only the newest messages, the latest at the bottom', async () => {
    const w = renderWidget({ chat: { storage: storedHistory(2000) } });
    await step(() => w.chat.open());
    expect(w.chat.state.messages).toHaveLength(2000);
    expect(shownNumbers(w.container)).toEqual(range(2000 - FIRST, 2000));
    expect(w.container.querySelector('[role="log"]')?.textContent).toContain('answer 1999');
  });

  it('"Show earlier messages" brings the previous ones in above, in order, and keeps focus on the button', async () => {
    const w = renderWidget({ chat: { storage: storedHistory(2000) } });
    await step(() => w.chat.open());
    const button = earlierButton(w.container) as HTMLButtonElement;
    expect(button.tagName).toBe('BUTTON');
    expect(button.textContent).toBe('Show earlier messages');
    button.focus();
    await step(() => fireEvent.click(button));
    expect(shownNumbers(w.container)).toEqual(range(2000 - FIRST - MORE, 2000));
    expect(activeIn(w.container)).toBe(button);
  });

  it('older messages shown on request are not announced as new; what arrives next is', async () => {
    const w = renderWidget({ chat: { storage: storedHistory(2000) } });
    await step(() => w.chat.open());
    await step(() => fireEvent.click(earlierButton(w.container) as HTMLButtonElement));
    await step(() => w.bot!.backend.emit({ type: 'message', message: { id: 'late', text: 'answer 2000' } }));
    const log = w.container.querySelector('[role="log"][aria-live="polite"]') as HTMLElement;
    const logged = shownNumbers(log);
    expect(logged[0]).toBe(2000 - FIRST);
    expect(logged.at(-1)).toBe(2000);
    expect(shownNumbers(w.container)).toEqual(range(2000 - FIRST - MORE, 2001));
  });

  it('loads earlier messages by itself when the top of the list scrolls into view', async () => {
    let notify: ((entries: Array<{ isIntersecting: boolean }>) => void) | undefined;
    let watched: Element | undefined;
    page.IntersectionObserver = class {
      constructor(callback: typeof notify) {
        notify = callback;
      }
      observe(el: Element) {
        watched = el;
      }
      disconnect() {
        notify = undefined;
      }
    };
    const w = renderWidget({ chat: { storage: storedHistory(2000) } });
    await step(() => w.chat.open());
    expect(watched).toBe(earlierButton(w.container));
    await step(() => notify?.([{ isIntersecting: false }]));
    expect(shownNumbers(w.container)).toHaveLength(FIRST);
    await step(() => notify?.([{ isIntersecting: true }]));
    expect(shownNumbers(w.container)).toEqual(range(2000 - FIRST - MORE, 2000));
  });
});

describe('a history a few pages long', () => {
  const total = FIRST + MORE + 10;

  it('shows everything after enough requests, and then focus lands on the oldest messages, not the page', async () => {
    const w = renderWidget({ chat: { storage: storedHistory(total) } });
    await step(() => w.chat.open());
    let presses = 0;
    for (let button = earlierButton(w.container); button; button = earlierButton(w.container)) {
      button.focus();
      await step(() => fireEvent.click(button as HTMLButtonElement));
      presses++;
    }
    expect(presses).toBe(2);
    expect(shownNumbers(w.container)).toEqual(range(0, total));
    const focused = activeIn(w.container) as HTMLElement;
    expect(focused.contains(w.container.querySelector('[part~="message"]'))).toBe(true);
    expect(w.container.contains(focused)).toBe(true);
  });

  it('a new conversation (logout) shows only its own messages', async () => {
    const w = renderWidget({ chat: { storage: storedHistory(total) } });
    await step(() => w.chat.open());
    await step(() => fireEvent.click(earlierButton(w.container) as HTMLButtonElement));
    await step(() => w.chat.logout());
    await step(() => w.chat.send('question 7'));
    await settle();
    expect(earlierButton(w.container)).toBeNull();
    expect(shownNumbers(w.container)).toEqual([7]);
  });
});

describe('bursts', () => {
  it('500 inbound messages arriving one task after another are drawn in one go at the next frame, all of them', async () => {
    const { host, frames } = frameByFrame();
    const w = renderWidget({ host });
    await step(() => w.chat.open());
    await frames();
    const log = w.container.querySelector('[role="log"]') as HTMLElement;
    let drawn = 0;
    const observer = new MutationObserver(() => drawn++);
    observer.observe(log, { childList: true, subtree: true, characterData: true });

    for (let i = 0; i < 500; i++) {
      w.bot!.backend.emit({ type: 'message', message: { id: `b${i}`, text: `burst ${i}` } });
      await nextTask();
    }
    // The first one at once (nobody waits for a lone message); the rest wait for the frame.
    expect(shownNumbers(log)).toEqual([0]);
    expect(drawn).toBe(1);
    await frames();
    observer.disconnect();
    expect(shownNumbers(log)).toEqual(range(0, 500));
    expect(drawn).toBe(2);
    expect(w.chat.state.messages).toHaveLength(500);
  });

  it('a lone message after a quiet frame shows at once, without waiting for the next frame', async () => {
    const { host, frames } = frameByFrame();
    const w = renderWidget({ host });
    await step(() => w.chat.open());
    await frames();
    w.bot!.backend.emit({ type: 'message', message: { id: 'one', text: 'burst 1' } });
    await nextTask();
    expect(shownNumbers(w.container)).toEqual([1]);
  });

  it('a reply streamed as 2,000 pieces redraws once per frame and only that reply', async () => {
    const { host, frames } = frameByFrame();
    const w = renderWidget({ host, chat: { storage: storedHistory(60) } });
    await step(() => w.chat.open());
    await frames();
    const log = w.container.querySelector('[role="log"]') as HTMLElement;
    const before = [...log.querySelectorAll('[part~="message"]')];
    let batches = 0;
    const touched = new Set<Node>();
    const observer = new MutationObserver((records) => {
      batches++;
      for (const r of records) touched.add(r.target);
    });
    observer.observe(log, { childList: true, subtree: true, characterData: true, attributes: true });

    let frameCount = 0;
    for (let i = 0; i < 2000; i++) {
      w.bot!.backend.emit({ type: 'delta', id: 's1', text: `w${i} `, done: i === 1999 });
      await nextTask();
      if (i % 100 === 99) frameCount += await frames();
    }
    frameCount += await frames();
    await settle();
    observer.disconnect();

    const reply = log.querySelector('[part~="message"]:last-child') as HTMLElement;
    expect(reply.textContent).toContain('w0 w1 w2');
    expect(reply.textContent).toContain('w1999');
    expect(reply.hasAttribute('aria-busy')).toBe(false);
    // The history around it was never redrawn: every change is the reply or the log adding it.
    for (const node of touched) expect(node === log || reply.contains(node)).toBe(true);
    expect([...log.querySelectorAll('[part~="message"]')].slice(0, -1)).toEqual(before);
    expect(batches).toBeLessThanOrEqual(frameCount + 2);
  });
});
