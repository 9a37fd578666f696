// @vitest-environment happy-dom
import { cleanup, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../src/core/environment';
import { destroyChats, renderWidget, step } from './widget-harness';

afterEach(() => {
  cleanup();
  destroyChats();
});

async function composer(options: Parameters<typeof renderWidget>[0] = {}) {
  const w = renderWidget(options);
  await step(() => w.chat.open());
  const ui = within(w.container as HTMLElement);
  const box = ui.getByLabelText('Message') as HTMLTextAreaElement;
  const type = (value: string) => step(() => fireEvent.input(box, { target: { value } }));
  return { ...w, ui, box, type };
}

describe('the composer', () => {
  it('sends on Enter and clears the box', async () => {
    const { chat, box, type } = await composer();
    await type('where is my order');
    await step(() => fireEvent.keyDown(box, { key: 'Enter' }));
    expect(chat.state.messages.map((m) => m.text)).toEqual(['where is my order']);
    expect(box.value).toBe('');
    expect(chat.state.draft).toBe('');
  });

  it('sends from the send button too', async () => {
    const { chat, ui, type } = await composer();
    await type('hi');
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Send' })));
    expect(chat.state.messages.map((m) => m.text)).toEqual(['hi']);
  });

  it('adds a line on Shift+Enter instead of sending', async () => {
    const { chat, box, type } = await composer();
    await type('line one');
    const event = fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(event).toBe(true); // not prevented: the browser inserts the newline
    expect(chat.state.messages).toHaveLength(0);
  });

  it('never sends on the Enter that confirms an IME composition', async () => {
    const { chat, box, type } = await composer();
    fireEvent.compositionStart(box);
    await type('にほん');
    await step(() => fireEvent.keyDown(box, { key: 'Enter', isComposing: true }));
    await step(() => fireEvent.keyDown(box, { key: 'Enter' })); // still composing by our own account
    fireEvent.compositionEnd(box);
    await step(() => fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 })); // Safari's late Enter
    expect(chat.state.messages).toHaveLength(0);
    expect(box.value).toBe('にほん');
    await step(() => fireEvent.keyDown(box, { key: 'Enter' }));
    expect(chat.state.messages.map((m) => m.text)).toEqual(['にほん']);
  });

  it('keeps the draft in the chat and restores it after a reload', async () => {
    const storage = createMemoryStorage();
    const first = await composer({ chat: { storage, storageKey: 'draft-test' } });
    await first.type('half a thought');
    await step(() => fireEvent.blur(first.box)); // saved on blur at the latest
    expect(first.chat.state.draft).toBe('half a thought');
    first.chat.destroy();
    cleanup();
    const second = await composer({ chat: { storage, storageKey: 'draft-test' } });
    expect(second.box.value).toBe('half a thought');
  });

  it('shows the length limit instead of cutting, and sends nothing while over it', async () => {
    const { chat, box, ui, type } = await composer({ chat: { maxLength: 10 } });
    await type('12345678');
    ui.getByText('8 of 10 characters');
    await type('123456789012');
    expect(box.value).toBe('123456789012');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(ui.getByRole('alert').textContent).toBe('Too long by 2 characters. Shorten it to send.');
    expect(box.getAttribute('aria-describedby')).toBe('hc-count');
    expect(ui.getByText('Too long by 2 characters. Shorten it to send.', { selector: '#hc-count' })).toBeDefined();
    await step(() => fireEvent.keyDown(box, { key: 'Enter' }));
    expect(chat.state.messages).toHaveLength(0);
    expect(box.value).toBe('123456789012');
    expect(chat.state.draft).toBe('123456789012'); // the refused send saved it at once
  });

  it('keeps the text and explains when the core refuses it', async () => {
    const { chat, box, ui, type } = await composer();
    await type('   ');
    await step(() => fireEvent.keyDown(box, { key: 'Enter' }));
    expect(chat.state.messages).toHaveLength(0);
    expect(ui.getByRole('alert').textContent).toBe('Write a message first.');
    expect(box.value).toBe('   ');
    await type('   ok');
    expect(ui.queryByRole('alert')).toBeNull();
  });
});
