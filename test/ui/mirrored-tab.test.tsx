// @vitest-environment happy-dom
/**
 * A second tab mirrors the conversation: every broadcast brings fresh copies of the
 * state. What it shows must follow the values, not the object identities: the human
 * control keeps the desk's refusal, and the history is not re-rendered (its Markdown
 * re-parsed) for every streamed word.
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { options, type VNode } from 'preact';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createChat, type Chat } from '../../src/core/chat';
import { createMemoryStorage } from '../../src/core/environment';
import { en } from '../../src/i18n/en';
import { createMemoryBot, createMemoryHuman, type MemoryHumanOptions } from '../../src/transports/memory';
import { MessageItem } from '../../src/ui/MessageItem';
import { Widget } from '../../src/ui/Widget';
import { createTabHub } from '../support/tabs';

/** How many times a MessageItem rendered (each render of a bot message parses its Markdown). */
let messageRenders = 0;
const previousDiffed = options.diffed;
options.diffed = (vnode: VNode) => {
  if (vnode.type === MessageItem) messageRenders++;
  previousDiffed?.(vnode);
};
afterAll(() => {
  options.diffed = previousDiffed;
});

/**
 * The chat as a tab that mirrors another may see it: every state a fresh deep copy,
 * with no object kept from the last one. The UI must compare by value, whatever
 * identity the core manages to keep.
 */
function freshCopies(chat: Chat): Chat {
  const copy = <T,>(value: T): T => structuredClone(value);
  const wrapper = Object.create(chat) as Chat;
  Object.defineProperty(wrapper, 'state', { get: () => copy(chat.state) });
  wrapper.on = ((event: string, listener: (...args: unknown[]) => void) =>
    chat.on(event as 'change', event === 'change' ? (state) => listener(copy(state)) : (listener as never))) as Chat['on'];
  return wrapper;
}

const wait = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));
const chats: Chat[] = [];
afterEach(() => {
  cleanup();
  for (const c of chats.splice(0)) c.destroy();
});

async function twoTabs(human: MemoryHumanOptions = {}, show: { leader?: boolean; mirror?: boolean; copies?: boolean } = {}) {
  const storage = createMemoryStorage();
  const hub = createTabHub();
  const bot = createMemoryBot({ reply: (t) => `echo ${t}` });
  const desk = createMemoryHuman(human);
  const make = () => {
    const chat = createChat({ bot, human: desk, storage, locale: 'en', env: { tabs: hub.tabs() } });
    chats.push(chat);
    return chat;
  };
  const leader = make();
  await wait(20);
  const mirror = make();
  await wait(20);
  const props = { strings: en, locale: 'en', dir: 'ltr' as const, mode: 'inline' as const };
  const a = render(show.leader === false ? <div /> : <Widget chat={leader} {...props} />);
  const b = render(show.mirror === false ? <div /> : <Widget chat={show.copies ? freshCopies(mirror) : mirror} {...props} />);
  await act(() => {
    leader.open();
    mirror.open();
  });
  await wait(50);
  return { leader, mirror, bot, desk, a, b };
}

const kind = (container: Element) => container.querySelector('[part~="human-button"]')?.getAttribute('data-kind');

describe('a mirroring tab', () => {
  it.each([
    ['as the core mirrors it', false],
    ['with a fresh copy of everything on each change', true],
  ])('keeps "Leave a message" after the desk refused, when later broadcasts arrive (%s)', async (_, copies) => {
    const { leader, bot, a, b } = await twoTabs({ availability: { available: true }, receipt: { status: 'unavailable' } }, { copies });
    await act(() => {
      leader.requestHuman();
    });
    await wait(200);
    expect(leader.state.handoff.status).toBe('unavailable');
    expect([kind(a.container), kind(b.container)]).toEqual(['leave-message', 'leave-message']);
    // Any later change in the leader (here the bot says something) is broadcast again.
    await act(() => {
      bot.backend.emit({ type: 'message', message: { id: 'x1', text: 'anything else?' } });
    });
    await wait(200);
    expect([kind(a.container), kind(b.container)]).toEqual(['leave-message', 'leave-message']);
  });
});

describe('a long conversation in two tabs', () => {
  const HISTORY = 60;

  async function withHistory(show: { leader?: boolean; mirror?: boolean; copies?: boolean }) {
    const tabs = await twoTabs({}, show);
    for (let i = 0; i < HISTORY / 2; i++) {
      tabs.leader.send(`question ${i} with **markdown** and https://example.com/x`);
      await wait(1);
    }
    await wait(200);
    expect(tabs.mirror.state.messages).toHaveLength(HISTORY);
    return tabs;
  }

  async function stream(bot: ReturnType<typeof createMemoryBot>): Promise<void> {
    for (let i = 0; i < 40; i++) {
      await act(() => {
        bot.backend.emit({ type: 'delta', id: 'stream1', text: `word${i} `, done: i === 39 });
      });
      await wait(10);
    }
    await wait(300);
  }

  it.each([
    ['as the core mirrors it', false],
    ['with a fresh copy of everything on each change', true],
  ])('the mirroring tab re-renders only the streamed reply, never the whole history (%s)', async (_, copies) => {
    const { bot, mirror, b } = await withHistory({ leader: false, copies });
    messageRenders = 0;
    await stream(bot);
    expect(mirror.state.messages.at(-1)?.text).toContain('word39');
    expect(b.container.textContent).toContain('word39');
    expect(messageRenders).toBeGreaterThan(0);
    expect(messageRenders).toBeLessThan(HISTORY);
  });

  it('the leading tab re-renders only the streamed reply too', async () => {
    const { bot, a } = await withHistory({ mirror: false });
    messageRenders = 0;
    await stream(bot);
    expect(a.container.textContent).toContain('word39');
    expect(messageRenders).toBeLessThanOrEqual(41);
  });

  it('typing in one tab re-renders no message in either tab', async () => {
    const { a } = await withHistory({});
    messageRenders = 0;
    const box = a.container.querySelector('textarea') as HTMLTextAreaElement;
    let text = '';
    for (const ch of 'where is my order 12') {
      text += ch;
      await act(() => {
        fireEvent.input(box, { target: { value: text } });
      });
    }
    await act(() => {
      fireEvent.blur(box);
    });
    await wait(100);
    expect(messageRenders).toBe(0);
  });
});
