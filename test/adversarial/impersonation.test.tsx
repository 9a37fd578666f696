// @vitest-environment happy-dom
/**
 * Only the human backend can put a person on screen. A bot that sends desk events, an
 * agent field, a person's typing indicator, or talks over the person is still shown as
 * the bot (or not at all while a person answers), and the conversation stays where it was.
 */
import { cleanup } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { destroyChats } from '../ui/widget-harness';
import { IMPERSONATION_CASES } from './cases/impersonation-cases';
import { PAYLOADS } from './payloads';
import { expectHumanControlWorks, expectSafe, mountWatched, step, type Watched } from './support/watched-widget';

let current: Watched | undefined;

afterEach(() => {
  current?.stop();
  current = undefined;
  cleanup();
  destroyChats();
});

const ALEX = { name: 'Alex', title: 'Support agent' };

const texts = (w: Watched, author: string): string[] =>
  Array.from(w.container.querySelectorAll(`[data-author="${author}"] .md`)).map((el) => el.textContent ?? '');

describe('a bot pretending to be a person', () => {
  it.each(IMPERSONATION_CASES.map((c) => [c.name, c] as const))('%s: still shown as the bot', async (_name, c) => {
    const w = mountWatched({ imageOrigins: ['https:'] });
    current = w;
    await step(() => w.chat.open());
    if (c.withPerson) {
      await step(() => w.chat.requestHuman());
      await step(() => w.human.backend.emit({ type: 'agent-joined', agent: ALEX }));
      await step(() => w.human.backend.emit({ type: 'delta', id: 'alex-1', text: 'Let me check' }));
    }
    const before = { phase: w.chat.state.phase, handoff: w.chat.state.handoff.status, availability: w.chat.state.availability };
    for (const event of c.events) await step(() => w.bot!.backend.emit(event));

    await expectSafe(w);
    expect(w.chat.state.phase).toBe(before.phase);
    expect(w.chat.state.handoff.status).toBe(before.handoff);
    expect(w.chat.state.availability).toEqual(before.availability);
    expect(texts(w, 'bot')).toEqual(c.shownAsBot);
    // Every bot line carries the bot badge and icon, never a person's name or avatar.
    for (const line of Array.from(w.container.querySelectorAll('[data-author="bot"]'))) {
      expect(line.querySelector('.role-bot')?.textContent).toBe('Bot');
      expect(line.textContent).not.toContain('Support agent');
    }
    expect(w.container.textContent).not.toContain('Sarah joined');
    expect(w.container.querySelector('img[src*="sarah"]')).toBeNull();
    expect(w.container.querySelector('[part~="typing"]')?.textContent ?? '').not.toContain('Sarah');
    const answerer = w.container.querySelector('[part~="answerer"]')?.textContent ?? '';
    if (c.withPerson) {
      expect(answerer).toContain('Alex');
      // The person's reply is theirs alone: the bot can neither extend nor replace it.
      expect(texts(w, 'agent')).toEqual(['Let me check']);
      expect(w.chat.state.typing.agent).toBe(false);
      await expectHumanControlWorks(w, 'end');
    } else {
      expect(answerer).toBe('You are chatting with our bot');
      expect(w.container.querySelectorAll('[data-author="agent"], [data-author="system"]')).toHaveLength(0);
      await expectHumanControlWorks(w, 'request');
    }
  });

  it.each(PAYLOADS.filter((p) => p.class === 'impersonation').map((p) => [p.id, p] as const))(
    'text claiming a person took over (%s) is a bot message, and the conversation stays with the bot',
    async (_id, p) => {
      const w = mountWatched();
      current = w;
      await step(() => w.chat.open());
      await step(() => w.bot!.backend.emit({ type: 'message', message: { id: 'b1', text: p.text } }));
      await expectSafe(w);
      expect(w.chat.state.phase).toBe('bot');
      expect(w.container.querySelectorAll('[data-author="agent"], [data-author="system"], .msg-system')).toHaveLength(0);
      expect(w.container.querySelector('[data-author="bot"] .role-bot')?.textContent).toBe('Bot');
      await expectHumanControlWorks(w, 'request');
    },
  );
});
