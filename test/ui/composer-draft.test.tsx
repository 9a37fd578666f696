// @vitest-environment happy-dom
/**
 * The message box and the chat's draft: what is on screen follows changes made from
 * outside (logout, another person, the page's setDraft) and never writes a wiped
 * draft back; typing saves the draft once it pauses, not on every keystroke.
 */
import { act, cleanup, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../src/core/environment';
import { DRAFT_SAVE_DELAY_MS } from '../../src/ui/Composer';
import { createFakeHost, destroyChats, humanButton, renderWidget, step } from './widget-harness';

afterEach(() => {
  cleanup();
  destroyChats();
});

async function composer(options: Parameters<typeof renderWidget>[0] = {}) {
  const w = renderWidget(options);
  await step(() => w.chat.open());
  const ui = within(w.container as HTMLElement);
  const box = () => ui.getByLabelText('Message') as HTMLTextAreaElement;
  const type = (value: string) => step(() => fireEvent.input(box(), { target: { value } }));
  return { ...w, ui, box, type };
}

const pause = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));

describe('a draft changed from outside', () => {
  it('logout empties the box, and the next keystroke does not bring the old text back', async () => {
    const { chat, box, type } = await composer();
    await type('my card is 4111 1111 1111 1111');
    await step(() => fireEvent.blur(box()));
    expect(chat.state.draft).toContain('4111');
    await step(() => chat.logout());
    expect(box().value).toBe('');
    await type('!');
    await step(() => fireEvent.blur(box()));
    expect(chat.state.draft).toBe('!');
  });

  it('logout right after typing (save still pending) empties the box and saves nothing', async () => {
    const { chat, box, type } = await composer();
    await type('my card is 4111 1111 1111 1111');
    await step(() => chat.logout());
    expect(box().value).toBe('');
    await pause(DRAFT_SAVE_DELAY_MS + 50);
    expect(chat.state.draft).toBe('');
  });

  it('identify() as another person shows their (empty) draft, not the last person’s text', async () => {
    const { chat, box, type } = await composer({ chat: { user: { id: 'ana' } } });
    await type('private note from Ana');
    await step(() => fireEvent.blur(box()));
    await step(() => chat.identify({ id: 'ben' }));
    expect(box().value).toBe('');
  });

  it('setDraft from the page shows in the box', async () => {
    const { chat, box } = await composer();
    await step(() => chat.setDraft('prefilled by the site'));
    expect(box().value).toBe('prefilled by the site');
  });
});

describe('saving the draft', () => {
  it('saves once typing pauses, not on every keystroke', async () => {
    const storage = createMemoryStorage();
    let writes = 0;
    const counting = { ...storage, getItem: storage.getItem, removeItem: storage.removeItem, setItem: (k: string, v: string) => (writes++, storage.setItem(k, v)) };
    const { chat, box } = await composer({ chat: { storage: counting, storageKey: 'typing' } });
    await pause(20);
    writes = 0;
    // Twenty keystrokes in one go (no timer can run in between, however slow the machine).
    await act(() => {
      let text = '';
      for (const ch of 'where is my order 12') {
        text += ch;
        fireEvent.input(box(), { target: { value: text } });
      }
    });
    expect(chat.state.draft).toBe('');
    expect(writes).toBe(0);
    await pause(DRAFT_SAVE_DELAY_MS + 50);
    expect(chat.state.draft).toBe('where is my order 12');
    expect(writes).toBe(1);
  });

  it('saves at once when the box loses focus and when the page is hidden', async () => {
    const host = createFakeHost();
    const { chat, box, type } = await composer({ host });
    await type('first');
    await step(() => fireEvent.blur(box()));
    expect(chat.state.draft).toBe('first');
    await type('second');
    await step(() => host.hidePage());
    expect(chat.state.draft).toBe('second');
  });

  it('does not write the sent text back after sending', async () => {
    const { chat, box, type } = await composer();
    await type('hello there');
    await step(() => fireEvent.keyDown(box(), { key: 'Enter' }));
    await pause(DRAFT_SAVE_DELAY_MS + 50);
    expect(chat.state.messages.map((m) => m.text)).toEqual(['hello there']);
    expect(chat.state.draft).toBe('');
    expect(box().value).toBe('');
  });

  it('hands what was just typed to the leave-a-message form that replaces the box', async () => {
    const { chat, ui, container, type } = await composer({ human: { receipt: { status: 'unavailable' } } });
    await type('My order is late');
    await step(() => fireEvent.click(humanButton(container)));
    expect((ui.getByLabelText('Your message') as HTMLTextAreaElement).value).toBe('My order is late');
    expect(chat.state.draft).toBe('My order is late'); // saved as the box went away
  });
});
