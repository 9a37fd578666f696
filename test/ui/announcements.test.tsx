// @vitest-environment happy-dom
/**
 * What screen readers hear: each fact from one live source, once. A streamed reply
 * is busy on its own, never the whole log; the waiting card does not repeat what the
 * log says; the leave-a-message confirmation is announced by the log only; "too
 * long" is said when the limit is crossed, not on every keystroke.
 */
import { cleanup, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { destroyChats, humanButton, renderWidget, settle, step } from './widget-harness';

afterEach(() => {
  cleanup();
  destroyChats();
});

async function opened(options: Parameters<typeof renderWidget>[0] = {}) {
  const w = renderWidget(options);
  await step(() => w.chat.open());
  return { ...w, ui: within(w.container as HTMLElement) };
}

/** Every live region's text, by role. */
function live(container: Element): string[] {
  return [...container.querySelectorAll('[role="status"],[role="alert"],[aria-live]:not([role="log"])')].map((el) => el.textContent ?? '').filter(Boolean);
}

describe('a streamed reply', () => {
  it('a bot stream cut off mid-way leaves only that reply busy: the person’s answer is still announced', async () => {
    const { chat, bot, human, container } = await opened({ human: { agent: { name: 'Alex' }, joinAfterMs: 0 } });
    await step(() => bot!.backend.emit({ type: 'delta', id: 'b1', text: 'Let me check' }));
    const log = container.querySelector('[role="log"]') as HTMLElement;
    const cut = container.querySelector('[data-author="bot"]') as HTMLElement;
    expect(cut.getAttribute('aria-busy')).toBe('true');
    // The bot connection drops mid-stream; the customer asks for a person, who answers.
    await step(() => bot!.backend.emit({ type: 'connection', state: 'closed' } as never));
    await step(() => fireEvent.click(humanButton(container)));
    await settle(20);
    await step(() => human.backend.emit({ type: 'message', message: { id: 'a1', text: 'Hi, I am Alex' } }));
    expect(chat.state.phase).toBe('human');
    const answer = container.querySelector('[data-author="agent"]') as HTMLElement;
    expect(answer.textContent).toContain('Hi, I am Alex');
    expect(log.hasAttribute('aria-busy')).toBe(false);
    expect(answer.hasAttribute('aria-busy')).toBe(false);
  });
});

describe('waiting for a person', () => {
  it('the card does not repeat the queue position the log announced, but says when it moves', async () => {
    const { human, container } = await opened({ human: { receipt: { status: 'queued', position: 3, etaSeconds: 240 } } });
    await step(() => fireEvent.click(humanButton(container)));
    const card = container.querySelector('#hc-waiting') as HTMLElement;
    const log = container.querySelector('[role="log"]') as HTMLElement;
    expect(within(log).getByText('You are number 3 in the queue.')).toBeDefined();
    expect(within(card).getByText('You are number 3 in the queue')).toBeDefined(); // shown …
    // … but not announced a second time: only what the log did not say.
    expect(live(card)).toEqual(['Estimated wait: about 4 min']);

    await step(() => human.backend.emit({ type: 'queue', position: 2, etaSeconds: 240 }));
    expect(live(card)).toEqual(['You are number 2 in the queue']);
    await step(() => human.backend.emit({ type: 'queue', position: 2, etaSeconds: 30 }));
    expect(live(card)).toEqual(['Estimated wait: under a minute']);
  });

  it('says nothing on its own while connecting (the log says "Connecting you with a person…")', async () => {
    const { container } = await opened({ chat: { retry: { baseMs: 60_000, maxMs: 60_000 } }, human: { receipt: { status: 'queued' } } });
    await step(() => fireEvent.click(humanButton(container)));
    const card = container.querySelector('#hc-waiting') as HTMLElement;
    expect(live(card)).toEqual([]);
  });
});

describe('leaving a message', () => {
  it('announces the confirmation once, from the log, while the form only shows it', async () => {
    const { container, ui } = await opened({ human: { availability: { available: false } } });
    await step(() => fireEvent.click(humanButton(container)));
    await step(() => fireEvent.input(ui.getByLabelText('Your email'), { target: { value: 'ana@example.com' } }));
    await step(() => fireEvent.input(ui.getByLabelText('Your message'), { target: { value: 'Call me' } }));
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Send message' })));
    const sentence = 'Thanks! We will reply to ana@example.com.';
    expect(ui.getAllByText(sentence)).toHaveLength(2); // in the log and in the form
    const form = container.querySelector('[part~="leave-form"]') as HTMLElement;
    expect(live(form)).toEqual([]);
    expect(within(container.querySelector('[role="log"]') as HTMLElement).getByText(sentence)).toBeDefined();
  });
});

describe('the length limit', () => {
  it('announces "too long" once when the limit is crossed, not again on each keystroke', async () => {
    const { container } = await opened({ chat: { maxLength: 10 } });
    const box = container.querySelector('textarea') as HTMLTextAreaElement;
    const alerts: string[] = [];
    for (const value of ['12345678901', '123456789012', '1234567890123']) {
      await step(() => fireEvent.input(box, { target: { value } }));
      alerts.push(...[...container.querySelectorAll('[role="alert"]')].map((a) => a.textContent ?? ''));
    }
    expect(alerts).toEqual(Array(3).fill('Too long by 1 characters. Shorten it to send.'));
    // The visible counter keeps count (and describes the box).
    expect(container.querySelector('#hc-count')?.textContent).toBe('Too long by 3 characters. Shorten it to send.');
    expect(box.getAttribute('aria-describedby')).toBe('hc-count');
    // Back under the limit the alert goes; crossing again announces again.
    await step(() => fireEvent.input(box, { target: { value: '12345' } }));
    expect(container.querySelector('[role="alert"]')).toBeNull();
    await step(() => fireEvent.input(box, { target: { value: '123456789012' } }));
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('Too long by 2 characters. Shorten it to send.');
  });
});
