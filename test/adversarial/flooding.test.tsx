// @vitest-environment happy-dom
/**
 * Floods from every side. Sends keep their order and arrive once; a drowning backend
 * is shown in order without duplicates and quickly; the human control makes one
 * request however often it is pressed; opening, closing, mounting and unmounting
 * leave no listener, timer or connection behind.
 */
import { act, cleanup, fireEvent, render, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createChat, type Chat } from '../../src/core/chat';
import type { HumanTransport } from '../../src/core/contract';
import { catalogueFor } from '../../src/i18n/catalogues';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';
import { createWebSocketTransport } from '../../src/transports/websocket';
import { Widget } from '../../src/ui/Widget';
import { createFakeHost, destroyChats, humanButton } from '../ui/widget-harness';
import { FLOOD_CASES, type FloodCase } from './cases/flood-cases';
import { startRawWsServer } from './support/raw-servers';
import { expectConversation, expectSafe, flush, mountWatched, step, type Watched } from './support/watched-widget';
import { QUIET_ESCALATION } from './support/quiet-escalation';

let mounted: Watched[] = [];
const chats: Chat[] = [];
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const w of mounted) w.stop();
  mounted = [];
  cleanup();
  destroyChats();
  for (const c of chats.splice(0)) c.destroy();
  for (const close of closers.splice(0)) await close();
});


/** Timers the chat started and has not cleared or run yet. */
function countingTimers() {
  const pending = new Set<unknown>();
  return {
    pending,
    setTimeout(fn: () => void, ms: number): unknown {
      const handle = globalThis.setTimeout(() => {
        pending.delete(handle);
        fn();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clearTimeout(handle: unknown): void {
      pending.delete(handle);
      globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
}

/** The chat with a count of live subscriptions, so a test can see listeners leak. */
function countSubscriptions(chat: Chat): { chat: Chat; active(): number } {
  let active = 0;
  const counted = Object.create(chat) as Chat;
  counted.on = (event, fn) => {
    active++;
    const off = chat.on(event, fn);
    let done = false;
    return () => {
      if (!done) active--;
      done = true;
      off();
    };
  };
  return { chat: counted, active: () => active };
}

function renderFloating(chat: Chat, host = createFakeHost()) {
  const { strings } = catalogueFor('en');
  const utils = render(<Widget chat={chat} strings={strings} locale="en" dir="ltr" mode="floating" host={host} />);
  return { ...utils, host };
}

const box = (w: Watched): HTMLTextAreaElement => within(w.container as HTMLElement).getByLabelText('Message') as HTMLTextAreaElement;

const run: { [K in FloodCase['kind']]: (c: Extract<FloodCase, { kind: K }>) => Promise<void> } = {
  async sends(c) {
    const w = mountWatched({ bot: { reply: (t) => `re: ${t}`, delayMs: 2 }, chat: { escalation: QUIET_ESCALATION, retry: { baseMs: 5, maxMs: 10 } } });
    mounted.push(w);
    await step(() => w.chat.open());
    if (c.botDown) w.bot!.backend.failNext(5);
    for (let i = 0; i < c.count; i++) {
      // As fast as events can come: one render between typing and Enter, nothing else.
      await act(async () => {
        fireEvent.input(box(w), { target: { value: `message ${i}` } });
      });
      await act(async () => {
        fireEvent.keyDown(box(w), { key: 'Enter' });
      });
    }
    // How fast is the bench's business (npm run bench); a wall-clock bound here only flakes on a busy machine.
    const expected = Array.from({ length: c.count }, (_, i) => `message ${i}`);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && w.chat.state.messages.filter((m) => m.author === 'bot').length < c.count) {
      await new Promise((r) => setTimeout(r, 5));
      await flush();
    }
    await new Promise((r) => setTimeout(r, 20));
    await flush();
    // Every message reached the bot once, in order, and the screen shows each with its answer.
    expect(w.bot!.backend.received.map((m) => m.text)).toEqual(expected);
    expect(w.chat.state.messages.filter((m) => m.author === 'customer').map((m) => [m.text, m.status])).toEqual(expected.map((t) => [t, 'sent']));
    const bots = w.chat.state.messages.filter((m) => m.author === 'bot').map((m) => m.text);
    expect(bots).toEqual(expected.map((t) => `re: ${t}`));
    expect(w.container.querySelectorAll('[data-author]')).toHaveLength(2 * c.count);
    await expectSafe(w);
    await step(() => fireEvent.click(humanButton(w.container)));
    expect(w.human.backend.handoffs).toHaveLength(1);
  },

  async inbound(c) {
    const w = mountWatched({ chat: { escalation: QUIET_ESCALATION } });
    mounted.push(w);
    await step(() => w.chat.open());
    const ids = Array.from({ length: c.count }, (_, i) => `in_${i}`);
    const started = performance.now();
    await step(() => {
      ids.forEach((id, i) => {
        w.bot!.backend.emit({ type: 'message', message: { id, text: `inbound **${i}**` } });
        // A replaying backend repeats some of what it already sent.
        if (i % Math.floor(c.count / c.duplicates) === 0) w.bot!.backend.emit({ type: 'message', message: { id: ids[Math.floor(i / 2)] as string, text: 'dup' } });
      });
    });
    expect(performance.now() - started).toBeLessThan(c.budgetMs);
    expectConversation(w, ids.map(() => 'bot'));
    const rendered = Array.from(w.container.querySelectorAll('[data-author="bot"] .md')).map((el) => el.textContent);
    expect(rendered).toEqual(ids.map((_, i) => `inbound ${i}`));
    await expectSafe(w);
    await step(() => fireEvent.click(humanButton(w.container)));
    expect(w.human.backend.handoffs).toHaveLength(1);
  },

  async 'human-clicks'(c) {
    const desk = createMemoryHuman();
    let calls = 0;
    const slow: HumanTransport = {
      ...desk,
      async handoff(request) {
        calls++;
        await new Promise((r) => setTimeout(r, c.slowDeskMs));
        return desk.handoff(request);
      },
    };
    const w = mountWatched({ chat: { human: slow, escalation: QUIET_ESCALATION } });
    mounted.push(w);
    await step(() => w.chat.open());
    // Half the presses land before the widget re-renders, half on whatever the control became.
    await act(async () => {
      for (let i = 0; i < c.count / 2; i++) fireEvent.click(humanButton(w.container));
    });
    for (let i = 0; i < c.count / 2; i++) {
      await act(async () => {
        fireEvent.click(humanButton(w.container));
        fireEvent.keyDown(humanButton(w.container), { key: 'Enter' });
      });
    }
    await new Promise((r) => setTimeout(r, c.slowDeskMs * 3));
    await flush();
    expect(calls).toBe(1);
    expect(desk.backend.handoffs).toHaveLength(1);
    expect(w.chat.state.messages.filter((m) => m.notice?.code === 'handoff-requested')).toHaveLength(1);
    expect(humanButton(w.container).getAttribute('data-kind')).toBe('waiting');
    await expectSafe(w);
  },

  async 'open-close'(c) {
    const timers = countingTimers();
    const server = await startRawWsServer();
    closers.push(() => server.close());
    const bot = createWebSocketTransport({ url: server.url, WebSocket: WebSocket as never });
    const chat = createChat({ bot, human: createMemoryHuman(), locale: 'en', env: timers });
    chats.push(chat);
    const counted = countSubscriptions(chat);
    const { container, host } = renderFloating(counted.chat);
    await flush();
    const launcher = container.querySelector('[part~="launcher"]') as HTMLButtonElement;
    await step(() => fireEvent.click(launcher));
    await step(() => fireEvent.click(launcher));
    const baseline = { subscriptions: counted.active(), listeners: host.listeners(), timers: timers.pending.size };
    for (let i = 0; i < c.count; i++) {
      await act(async () => {
        fireEvent.click(launcher);
      });
      await act(async () => {
        fireEvent.click(launcher);
      });
    }
    await flush();
    expect(chat.state.open).toBe(false);
    expect({ subscriptions: counted.active(), listeners: host.listeners(), timers: timers.pending.size }).toEqual(baseline);
    // One socket for the whole session, not one per opening; none once the chat is gone.
    expect(server.connections()).toEqual({ opened: 1, open: 1 });
    await step(() => fireEvent.click(launcher));
    await step(() => fireEvent.click(humanButton(container)));
    expect(chat.state.phase).toBe('waiting');
    chat.destroy();
    // The server sees the close when the socket's closing handshake is done: waited for, not timed.
    await expect.poll(() => server.connections()).toEqual({ opened: 1, open: 0 });
  },

  async 'mount-unmount'(c) {
    const timers = countingTimers();
    const bot = createMemoryBot();
    const chat = createChat({ bot, human: createMemoryHuman(), locale: 'en', env: timers });
    chats.push(chat);
    const counted = countSubscriptions(chat);
    const host = createFakeHost();
    chat.open();
    for (let i = 0; i < c.count; i++) {
      const view = renderFloating(counted.chat, host);
      await flush(1);
      expect(counted.active()).toBeGreaterThan(0);
      view.unmount();
    }
    await flush();
    expect({ subscriptions: counted.active(), listeners: host.listeners() }).toEqual({ subscriptions: 0, listeners: 0 });
    expect(timers.pending.size).toBe(0);
    expect(bot.backend.connects).toBe(1);
    chat.destroy();
    expect(bot.backend.connected).toBe(false);
  },

  async 'typing-storm'(c) {
    const timers = countingTimers();
    const w = mountWatched({ chat: { env: timers, escalation: QUIET_ESCALATION } });
    mounted.push(w);
    await step(() => w.chat.open());
    await step(() => {
      for (let i = 0; i < c.count; i++) {
        w.bot!.backend.emit({ type: 'typing', active: i % 3 !== 0 });
        w.human.backend.emit({ type: 'availability', availability: { available: i % 2 === 0, etaSeconds: i } });
        w.human.backend.emit({ type: 'typing', active: true });
      }
      w.bot!.backend.emit({ type: 'typing', active: false });
      w.human.backend.emit({ type: 'availability', availability: { available: true } });
    });
    // One typing timeout per side at most: a storm does not pile up timers.
    expect(timers.pending.size).toBeLessThanOrEqual(2);
    expect(w.container.querySelector('[part~="typing"]')).toBeNull();
    expect(humanButton(w.container).getAttribute('data-kind')).toBe('request');
    await expectSafe(w);
  },
};

describe('floods', () => {
  it.each(FLOOD_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await (run[c.kind] as (c: FloodCase) => Promise<void>)(c);
  });
});
