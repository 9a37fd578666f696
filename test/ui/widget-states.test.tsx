// @vitest-environment happy-dom
import { act, cleanup, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/core/errors';
import { createFakeHost, destroyChats, humanButton, renderWidget, settle, step } from './widget-harness';

afterEach(() => {
  cleanup();
  destroyChats();
});

const ALEX = { name: 'Alex' };

async function opened(options: Parameters<typeof renderWidget>[0] = {}) {
  const w = renderWidget(options);
  await step(() => w.chat.open());
  return { ...w, ui: within(w.container as HTMLElement) };
}

describe('availability before committing', () => {
  it('says how soon someone usually replies, as the description of the human control', async () => {
    const { container, ui } = await opened({ human: { availability: { available: true, etaSeconds: 120 } } });
    const note = ui.getByText('Usually replies in 2 min');
    expect(humanButton(container).getAttribute('aria-describedby')).toBe(note.id);
  });

  it('says nobody is online and turns the control into leave-a-message without queueing anyone', async () => {
    const { container, human, ui } = await opened({ human: { availability: { available: false } } });
    ui.getByText('No one online now, leave a message');
    const button = humanButton(container);
    expect(button.textContent).toBe('Leave a message');
    await step(() => fireEvent.click(button));
    expect(human.backend.handoffs).toHaveLength(0);
    const email = ui.getByLabelText('Your email');
    expect(document.activeElement).toBe(email);
  });

  it('shows the backend’s own words (e.g. opening hours) when it gives them', async () => {
    const { ui } = await opened({ human: { availability: { available: false, message: 'Back Monday 9:00' } } });
    ui.getByText('Back Monday 9:00');
  });
});

describe('waiting for a person', () => {
  it('shows queue position and wait in the header control and a card with a way back', async () => {
    const { chat, human, container, ui } = await opened({ human: { receipt: { status: 'queued', position: 3, etaSeconds: 240 } } });
    await step(() => fireEvent.click(humanButton(container)));
    const button = humanButton(container);
    expect(button.textContent).toContain('You are number 3 in the queue');
    expect(button.textContent).toContain('Estimated wait: about 4 min');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const card = container.querySelector('#hc-waiting') as HTMLElement;
    expect(card).not.toBeNull();
    expect(button.getAttribute('aria-controls')).toBe('hc-waiting');

    await step(() => human.backend.emit({ type: 'queue', position: 1, etaSeconds: 30 }));
    expect(humanButton(container).textContent).toContain('You are number 1 in the queue');
    expect(humanButton(container).textContent).toContain('Estimated wait: under a minute');

    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Cancel request' })));
    expect(chat.state.phase).toBe('bot');
    expect(human.backend.cancels).toEqual([human.backend.handoffs[0]?.id]);
    ui.getByText('Request cancelled. You are back with the bot.');
    expect(humanButton(container).textContent).toBe('Talk to a person');
  });

  it('offers to leave a message instead when the queue takes too long, and withdraws the request', async () => {
    const { chat, human, container, ui } = await opened({ chat: { queueTimeoutMs: 30 } });
    await step(() => fireEvent.click(humanButton(container)));
    expect(ui.queryByRole('button', { name: 'Leave a message instead' })).toBeNull();
    await act(async () => {
      await new Promise((r) => setTimeout(r, 60));
    });
    await settle();
    ui.getByText('This is taking longer than usual.', { selector: '.hint' });
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Leave a message instead' })));
    await step(() => fireEvent.input(ui.getByLabelText('Your email'), { target: { value: 'ana@example.com' } }));
    await step(() => fireEvent.input(ui.getByLabelText('Your message'), { target: { value: 'Please call me' } }));
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Send message' })));
    expect(human.backend.notes.map((n) => n.message)).toEqual(['Please call me']);
    expect(human.backend.cancels).toHaveLength(1);
    expect(chat.state.handoff.status).toBe('message-left');
    expect(humanButton(container).isConnected).toBe(true);
  });

  it('says so when the desk refuses the left message, and gives the words back to try again', async () => {
    const { chat, human, container, ui } = await opened({ human: { receipt: { status: 'unavailable' } } });
    await step(() => fireEvent.click(humanButton(container)));
    human.backend.failNext(1, new TransportError('rejected', 'HTTP 422', { status: 422, retryable: false }));
    await step(() => fireEvent.input(ui.getByLabelText('Your email'), { target: { value: 'ana@example.com' } }));
    await step(() => fireEvent.input(ui.getByLabelText('Your message'), { target: { value: 'Call me back' } }));
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Send message' })));
    ui.getByRole('alert');
    expect(ui.getByRole('alert').textContent).toContain('could not send');
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Try again' })));
    expect((ui.getByLabelText('Your message') as HTMLTextAreaElement).value).toBe('Call me back');
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Send message' })));
    expect(human.backend.notes.map((n) => n.message)).toEqual(['Call me back']);
    expect(chat.state.handoff.status).toBe('message-left');
  });

  it('toggles the waiting details from the header control', async () => {
    const { container } = await opened();
    await step(() => fireEvent.click(humanButton(container)));
    expect(container.querySelector('#hc-waiting')).not.toBeNull();
    await step(() => fireEvent.click(humanButton(container)));
    expect(humanButton(container).getAttribute('aria-expanded')).toBe('false');
    expect(container.querySelector('#hc-waiting')).toBeNull();
  });

  it('says it is still trying when the request could not be delivered yet', async () => {
    const { chat, human, container } = await opened({ chat: { retry: { baseMs: 60_000, maxMs: 60_000 } } });
    human.backend.failNext(1);
    await step(() => chat.requestHuman());
    expect(humanButton(container).textContent).toContain('Still trying to reach our team…');
  });

  it('shows what the agent will see as plain text, markup included verbatim', async () => {
    const { chat, container, ui } = await opened({ chat: { redact: (text) => ({ text: text.replace(/\d{4} \d{4} \d{4} \d{4}/g, '[card]'), kinds: ['card'] }) } });
    await step(() => chat.send('<img src=x onerror=alert(1)> my card is 4111 1111 1111 1111'));
    await step(() => fireEvent.click(humanButton(container)));
    const details = container.querySelector('[part~="transcript-preview"]') as HTMLDetailsElement;
    details.open = true;
    await step(() => details.dispatchEvent(new Event('toggle')));
    const pre = within(details).getByLabelText('What the agent will see');
    expect(pre.textContent).toContain('<img src=x onerror=alert(1)> my card is [card]');
    expect(pre.textContent).not.toContain('4111');
    expect(pre.querySelector('img')).toBeNull();
    expect(ui.queryByText(/4111 1111/)).not.toBeNull(); // the customer's own copy is untouched
  });
});

describe('a person answers', () => {
  it('names the person and their role in the header and on their messages', async () => {
    const { chat, human, bot, container, ui } = await opened({ bot: { greeting: 'I am the bot' } });
    await settle();
    await step(() => chat.requestHuman());
    await step(() => human.backend.emit({ type: 'agent-joined', agent: { name: 'Alex', title: 'Billing specialist' } }));
    await step(() => human.backend.emit({ type: 'message', message: { id: 'a1', text: 'Hi, Alex here', agent: { name: 'Alex', title: 'Billing specialist' } } }));
    const header = container.querySelector('[part~="header"]') as HTMLElement;
    within(header).getByText('You are chatting with Alex');
    within(header).getByText('Billing specialist');
    const agentMessage = container.querySelector('[data-author="agent"]') as HTMLElement;
    expect(agentMessage.querySelector('.author')?.textContent).toBe('Alex Billing specialist');
    const botMessage = container.querySelector('[data-author="bot"]') as HTMLElement;
    expect(botMessage.querySelector('.author')?.textContent).toBe('Bot');
    ui.getByText('Alex joined the chat.');
    expect(bot).toBeDefined();
  });

  it('labels a person without a title as "Support agent"', async () => {
    const { chat, human, container } = await opened();
    await step(() => chat.requestHuman());
    await step(() => human.backend.emit({ type: 'agent-joined', agent: ALEX }));
    await step(() => human.backend.emit({ type: 'message', message: { id: 'a1', text: 'Hello' } }));
    const header = container.querySelector('[part~="header"]') as HTMLElement;
    within(header).getByText('Support agent');
    expect(container.querySelector('[data-author="agent"] .author')?.textContent).toBe('Alex Support agent');
  });

  it('ends the chat from the control and offers the survey', async () => {
    const { chat, human, container, ui } = await opened();
    await step(() => chat.requestHuman());
    await step(() => human.backend.emit({ type: 'agent-joined', agent: ALEX }));
    await step(() => fireEvent.click(humanButton(container)));
    expect(chat.state.phase).toBe('ended');
    expect(human.backend.ends).toHaveLength(1);
    ui.getByText('The conversation has ended.');
    ui.getByRole('group', { name: 'How was your chat?' });
  });
});

describe('the satisfaction survey', () => {
  async function ended() {
    const w = await opened();
    await step(() => w.chat.requestHuman());
    await step(() => w.human.backend.emit({ type: 'agent-joined', agent: ALEX }));
    await step(() => w.human.backend.emit({ type: 'ended' }));
    return w;
  }

  it('asks for a score first, then sends score and comment', async () => {
    const { human, ui, chat } = await ended();
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Send feedback' })));
    ui.getByText('Choose a rating first.');
    expect(human.backend.ratings).toHaveLength(0);
    await step(() => fireEvent.click(ui.getByRole('radio', { name: /Good$/ })));
    fireEvent.input(ui.getByLabelText('Anything to add? (optional)'), { target: { value: 'Quick help' } });
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Send feedback' })));
    expect(human.backend.ratings.map((r) => [r.score, r.comment])).toEqual([[4, 'Quick help']]);
    expect(chat.state.rating).toBe('sent');
    expect(ui.queryByRole('button', { name: 'Send feedback' })).toBeNull();
    ui.getByText('Thanks for your feedback.');
  });

  it('can be skipped without sending anything', async () => {
    const { human, ui } = await ended();
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Skip' })));
    expect(ui.queryByRole('button', { name: 'Send feedback' })).toBeNull();
    expect(human.backend.ratings).toHaveLength(0);
  });
});

describe('nobody available: leave a message', () => {
  it('opens the form when the desk refuses, keeps the text on a bad email, then confirms', async () => {
    const { chat, human, container, ui } = await opened({ human: { receipt: { status: 'unavailable' } } });
    await step(() => fireEvent.input(ui.getByLabelText('Message'), { target: { value: 'My order is late' } }));
    await step(() => fireEvent.click(humanButton(container)));
    ui.getByText('No one is available right now. You can leave a message.');
    const form = container.querySelector('[part~="leave-form"]') as HTMLElement;
    const message = within(form).getByLabelText('Your message') as HTMLTextAreaElement;
    expect(message.value).toBe('My order is late');
    expect(ui.queryByLabelText('Message')).toBeNull(); // one text box at a time

    fireEvent.input(within(form).getByLabelText('Your email'), { target: { value: 'not-an-email' } });
    await step(() => fireEvent.click(within(form).getByRole('button', { name: 'Send message' })));
    within(form).getByRole('alert');
    expect(within(form).getByRole('alert').textContent).toBe('Enter an email address we can reply to.');
    expect(within(form).getByLabelText('Your email').getAttribute('aria-invalid')).toBe('true');
    expect((within(form).getByLabelText('Your message') as HTMLTextAreaElement).value).toBe('My order is late');

    fireEvent.input(within(form).getByLabelText('Your email'), { target: { value: 'ana@example.com' } });
    await step(() => fireEvent.click(within(form).getByRole('button', { name: 'Send message' })));
    expect(human.backend.notes).toHaveLength(1);
    expect(human.backend.notes[0]).toMatchObject({ email: 'ana@example.com', message: 'My order is late' });
    expect(human.backend.notes[0]?.transcript.messages.length).toBeGreaterThan(0);
    expect(chat.state.handoff.status).toBe('message-left');
    // Shown in the form, announced once: by the log, not by the form as well.
    const done = container.querySelector('[part~="leave-form"]') as HTMLElement;
    within(done).getByText('Thanks! We will reply to ana@example.com.');
    expect(within(done).getByRole('status').textContent).toBe('');
    within(container.querySelector('[role="log"]') as HTMLElement).getByText('Thanks! We will reply to ana@example.com.');

    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Back to the chat' })));
    expect(container.querySelector('[part~="leave-form"]')).toBeNull();
    expect(document.activeElement).toBe(humanButton(container));
  });

  it('shows "sending" until the backend has the message', async () => {
    const { human, container, ui } = await opened({ human: { receipt: { status: 'unavailable' } }, chat: { retry: { baseMs: 60_000, maxMs: 60_000 } } });
    await step(() => fireEvent.click(humanButton(container)));
    human.backend.failNext(1);
    const form = container.querySelector('[part~="leave-form"]') as HTMLElement;
    fireEvent.input(within(form).getByLabelText('Your email'), { target: { value: 'ana@example.com' } });
    fireEvent.input(within(form).getByLabelText('Your message'), { target: { value: 'Hi' } });
    await step(() => fireEvent.click(within(form).getByRole('button', { name: 'Send message' })));
    expect(within(container.querySelector('[part~="leave-form"]') as HTMLElement).getByRole('status').textContent).toBe('Sending your message…');
    expect(ui.queryByText(/We will reply to/)).toBeNull();
  });
});

describe('the offer of a person', () => {
  it('appears when the bot keeps failing, and "yes" requests a person with that reason', async () => {
    const { chat, human, ui } = await opened({ bot: { reply: () => ({ text: 'Sorry?', fallback: true }) } });
    await step(() => chat.send('blorp'));
    expect(ui.queryByText('Would you like to talk to a person?')).toBeNull();
    await step(() => chat.send('what about shipping'));
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Yes, talk to a person' })));
    expect(chat.state.phase).toBe('waiting');
    expect(human.backend.handoffs[0]?.transcript.context.trigger).toBe('bot-failure');
  });

  it('goes away on "no, thanks"', async () => {
    const { chat, ui } = await opened({ bot: { reply: () => ({ text: 'Sorry?', fallback: true }) } });
    await step(() => chat.send('a'));
    await step(() => chat.send('b'));
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'No, thanks' })));
    expect(ui.queryByText('Would you like to talk to a person?')).toBeNull();
    expect(chat.state.phase).toBe('bot');
  });
});

describe('messages', () => {
  it('renders the safe Markdown subset for the bot and never markup', async () => {
    const { bot, container } = await opened();
    const text = [
      'Hi **there**, *you* `code` <script>alert(1)</script>',
      '- [Docs](https://example.com/docs)',
      '- [bad](javascript:alert(1))',
      '',
      'mail <mailto:help@example.com> or visit https://example.com/a.',
    ].join('\n');
    await step(() => bot!.backend.emit({ type: 'message', message: { id: 'b1', text } }));
    const bubble = container.querySelector('[data-author="bot"] .bubble') as HTMLElement;
    expect(bubble.querySelector('strong')?.textContent).toBe('there');
    expect(bubble.querySelector('em')?.textContent).toBe('you');
    expect(bubble.querySelector('code')?.textContent).toBe('code');
    expect(bubble.querySelector('script')).toBeNull();
    expect(bubble.textContent).toContain('<script>alert(1)</script>');
    const links = [...bubble.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/docs', 'mailto:help@example.com', 'https://example.com/a']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(bubble.querySelectorAll('li')).toHaveLength(2);
    expect(bubble.querySelectorAll('li')[1]?.textContent).toBe('bad');
  });

  it('shows customer text exactly as typed', async () => {
    const { chat, container } = await opened();
    await step(() => chat.send('**not bold** <b>x</b>\nsecond line'));
    const bubble = container.querySelector('[data-author="customer"] .bubble') as HTMLElement;
    expect(bubble.querySelector('strong, b')).toBeNull();
    expect(bubble.textContent).toBe('**not bold** <b>x</b>\nsecond line');
    expect(container.querySelector('[data-author="customer"] .author')?.textContent).toBe('You');
  });

  it('sends a quick reply when chosen', async () => {
    const { bot, ui } = await opened({
      bot: { reply: (t) => (t === 'help' ? { text: 'Which one?', quickReplies: [{ title: 'Refund', payload: 'intent:refund' }] } : 'Refunds take 5 days.') },
    });
    await step(() => fireEvent.input(ui.getByLabelText('Message'), { target: { value: 'help' } }));
    await step(() => fireEvent.keyDown(ui.getByLabelText('Message'), { key: 'Enter' }));
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Refund' })));
    expect(bot!.backend.received.map((m) => m.quickReply?.payload)).toEqual([undefined, 'intent:refund']);
    expect(ui.queryByRole('button', { name: 'Refund' })).toBeNull();
    const customer = [...document.querySelectorAll('[data-author="customer"] .bubble')].map((b) => b.textContent);
    expect(customer).toEqual(['help', 'Refund']);
  });

  it('shows the typing indicator while the bot types', async () => {
    const { bot, ui } = await opened();
    await step(() => bot!.backend.emit({ type: 'typing', active: true }));
    ui.getByText('The bot is typing…');
    await step(() => bot!.backend.emit({ type: 'typing', active: false }));
    expect(ui.queryByText('The bot is typing…')).toBeNull();
  });

  it('grows a streamed reply in place and keeps that reply quiet until it is complete', async () => {
    const { bot, container } = await opened();
    await step(() => bot!.backend.emit({ type: 'delta', id: 's1', text: 'Your order ' }));
    const log = container.querySelector('[role="log"]') as HTMLElement;
    const message = container.querySelector('[data-author="bot"]') as HTMLElement;
    const bubble = message.querySelector('.bubble') as HTMLElement;
    expect(message.getAttribute('aria-busy')).toBe('true');
    expect(log.hasAttribute('aria-busy')).toBe(false); // the rest of the conversation is still announced
    await step(() => bot!.backend.emit({ type: 'delta', id: 's1', text: 'ships **today**', done: true }));
    expect(container.querySelector('[data-author="bot"] .bubble')).toBe(bubble);
    expect(bubble.textContent).toBe('Your order ships today');
    expect(bubble.querySelector('strong')?.textContent).toBe('today');
    expect(message.hasAttribute('aria-busy')).toBe(false);
    expect(container.querySelectorAll('[data-author="bot"]')).toHaveLength(1);
  });

  it('time-stamps messages, with the date for older ones', async () => {
    const now = Date.now();
    const older = now - 2 * 86_400_000;
    const recent = new Date(now).setHours(0, 0, 30, 0);
    const { bot, container } = await opened({ now: () => now, locale: 'sv' });
    await step(() => bot!.backend.emit({ type: 'message', message: { id: 'old', text: 'earlier', time: older } }));
    await step(() => bot!.backend.emit({ type: 'message', message: { id: 'new', text: 'today', time: recent } }));
    const times = [...container.querySelectorAll('time')];
    expect(times.map((t) => t.getAttribute('datetime'))).toEqual([new Date(older).toISOString(), new Date(recent).toISOString()]);
    expect(times[0]?.textContent).toBe(new Intl.DateTimeFormat('sv', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(older));
    expect(times[1]?.textContent).toBe(new Intl.DateTimeFormat('sv', { hour: 'numeric', minute: '2-digit' }).format(recent));
  });

  it('words system lines in the customer’s language', async () => {
    const { chat, human, ui } = await opened({ locale: 'sv' });
    await step(() => chat.requestHuman());
    await step(() => human.backend.emit({ type: 'agent-joined', agent: ALEX }));
    ui.getByText('Kopplar dig till en person…');
    ui.getByText('Alex anslöt till chatten.');
  });

  it('marks a failed message and retries it on request', async () => {
    const { chat, bot, container, ui } = await opened({ chat: { retry: { baseMs: 60_000, maxMs: 60_000 } } });
    bot!.backend.failNext(1);
    await step(() => chat.send('where is my order'));
    ui.getByText('Not sent');
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Retry' })));
    expect(chat.state.messages[0]?.status).toBe('sent');
    expect(ui.queryByText('Not sent')).toBeNull();
    expect(bot!.backend.received.map((m) => m.text)).toEqual(['where is my order']);
    expect(container.querySelector('.msg-failed')).toBeNull();
  });
});

describe('attachments and images', () => {
  const image = (url: string) => ({ type: 'message' as const, message: { id: url, text: 'see', attachments: [{ kind: 'image' as const, url, alt: 'Receipt' }] } });

  it('shows images as links unless their origin is allowed', async () => {
    const { bot, container } = await opened();
    await step(() => bot!.backend.emit(image('https://cdn.example.com/r.png')));
    expect(container.querySelector('img')).toBeNull();
    const link = container.querySelector('.attachment-link') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('https://cdn.example.com/r.png');
    expect(link.textContent).toContain('Image: Receipt');
  });

  it('loads https images from allowed origins only, never http or other schemes', async () => {
    const { bot, container } = await opened({ imageOrigins: ['https://cdn.example.com'] });
    await step(() => bot!.backend.emit(image('https://cdn.example.com/r.png')));
    await step(() => bot!.backend.emit(image('https://evil.example.net/r.png')));
    await step(() => bot!.backend.emit(image('http://cdn.example.com/r.png')));
    await step(() => bot!.backend.emit(image('javascript:alert(1)')));
    const imgs = [...container.querySelectorAll('img')];
    expect(imgs.map((i) => i.getAttribute('src'))).toEqual(['https://cdn.example.com/r.png']);
    expect(imgs[0]?.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(imgs[0]?.getAttribute('alt')).toBe('Receipt');
    const hrefs = [...container.querySelectorAll('a.attachment-link')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://evil.example.net/r.png', 'http://cdn.example.com/r.png']);
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
  });
});

describe('the floating launcher and panel', () => {
  it('counts unread replies on the launcher and clears them on open', async () => {
    const w = renderWidget({ mode: 'floating' });
    const ui = within(w.container as HTMLElement);
    const panel = w.container.querySelector('[part~="panel"]') as HTMLElement;
    expect(panel.hidden).toBe(true);
    await step(() => w.chat.open());
    await step(() => w.chat.close());
    await step(() => w.bot!.backend.emit({ type: 'message', message: { id: 'b1', text: 'Reply while away' } }));
    await step(() => w.bot!.backend.emit({ type: 'message', message: { id: 'b2', text: 'Another' } }));
    const launcher = ui.getByRole('button', { name: 'Open chat, 2 unread' });
    expect(launcher.querySelector('[part~="badge"]')?.textContent).toBe('2');
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    await step(() => fireEvent.click(launcher));
    expect(panel.hidden).toBe(false);
    expect(w.chat.state.unread).toBe(0);
    expect(ui.getByRole('button', { name: 'Close chat' }).getAttribute('aria-expanded')).toBe('true');
    expect(launcher.querySelector('[part~="badge"]')).toBeNull();
  });

  it('is a labelled non-modal dialog; Escape closes it and focus returns to the launcher', async () => {
    const w = renderWidget({ mode: 'floating' });
    const ui = within(w.container as HTMLElement);
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Open chat' })));
    const dialog = ui.getByRole('dialog', { name: 'Chat with us' });
    expect(dialog.getAttribute('aria-modal')).toBe('false');
    expect(document.activeElement).toBe(ui.getByLabelText('Message'));
    await step(() => fireEvent.keyDown(ui.getByLabelText('Message'), { key: 'Escape' }));
    expect(w.chat.state.open).toBe(false);
    expect(dialog.hidden).toBe(true);
    expect(document.activeElement).toBe(ui.getByRole('button', { name: 'Open chat' }));
  });

  it('minimises from the header button, returning focus to the launcher', async () => {
    const w = renderWidget({ mode: 'floating' });
    const ui = within(w.container as HTMLElement);
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Open chat' })));
    const minimise = ui.getByRole('button', { name: 'Minimise chat' });
    minimise.focus();
    await step(() => fireEvent.click(minimise));
    expect(w.chat.state.open).toBe(false);
    expect(document.activeElement).toBe(ui.getByRole('button', { name: 'Open chat' }));
  });

  it('does not steal focus from the page when opened by the site', async () => {
    const outside = document.createElement('input');
    document.body.append(outside);
    outside.focus();
    const w = renderWidget({ mode: 'floating' });
    await step(() => w.chat.open());
    await step(() => w.chat.close());
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });

  it('sizes the panel to the visual viewport so the keyboard never covers the composer', async () => {
    const host = createFakeHost({ viewport: { height: 640, offsetTop: 0 } });
    const w = renderWidget({ mode: 'floating', host });
    await step(() => w.chat.open());
    const panel = w.container.querySelector('[part~="panel"]') as HTMLElement;
    expect(panel.style.getPropertyValue('--hc-vv-height')).toBe('640px');
    await step(() => host.setViewport({ height: 320, offsetTop: 40 }));
    expect(panel.style.getPropertyValue('--hc-vv-height')).toBe('320px');
    expect(panel.style.getPropertyValue('--hc-vv-top')).toBe('40px');
    await step(() => w.chat.close());
    expect(host.listeners()).toBe(1); // only the network listener; the viewport is not watched while closed
  });
});

describe('status banners', () => {
  it('says when the browser is offline and when it is back', async () => {
    const host = createFakeHost();
    const { ui } = await opened({ host });
    await step(() => host.setOnline(false));
    ui.getByText('You are offline. Messages will be sent when you are back online.');
    await step(() => host.setOnline(true));
    expect(ui.queryByText(/You are offline/)).toBeNull();
  });

  it('says the bot is unreachable and that a person still is', async () => {
    const w = renderWidget({ chat: { retry: { baseMs: 60_000, maxMs: 60_000 } } });
    w.bot!.backend.refuseConnections(true);
    await step(() => w.chat.open());
    within(w.container as HTMLElement).getByText('The bot cannot be reached right now. You can still talk to a person.');
  });
});

describe('languages', () => {
  it('lays Arabic out right to left', async () => {
    const { container } = await opened({ locale: 'ar' });
    const root = container.querySelector('.root') as HTMLElement;
    expect(root.getAttribute('dir')).toBe('rtl');
    expect(root.getAttribute('lang')).toBe('ar');
    expect(humanButton(container).textContent).toBe('التحدث مع شخص');
  });

  it('lets each message keep its own direction (English in an Arabic widget)', async () => {
    const { chat, bot, container } = await opened({ locale: 'ar' });
    await step(() => chat.send('Where is my refund?'));
    await step(() => bot!.backend.emit({ type: 'message', message: { id: 'b1', text: 'Refunds take **5** days.' } }));
    expect(container.querySelector('[data-author="customer"] .plain')?.getAttribute('dir')).toBe('auto');
    expect(container.querySelector('[data-author="bot"] .md')?.getAttribute('dir')).toBe('auto');
    expect((container.querySelector('[part~="input"]') as HTMLElement).getAttribute('dir')).toBe('auto');
  });

  it('uses overridden strings', async () => {
    const { container, ui } = await opened({ strings: { talkToHuman: 'Talk to our team', title: 'Acme help' } });
    expect(humanButton(container).textContent).toBe('Talk to our team');
    ui.getByRole('region', { name: 'Acme help' });
  });
});
