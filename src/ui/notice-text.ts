import { noticeKey } from '../core/notice-texts.js';
import type { Message } from '../core/types.js';
import type { UiContextValue } from './ui-context.js';

/**
 * The text of a system line in the customer's language, from its notice code and
 * parameters; the core's English text is the fallback for codes this version does
 * not know.
 *
 * @example
 * noticeText({ author: 'system', notice: { code: 'agent-joined', params: { name: 'Alex' } }, ... }, t) // 'Alex joined the chat.'
 */
export function noticeText(message: Message, t: UiContextValue['t']): string {
  const found = message.notice && noticeKey(message.notice.code, message.notice.params);
  return found ? t(found[0], found[1]) : message.text;
}
