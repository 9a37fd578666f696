import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { harness, record, tick } from '../support/harness';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('escalation triggers in a conversation', () => {
  it('brings in a person at once when the customer asks in their own words, without bothering the bot', async () => {
    const { chat, bot, human } = harness();
    chat.send('where is my order');
    await tick();
    chat.send('Kann ich bitte mit einem Menschen sprechen?');
    await tick();
    expect(chat.state.phase).toBe('waiting');
    expect(bot.backend.received.map((m) => m.text)).toEqual(['where is my order']);
    const t = human.backend.handoffs[0]!.transcript;
    expect(t.context.trigger).toBe('keyword');
    expect(t.context.reason).toMatch(/asked for a person/i);
    expect(t.messages.at(-1)?.text).toBe('Kann ich bitte mit einem Menschen sprechen?');
    expect(chat.state.messages.find((m) => m.text.startsWith('Kann'))?.status).toBe('sent');
    chat.destroy();
  });

  it('does not raise a false alarm on "user agent string"', async () => {
    const { chat, bot } = harness();
    chat.send('My browser user agent string looks odd on the checkout page');
    await tick();
    expect(chat.state.phase).toBe('bot');
    expect(chat.state.offer).toBeUndefined();
    expect(bot.backend.received).toHaveLength(1);
    chat.destroy();
  });

  it('offers a person for a sensitive topic, once, and records why when accepted', async () => {
    const { chat, human } = harness();
    const log = record(chat, ['handoff:offered']);
    chat.send('I think someone stole my card');
    await tick();
    expect(chat.state.offer).toMatchObject({ trigger: 'sensitive-topic' });
    chat.dismissOffer();
    chat.send('my card was stolen yesterday');
    await tick();
    expect(chat.state.offer).toBeUndefined(); // at most one offer per trigger
    expect(log).toEqual(['handoff:offered']);
    chat.requestHuman();
    await tick();
    expect(human.backend.handoffs[0]?.transcript.context.trigger).toBe('button');
    chat.destroy();
  });

  it('offers a person when the bot is unsure of its answer', async () => {
    const { chat, bot } = harness();
    chat.open();
    await tick();
    bot.backend.emit({ type: 'message', message: { id: 'b1', text: 'Probably this?', intent: 'faq.refund', confidence: 0.9 } });
    expect(chat.state.offer).toBeUndefined();
    bot.backend.emit({ type: 'message', message: { id: 'b2', text: 'Maybe that?', intent: 'faq.refund', confidence: 0.12 } });
    expect(chat.state.offer).toMatchObject({ trigger: 'low-confidence' });
    bot.backend.emit({ type: 'message', message: { id: 'b3', text: 'Odd confidence', confidence: 7 } });
    expect(chat.state.messages.at(-1)?.confidence).toBeUndefined(); // outside 0..1 is dropped
    chat.destroy();
  });

  it('follows the configured modes: a keyword only offers, the bot asking only offers', async () => {
    const { chat, bot } = harness({ escalation: { keyword: 'offer', botRequest: 'offer' } });
    chat.open();
    await tick();
    chat.send('talk to a human');
    await tick();
    expect(chat.state.phase).toBe('bot');
    expect(chat.state.offer).toMatchObject({ trigger: 'keyword' });
    chat.dismissOffer();
    bot.backend.emit({ type: 'handoff-suggested', reason: 'Refund dispute' });
    expect(chat.state.phase).toBe('bot');
    expect(chat.state.offer).toEqual({ trigger: 'bot-request', reason: 'Refund dispute' });
    chat.destroy();
  });

  it('can switch a trigger off, but never the button', async () => {
    const { chat } = harness({ escalation: { keyword: 'off' } });
    chat.send('talk to a human');
    await tick();
    expect(chat.state.phase).toBe('bot');
    expect(chat.state.offer).toBeUndefined();
    chat.requestHuman();
    expect(chat.state.phase).toBe('waiting');
    chat.destroy();
  });

  it('rejects bad escalation options with the option named', () => {
    expect(() => harness({ escalation: { botFailure: { after: 0 } } })).toThrow(expect.objectContaining({ name: 'ConfigError', option: expect.stringContaining('escalation.botFailure') }));
  });
});

describe('masking by default', () => {
  const formats = ['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111'];

  it('never lets a card number typed in three formats reach the human backend unmasked', async () => {
    const { chat, human } = harness({ humanOptions: { receipt: { status: 'accepted', agent: { name: 'Alex' } } } });
    chat.send(`my card ${formats[0]} was charged twice`);
    await tick();
    chat.requestHuman(`card ${formats[1]}`);
    await tick();
    chat.send(`also ${formats[2]}`);
    chat.endChat();
    chat.rate({ score: 2, comment: `refund to ${formats[0]}` });
    await tick();
    const sent = JSON.stringify({ handoffs: human.backend.handoffs, messages: human.backend.received, ratings: human.backend.ratings });
    for (const f of formats) expect(sent).not.toContain(f);
    expect(sent).toContain('[card •••• 1111]');
    expect(human.backend.handoffs[0]?.transcript.context.masked).toContain('card');
    chat.destroy();
  });

  it('masks the leave-a-message note too', async () => {
    const { chat, human } = harness({ humanOptions: { receipt: { status: 'unavailable' } } });
    chat.requestHuman();
    await tick();
    chat.leaveMessage({ email: 'ana@example.com', message: `please refund ${formats[1]}` });
    await tick();
    expect(JSON.stringify(human.backend.notes)).not.toContain(formats[1]);
    expect(human.backend.notes[0]?.email).toBe('ana@example.com'); // the reply address itself is not masked
    chat.destroy();
  });

  it('tells the customer once that sensitive data is masked', async () => {
    const { chat } = harness();
    chat.send(`card ${formats[0]}`);
    chat.send(`again ${formats[2]}`);
    await tick();
    expect(chat.state.messages.filter((m) => m.notice?.code === 'data-masked')).toHaveLength(1);
    chat.destroy();
  });

  it('can be turned off, or given site patterns', async () => {
    const off = harness({ masking: false });
    off.chat.requestHuman();
    off.chat.send(`card ${formats[0]}`);
    await tick();
    expect(off.human.backend.received[0]?.text).toContain(formats[0]);
    off.chat.destroy();

    const custom = harness({ masking: { patterns: [{ name: 'member-id', pattern: /\bM-\d{6}\b/, label: 'member id' }] } });
    custom.chat.requestHuman();
    custom.chat.send('my id is M-123456');
    await tick();
    expect(custom.human.backend.received[0]?.text).toBe('my id is [member id]');
    custom.chat.destroy();
  });
});
