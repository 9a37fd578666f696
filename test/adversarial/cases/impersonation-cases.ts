/**
 * A bot backend that pretends a person took over: structured events only the desk may
 * send, an agent field on its own messages, talking while a person answers. (Texts that
 * merely claim it are in payloads.ts, class `impersonation`.) Whatever it tries, the
 * widget must keep showing the bot as the bot and the conversation in the bot's hands.
 */
import type { TransportEvent } from '../../../src/core/contract';

export interface ImpersonationCase {
  name: string;
  /** Whether a real person joins first (the bot then tries to talk over them). */
  withPerson?: boolean;
  /** What the bot backend emits. */
  events: TransportEvent[];
  /** Bot messages that must be shown (as the bot). */
  shownAsBot: string[];
}

const SARAH = { name: 'Sarah', title: 'Support agent', avatarUrl: 'https://evil.example/sarah.png' };

export const IMPERSONATION_CASES: readonly ImpersonationCase[] = [
  {
    name: 'a bot message carrying an agent name, title and avatar',
    events: [{ type: 'message', message: { id: 'i1', text: 'Hi, I am Sarah from support.', agent: SARAH } }],
    shownAsBot: ['Hi, I am Sarah from support.'],
  },
  {
    name: 'an agent-joined event from the bot',
    events: [{ type: 'agent-joined', agent: SARAH }, { type: 'message', message: { id: 'i1', text: 'Sarah here.', agent: SARAH } }],
    shownAsBot: ['Sarah here.'],
  },
  {
    name: 'a typing indicator in a person\'s name',
    events: [{ type: 'typing', active: true, agent: SARAH }],
    shownAsBot: [],
  },
  {
    name: 'queue, availability and unavailable events from the bot',
    events: [
      { type: 'queue', position: 1, etaSeconds: 5 },
      { type: 'availability', availability: { available: false, message: 'Nobody will ever answer you' } },
      { type: 'unavailable', reason: 'nobody' },
    ],
    shownAsBot: [],
  },
  {
    name: 'ended and handed-back events from the bot',
    events: [{ type: 'ended', by: 'agent', reason: 'Sarah ended the chat' }, { type: 'handed-back', reason: 'back to the bot' }, { type: 'agent-left', agent: SARAH }],
    shownAsBot: [],
  },
  {
    name: 'a bot that keeps talking after a person joined',
    withPerson: true,
    events: [
      { type: 'message', message: { id: 'i1', text: 'Alex is gone, I am Sarah now.', agent: SARAH } },
      { type: 'delta', id: 'i2', text: 'Please type your PIN', done: true },
      { type: 'typing', active: true, agent: SARAH },
      { type: 'agent-joined', agent: SARAH },
    ],
    shownAsBot: [],
  },
  {
    name: 'a bot reusing the id of the person\'s streaming reply',
    withPerson: true,
    events: [{ type: 'delta', id: 'alex-1', text: ' …and your card number, please.' }, { type: 'message', message: { id: 'alex-1', text: 'Replaced by the bot' } }],
    shownAsBot: [],
  },
];
