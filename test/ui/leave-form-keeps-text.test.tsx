// @vitest-environment happy-dom
/**
 * Words typed into the leave-a-message form survive the form going away ("Back to
 * the chat", a person joining meanwhile), and go when the conversation does (logout).
 */
import { act, cleanup, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { destroyChats, humanButton, renderWidget, step } from './widget-harness';

afterEach(() => {
  cleanup();
  destroyChats();
});

async function formWithText(options: Parameters<typeof renderWidget>[0] = { human: { availability: { available: false } } }) {
  const w = renderWidget(options);
  await step(() => w.chat.open());
  await step(() => fireEvent.click(humanButton(w.container)));
  const ui = within(w.container as HTMLElement);
  await step(() => fireEvent.input(ui.getByLabelText('Your email'), { target: { value: 'sam@example.com' } }));
  await step(() => fireEvent.input(ui.getByLabelText('Your message'), { target: { value: 'My order 1234 arrived broken, please call me back' } }));
  return { ...w, ui };
}

const fields = (ui: ReturnType<typeof within>) => [
  (ui.getByLabelText('Your email') as HTMLInputElement).value,
  (ui.getByLabelText('Your message') as HTMLTextAreaElement).value,
];

describe('the leave-a-message form', () => {
  it('keeps what was typed after "Back to the chat"', async () => {
    const { container, ui } = await formWithText();
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Back to the chat' })));
    expect(container.querySelector('[part~="leave-form"]')).toBeNull();
    await step(() => fireEvent.click(humanButton(container)));
    expect(fields(ui)).toEqual(['sam@example.com', 'My order 1234 arrived broken, please call me back']);
  });

  it('keeps what was typed when a person joins meanwhile and the form goes away', async () => {
    const w = renderWidget({ chat: { queueTimeoutMs: 30 } });
    await step(() => w.chat.open());
    await step(() => fireEvent.click(humanButton(w.container)));
    await act(() => new Promise((r) => setTimeout(r, 60)));
    const ui = within(w.container as HTMLElement);
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Leave a message instead' })));
    await step(() => fireEvent.input(ui.getByLabelText('Your message'), { target: { value: 'Half-written note' } }));
    // The request is still pending; a person picks it up before the note is sent.
    await step(() => w.human.backend.emit({ type: 'agent-joined', agent: { name: 'Alex' } }));
    expect(w.container.querySelector('[part~="leave-form"]')).toBeNull();
    await step(() => w.human.backend.emit({ type: 'ended' }));
    await step(() => w.human.backend.emit({ type: 'availability', availability: { available: false } }));
    await step(() => fireEvent.click(humanButton(w.container)));
    expect((ui.getByLabelText('Your message') as HTMLTextAreaElement).value).toBe('Half-written note');
  });

  it('forgets the words on logout: the next person never sees them', async () => {
    const { chat, container, ui } = await formWithText();
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Back to the chat' })));
    await step(() => chat.logout());
    await step(() => fireEvent.click(humanButton(container)));
    expect(fields(ui)).toEqual(['', '']);
  });

  it('starts afresh after the message was left and the customer went back to the chat', async () => {
    const { chat, container, ui } = await formWithText();
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Send message' })));
    expect(chat.state.handoff.status).toBe('message-left');
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Back to the chat' })));
    await step(() => fireEvent.click(humanButton(container)));
    expect(fields(ui)).toEqual(['', '']);
  });
});
