// @vitest-environment happy-dom
/**
 * The widget on storage that fails, fills up, lies, holds corrupt or hostile data, or
 * is cleared mid-session. In every case the customer can chat, nothing hostile runs or
 * renders, nothing is lost or shown twice, the human control works, nothing pollutes
 * Object.prototype, and (where storage works) a reload brings the conversation back.
 */
import { cleanup, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyValueStorage } from '../../src/core/environment';
import { destroyChats } from '../ui/widget-harness';
import { CONVERSATION_KEY, STORAGE_CASES } from './cases/storage-cases';
import { expectConversation, expectHumanControlWorks, expectSafe, mountWatched, step, type Watched } from './support/watched-widget';
import { QUIET_ESCALATION } from './support/quiet-escalation';

let mounted: Watched[] = [];

afterEach(() => {
  for (const w of mounted) w.stop();
  mounted = [];
  cleanup();
  destroyChats();
});


function mount(storage: KeyValueStorage) {
  const errors: string[] = [];
  const w = mountWatched({
    bot: { reply: (text) => (text === 'hello' || text === 'again' ? `echo: ${text}` : undefined) },
    chat: { storage, escalation: QUIET_ESCALATION, user: { id: 'u-current' } },
  });
  w.chat.on('error', (e) => errors.push(e.code));
  mounted.push(w);
  return Object.assign(w, { errors });
}

async function type(w: Watched, text: string): Promise<void> {
  const box = within(w.container as HTMLElement).getByLabelText('Message') as HTMLTextAreaElement;
  await step(() => fireEvent.input(box, { target: { value: text } }));
  await step(() => fireEvent.keyDown(box, { key: 'Enter' }));
}

describe('storage that fails or lies', () => {
  it.each(STORAGE_CASES.map((c) => [c.name, c] as const))('%s: the chat works and loses nothing', async (_name, c) => {
    const storage = c.make();
    const w = mount(storage);
    await step(() => w.chat.open());
    await expectSafe(w);
    expectConversation(w, c.restored);
    const conversationId = w.chat.state.conversationId;

    await type(w, 'hello');
    c.midway?.(w.chat, storage);
    await type(w, 'again');
    // After a logout only the second message is left; with a person, nobody answers automatically.
    const loggedOut = w.chat.state.conversationId !== conversationId;
    const human = w.chat.state.phase === 'human';
    const turn: Array<'customer' | 'bot'> = human ? ['customer'] : ['customer', 'bot'];
    expectConversation(w, loggedOut ? turn : [...c.restored, ...turn, ...turn]);
    expect(w.chat.state.messages.filter((m) => m.author === 'customer').every((m) => m.status === 'sent')).toBe(true);
    const backend = human ? w.human.backend : w.bot!.backend;
    expect(backend.received.map((m) => m.text).filter((t) => t === 'hello' || t === 'again')).toEqual(['hello', 'again']);
    await expectSafe(w);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Reported once, not once per write.
    if (c.reportsUnavailable) expect(w.errors).toEqual(['storage_unavailable']);
    else expect(w.errors).toEqual([]);

    // A reload on the same storage.
    const before = w.chat.state.messages.map((m) => m.id);
    await step(() => w.chat.destroy());
    const again = mount(storage);
    await step(() => again.chat.open());
    await expectSafe(again);
    if (c.survivesReload) {
      // The store keeps the last 1000 messages.
      expect(again.chat.state.messages.map((m) => m.id)).toEqual(before.slice(-1000));
      expect(storage.inner.getItem(CONVERSATION_KEY)).not.toBeNull();
    }
    await expectHumanControlWorks(again, again.chat.state.phase === 'human' ? 'end' : 'request');
    await expectSafe(again);
  });
});
