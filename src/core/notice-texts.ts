import { formatString } from './format-string.js';
import type { NoticeCode } from './types.js';

/** The catalogue keys of the system lines (`src/i18n/strings.ts`), one per text. */
export type NoticeKey =
  | 'noticeRequested'
  | 'noticeQueued'
  | 'noticeQueuedPosition'
  | 'noticeUnavailable'
  | 'noticeCancelled'
  | 'noticeAgentJoined'
  | 'noticeAgentLeft'
  | 'noticeAgentLeftUnnamed'
  | 'noticeHandedBack'
  | 'noticeEnded'
  | 'noticeMessageLeft'
  | 'noticeRatingSent'
  | 'noticeDataMasked';

/**
 * The system lines in English: the text the chat stores in a notice message, and the
 * English catalogue's (`src/i18n/en.ts` takes them from here, so the two never differ).
 */
export const NOTICE_EN: Readonly<Record<NoticeKey, string>> = {
  noticeRequested: 'Connecting you with a person…',
  noticeQueued: 'You are in the queue.',
  noticeQueuedPosition: 'You are number {position} in the queue.',
  noticeUnavailable: 'No one is available right now. You can leave a message.',
  noticeCancelled: 'Request cancelled. You are back with the bot.',
  noticeAgentJoined: '{name} joined the chat.',
  noticeAgentLeft: '{name} left the chat.',
  noticeAgentLeftUnnamed: 'The agent left the chat.',
  noticeHandedBack: 'You are back with the bot.',
  noticeEnded: 'The conversation has ended.',
  noticeMessageLeft: 'Thanks! We will reply to {email}.',
  noticeRatingSent: 'Thanks for your feedback.',
  noticeDataMasked: 'For your safety, card numbers and other sensitive details are masked before anyone on our team sees them.',
};

type Params = Record<string, string | number>;

/** The text of each notice code; two of them have a second text, chosen by their parameters. */
const KEYS: Readonly<Record<NoticeCode, NoticeKey>> = {
  'handoff-requested': 'noticeRequested',
  'handoff-queued': 'noticeQueued',
  'handoff-unavailable': 'noticeUnavailable',
  'handoff-cancelled': 'noticeCancelled',
  'agent-joined': 'noticeAgentJoined',
  'agent-left': 'noticeAgentLeftUnnamed',
  'handed-back': 'noticeHandedBack',
  ended: 'noticeEnded',
  'message-left': 'noticeMessageLeft',
  'rating-sent': 'noticeRatingSent',
  'data-masked': 'noticeDataMasked',
};

/**
 * Which text a notice reads: its catalogue key and the parameters that fill it, or
 * `undefined` for a code this version does not know (one stored by a newer version).
 *
 * @example
 * noticeKey('handoff-queued', { position: 3 }) // ['noticeQueuedPosition', { position: 3 }]
 */
export function noticeKey(code: NoticeCode, params?: Params | null): [NoticeKey, Params] | undefined {
  if (!Object.prototype.hasOwnProperty.call(KEYS, code)) return undefined;
  const p = params ?? {};
  const key = code === 'handoff-queued' && p.position ? 'noticeQueuedPosition' : code === 'agent-left' && p.name ? 'noticeAgentLeft' : KEYS[code];
  // A missing name or address reads as nothing rather than as its placeholder (or "undefined").
  return [key, { ...p, name: p.name ?? '', email: p.email ?? '' }];
}

/**
 * A notice's English text, as the chat stores it in the message.
 *
 * @example
 * noticeTextEn('agent-joined', { name: 'Alex' }) // 'Alex joined the chat.'
 */
export function noticeTextEn(code: NoticeCode, params?: Params | null): string {
  // Every code of this version has its key; only stored notices of a newer one lack it.
  const [key, p] = noticeKey(code, params) as [NoticeKey, Params];
  return formatString(NOTICE_EN[key], p);
}
