// @vitest-environment happy-dom
/**
 * An action that removes the control it was started from must not drop keyboard
 * focus onto the page (<body>): focus moves to the message box, or, where there is
 * none, to the human control or the heading of what replaced the control.
 */
import { cleanup, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/core/errors';
import { destroyChats, humanButton, renderWidget, step } from './widget-harness';

afterEach(() => {
  cleanup();
  destroyChats();
});

async function opened(options: Parameters<typeof renderWidget>[0] = {}) {
  const w = renderWidget(options);
  await step(() => w.chat.open());
  const ui = within(w.container as HTMLElement);
  return { ...w, ui, composer: () => ui.getByLabelText('Message') };
}

/** Focuses the control, then activates it the way a keyboard or mouse would (the control has focus). */
async function activate(control: HTMLElement): Promise<void> {
  control.focus();
  expect(document.activeElement).toBe(control);
  await step(() => fireEvent.click(control));
}

async function endedWithPerson() {
  const w = await opened();
  await step(() => w.chat.requestHuman());
  await step(() => w.human.backend.emit({ type: 'agent-joined', agent: { name: 'Alex' } }));
  await step(() => w.human.backend.emit({ type: 'ended' }));
  return w;
}

describe('focus after an action removes the control', () => {
  it('a chosen quick reply leaves focus in the message box', async () => {
    const { chat, ui, composer } = await opened({ bot: { greeting: { text: 'Pick one', quickReplies: [{ title: 'Orders', payload: 'o' }] } } });
    await activate(ui.getByRole('button', { name: 'Orders' }));
    expect(chat.state.messages.some((m) => m.author === 'customer' && m.text === 'Orders')).toBe(true);
    expect(ui.queryByRole('button', { name: 'Orders' })).toBeNull();
    expect(document.activeElement).toBe(composer());
  });

  it.each([
    ['Yes, talk to a person', 'waiting'],
    ['No, thanks', 'bot'],
  ])('answering the offer of a person ("%s") leaves focus in the message box', async (answer, phase) => {
    const { chat, ui, composer } = await opened({ bot: { reply: () => ({ text: 'Sorry?', fallback: true }) } });
    await step(() => chat.send('a'));
    await step(() => chat.send('b'));
    await activate(ui.getByRole('button', { name: answer }));
    expect(chat.state.phase).toBe(phase);
    expect(ui.queryByText('Would you like to talk to a person?')).toBeNull();
    expect(document.activeElement).toBe(composer());
  });

  it('"Cancel request" leaves focus in the message box', async () => {
    const { chat, container, ui, composer } = await opened();
    await step(() => fireEvent.click(humanButton(container)));
    await activate(ui.getByRole('button', { name: 'Cancel request' }));
    expect(chat.state.phase).toBe('bot');
    expect(document.activeElement).toBe(composer());
  });

  it('"Retry" on a failed message leaves focus in the message box', async () => {
    const { chat, bot, ui, composer } = await opened({ chat: { retry: { baseMs: 60_000, maxMs: 60_000 } } });
    bot!.backend.failNext(1);
    await step(() => chat.send('where is my order'));
    await activate(ui.getByRole('button', { name: 'Retry' }));
    expect(ui.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(document.activeElement).toBe(composer());
  });

  it('sending the rating leaves focus in the message box', async () => {
    const { ui, composer, human } = await endedWithPerson();
    await step(() => fireEvent.click(ui.getByRole('radio', { name: /Good$/ })));
    await activate(ui.getByRole('button', { name: 'Send feedback' }));
    expect(human.backend.ratings).toHaveLength(1);
    expect(ui.queryByRole('button', { name: 'Send feedback' })).toBeNull();
    expect(document.activeElement).toBe(composer());
  });

  it('skipping the rating leaves focus in the message box', async () => {
    const { ui, composer } = await endedWithPerson();
    await activate(ui.getByRole('button', { name: 'Skip' }));
    expect(ui.queryByRole('button', { name: 'Skip' })).toBeNull();
    expect(document.activeElement).toBe(composer());
  });

  it('sending a left message puts focus on the heading of the confirmation', async () => {
    const { container, ui } = await opened({ human: { availability: { available: false } } });
    await step(() => fireEvent.click(humanButton(container)));
    await step(() => fireEvent.input(ui.getByLabelText('Your email'), { target: { value: 'a@b.co' } }));
    await step(() => fireEvent.input(ui.getByLabelText('Your message'), { target: { value: 'Call me' } }));
    await activate(container.querySelector('[part~="leave-submit"]') as HTMLElement);
    const heading = ui.getByRole('heading', { name: 'Leave a message' });
    expect(document.activeElement).toBe(heading);
    expect(heading.getAttribute('tabindex')).toBe('-1'); // focusable by script, not a Tab stop
  });

  it('"Try again" after the desk refused the note puts focus in the form again', async () => {
    const { container, human, ui } = await opened({ human: { availability: { available: false } } });
    await step(() => fireEvent.click(humanButton(container)));
    human.backend.failNext(1, new TransportError('rejected', 'HTTP 422', { status: 422, retryable: false }));
    await step(() => fireEvent.input(ui.getByLabelText('Your email'), { target: { value: 'a@b.co' } }));
    await step(() => fireEvent.input(ui.getByLabelText('Your message'), { target: { value: 'Call me' } }));
    await activate(container.querySelector('[part~="leave-submit"]') as HTMLElement);
    await activate(ui.getByRole('button', { name: 'Try again' }));
    expect(document.activeElement).toBe(ui.getByLabelText('Your email'));
  });

  it('"Back to the chat" puts focus on the human control that opened the form', async () => {
    const { container, ui } = await opened({ human: { availability: { available: false } } });
    await step(() => fireEvent.click(humanButton(container)));
    await activate(ui.getByRole('button', { name: 'Back to the chat' }));
    expect(container.querySelector('[part~="leave-form"]')).toBeNull();
    expect(document.activeElement).toBe(humanButton(container));
  });

  it('after a tap, focus goes to the panel heading rather than popping up the on-screen keyboard', async () => {
    const { ui } = await opened({ bot: { greeting: { text: 'Pick one', quickReplies: [{ title: 'Orders' }] } } });
    const chip = ui.getByRole('button', { name: 'Orders' });
    chip.focus();
    await step(() => chip.dispatchEvent(new PointerEvent('click', { bubbles: true, pointerType: 'touch' })));
    expect(ui.queryByRole('button', { name: 'Orders' })).toBeNull();
    expect(document.activeElement).toBe(ui.getByRole('heading', { name: 'Chat with us' }));
  });

  it('leaves focus alone when it was not on the control (a page field, a tap in Safari)', async () => {
    const outside = document.createElement('input');
    document.body.append(outside);
    const { ui } = await opened({ bot: { greeting: { text: 'Pick one', quickReplies: [{ title: 'Orders' }] } } });
    outside.focus();
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Orders' })));
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });
});
