// @vitest-environment happy-dom
/**
 * Unicode that hides, reorders, breaks or floods, and IME composition. Names cannot
 * reorder the widget's sentences; disguised card numbers never leave the screen in
 * full; broken and enormous text is shown whole (or refused whole), quickly; the
 * Enter that confirms an IME composition never sends.
 */
import { cleanup, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../src/core/environment';
import { destroyChats } from '../ui/widget-harness';
import { IME_CASES, UNICODE_CASES, type UnicodeCase } from './cases/unicode-cases';
import { expectConversation, expectHumanControlWorks, expectSafe, mountWatched, step, type Watched } from './support/watched-widget';
import { QUIET_ESCALATION } from './support/quiet-escalation';

let mounted: Watched[] = [];

afterEach(() => {
  for (const w of mounted) w.stop();
  mounted = [];
  cleanup();
  destroyChats();
});

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/** Any decimal digit as its ASCII value, invisible characters gone: what a reader could recover. */
function recoverDigits(text: string): string {
  const folded = text.normalize('NFKC').replace(/[\p{Cf}\p{Mn}]/gu, '');
  return folded.replace(/\p{Nd}/gu, (d) => {
    let start = d.codePointAt(0) as number;
    while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
    return String(((d.codePointAt(0) as number) - start) % 10);
  }).replace(/[\s-]/g, '');
}

function mount(options: Parameters<typeof mountWatched>[0] = {}): Watched {
  const w = mountWatched({ ...options, chat: { escalation: QUIET_ESCALATION, ...options.chat } });
  mounted.push(w);
  return w;
}

const box = (w: Watched): HTMLTextAreaElement => within(w.container as HTMLElement).getByLabelText('Message') as HTMLTextAreaElement;

async function type(w: Watched, text: string): Promise<void> {
  await step(() => fireEvent.input(box(w), { target: { value: text } }));
  await step(() => fireEvent.keyDown(box(w), { key: 'Enter' }));
}

const run: { [K in UnicodeCase['kind']]: (c: Extract<UnicodeCase, { kind: K }>) => Promise<void> } = {
  async 'agent-name'(c) {
    const w = mount();
    await step(() => w.chat.open());
    await step(() => w.chat.requestHuman());
    await step(() => w.human.backend.emit({ type: 'agent-joined', agent: { name: c.agentName, title: `${c.agentName} (team)` } }));
    await step(() => w.human.backend.emit({ type: 'typing', active: true }));
    const places = {
      header: w.container.querySelector('[part~="answerer"]')?.textContent ?? '',
      notice: w.container.querySelector('.msg-system:last-of-type .notice')?.textContent ?? '',
      typing: w.container.querySelector('[part~="typing"]')?.textContent ?? '',
    };
    await step(() => w.human.backend.emit({ type: 'message', message: { id: 'a1', text: 'Hello', agent: { name: c.agentName } } }));
    Object.assign(places, { author: w.container.querySelector('.msg-agent .author')?.textContent ?? '' });
    for (const [where, text] of Object.entries(places)) {
      expect(text, where).toContain(c.visible);
      expect(BIDI_CONTROLS.test(text), `bidi control in the ${where}`).toBe(false);
    }
    expect(places.notice.endsWith('joined the chat.')).toBe(true);
    await expectSafe(w);
    await expectHumanControlWorks(w, 'end');
  },

  async card(c) {
    const storage = createMemoryStorage();
    const written: string[] = [];
    const spy = { ...storage, setItem: (k: string, v: string) => (written.push(v), storage.setItem(k, v)) };
    const w = mount({ chat: { storage: spy }, bot: { reply: () => 'Thanks' } });
    await step(() => w.chat.open());
    await type(w, c.text);
    // The customer sees what they typed; the desk and storage never see the number.
    expect(w.container.querySelector('.msg-customer .plain')?.textContent).toBe(c.text);
    await expectHumanControlWorks(w, 'request');
    const sent = JSON.stringify(w.human.backend.handoffs[0]);
    expect(recoverDigits(sent)).not.toContain(c.digits);
    expect(sent).toContain('•••• 4242');
    expect(w.human.backend.handoffs[0]?.transcript.context.masked).toContain('card');
    expect(written.length).toBeGreaterThan(0);
    // Everything written, the draft typed on the way included.
    for (const value of written) expect(recoverDigits(value)).not.toContain(c.digits);
    expect(recoverDigits(w.chat.previewTranscript().messages.map((m) => m.text).join(' '))).not.toContain(c.digits);
    await expectSafe(w);
  },

  async 'bot-text'(c) {
    const w = mount();
    await step(() => w.chat.open());
    const started = performance.now();
    await step(() => w.bot!.backend.emit({ type: 'message', message: { id: 'b1', text: c.text } }));
    expect(performance.now() - started).toBeLessThan(c.budgetMs);
    const shown = (w.container.querySelector('[data-author="bot"] .md')?.textContent ?? '').replace(/\n/g, '');
    expect(shown).toBe(c.text.replace(/\n/g, ''));
    expectConversation(w, ['bot']);
    await expectSafe(w);
    await expectHumanControlWorks(w, 'request');
  },

  async 'customer-text'(c) {
    const storage = createMemoryStorage();
    const w = mount({ chat: { storage, ...(c.maxLength ? { maxLength: c.maxLength } : {}) } });
    await step(() => w.chat.open());
    await type(w, c.text);
    if (c.refused) {
      // Nothing is sent and nothing is cut: the text stays in the box with the reason.
      expectConversation(w, []);
      expect(box(w).value).toBe(c.text);
      expect(w.container.querySelector('#hc-count')?.textContent).toMatch(/characters/);
      expect(w.bot!.backend.attempts).toHaveLength(0);
    } else {
      expectConversation(w, ['customer']);
      expect(w.container.querySelector('.msg-customer .plain')?.textContent).toBe(c.text);
      expect(w.bot!.backend.received.map((m) => m.text)).toEqual([c.text]);
      // A reload brings it back exactly.
      w.chat.destroy();
      const again = mount({ chat: { storage } });
      await step(() => again.chat.open());
      expect(again.chat.state.messages.map((m) => m.text)).toEqual([c.text]);
      expect(again.container.querySelector('.msg-customer .plain')?.textContent).toBe(c.text);
    }
    await expectSafe(w);
  },
};

describe('Unicode that hides, reorders, breaks or floods', () => {
  it.each(UNICODE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await (run[c.kind] as (c: UnicodeCase) => Promise<void>)(c);
  });
});

describe('IME composition', () => {
  it.each(IME_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const w = mount();
    await step(() => w.chat.open());
    await step(() => fireEvent.input(box(w), { target: { value: '日本語' } }));
    for (const s of c.steps) {
      if (s === 'compositionstart') fireEvent.compositionStart(box(w));
      else if (s === 'compositionend') fireEvent.compositionEnd(box(w));
      else await step(() => fireEvent.keyDown(box(w), s));
    }
    expect(w.chat.state.messages.map((m) => m.text)).toEqual(c.sends ? ['日本語'] : []);
    expect(box(w).value).toBe(c.sends ? '' : '日本語');
  });
});
