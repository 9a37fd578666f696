import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { transcriptToText } from '../../src/core/index';
import { harness, tick } from '../support/harness';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-25T10:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the handoff transcript', () => {
  it('carries every message in order, with context, under the request id', async () => {
    const { chat, human } = harness({
      botOptions: {
        reply: (t) =>
          t === 'refund'
            ? { text: 'Which order?', quickReplies: [{ title: 'Order 1001', payload: '/order{"id":1001}' }] }
            : { text: "Sorry, I didn't get that.", fallback: true },
      },
      user: { id: 'u-7', name: 'Ana' },
      context: () => ({ cart: 3 }),
      env: {
        page: () => ({ url: 'https://shop.example/checkout', title: 'Checkout', referrer: 'https://search.example/' }),
        timeZone: () => 'Europe/Stockholm',
      },
    });
    chat.send('refund');
    await tick(1000);
    chat.chooseReply({ title: 'Order 1001', payload: '/order{"id":1001}' });
    await tick(1000);
    chat.requestHuman('It is urgent');
    await tick();

    const request = human.backend.handoffs[0];
    expect(request?.id).toBe(chat.state.handoff.requestId);
    const t = request!.transcript;
    expect(t.version).toBe(1);
    expect(t.requestId).toBe(request!.id);
    expect(t.conversationId).toBe(chat.state.conversationId);
    expect(t.messages.map((m) => [m.author, m.text])).toEqual([
      ['customer', 'refund'],
      ['bot', 'Which order?'],
      ['customer', 'Order 1001'],
      ['bot', "Sorry, I didn't get that."],
    ]);
    expect(t.messages[1]?.quickReplies).toEqual([{ title: 'Order 1001', payload: '/order{"id":1001}' }]);
    expect(t.messages[2]?.chosenReply).toEqual({ title: 'Order 1001', payload: '/order{"id":1001}' });
    expect(t.messages[3]?.fallback).toBe(true);
    expect(t.messages[0]?.time).toBe('2026-11-25T10:00:00.000Z');
    expect(t.context).toEqual({
      page: { url: 'https://shop.example/checkout', title: 'Checkout', referrer: 'https://search.example/' },
      locale: 'en',
      timeZone: 'Europe/Stockholm',
      user: { id: 'u-7', name: 'Ana' },
      trigger: 'button',
      reason: 'It is urgent',
      startedAt: '2026-11-25T10:00:00.000Z',
      summary: {
        firstRequest: 'refund',
        lastTurns: [
          { author: 'customer', text: 'refund' },
          { author: 'bot', text: 'Which order?' },
          { author: 'customer', text: 'Order 1001' },
          { author: 'bot', text: "Sorry, I didn't get that." },
        ],
      },
      custom: { cart: 3 },
    });
    chat.destroy();
  });

  it('applies the redactor to every text that leaves, and lists what was masked', async () => {
    const redact = (text: string) => ({
      text: text.replace(/\d{4} \d{4} \d{4} (\d{4})/g, '[card •••• $1]'),
      kinds: /\d{4} \d{4} \d{4} \d{4}/.test(text) ? ['card'] : [],
    });
    const { chat, human } = harness({ redact });
    chat.send('my card 4242 4242 4242 4242 was charged twice');
    await tick();
    chat.requestHuman();
    chat.send('again: 4242 4242 4242 4242');
    await tick();
    const json = JSON.stringify(human.backend.handoffs) + JSON.stringify(human.backend.received);
    expect(json).not.toContain('4242 4242 4242 4242');
    expect(human.backend.handoffs[0]?.transcript.context.masked).toEqual(['card']);
    expect(human.backend.received[0]?.text).toBe('again: [card •••• 4242]');
    // The customer still sees what they typed.
    expect(chat.state.messages[0]?.text).toContain('4242 4242 4242 4242');
    chat.destroy();
  });

  it('shows the customer exactly what the agent will see', async () => {
    const { chat, human } = harness();
    chat.send('hello');
    await tick();
    chat.requestHuman();
    await tick();
    const preview = chat.previewTranscript();
    expect(preview.messages.map((m) => m.text)).toEqual(human.backend.handoffs[0]!.transcript.messages.map((m) => m.text).concat(['Connecting you with a person…', 'You are number 1 in the queue.']));
    chat.destroy();
  });

  it('renders as plain text for desks that only take text', async () => {
    const { chat, human } = harness({ user: { name: 'Ana', email: 'ana@example.com', attributes: { plan: 'gold' } } });
    chat.send('refund please');
    await tick();
    chat.requestHuman();
    await tick();
    const text = transcriptToText(human.backend.handoffs[0]!.transcript);
    expect(text).toContain('Reason: The customer asked for a person (trigger: button)');
    expect(text).toContain('Customer: Ana, ana@example.com');
    expect(text).toContain('  plan: gold');
    expect(text).toContain('First request: refund please');
    expect(text).toMatch(/\[10:00\] Customer: refund please\n\[10:00\] Bot: echo: refund please/);
    chat.destroy();
  });
});

describe('page performance for the agent', () => {
  it('carries the page vitals the site collects, finite numbers only', async () => {
    const { chat, human } = harness({ vitals: () => ({ LCP: 2400, CLS: 0.12, INP: Number.NaN, bogus: 'x' as never }) });
    chat.requestHuman();
    await tick();
    expect(human.backend.handoffs[0]?.transcript.context.vitals).toEqual({ LCP: 2400, CLS: 0.12 });
    chat.destroy();
  });

  it('sends the handoff without vitals when the collector throws, and says so', async () => {
    const { chat, human } = harness({ vitals: () => { throw new Error('no PerformanceObserver'); } });
    const errors: string[] = [];
    chat.on('error', (e) => errors.push(e.code));
    chat.requestHuman();
    await tick();
    expect(human.backend.handoffs).toHaveLength(1);
    expect(human.backend.handoffs[0]?.transcript.context.vitals).toBeUndefined();
    expect(errors).toEqual(['vitals_failed']);
    chat.destroy();
  });
});
