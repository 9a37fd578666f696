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
  const notice = message.notice;
  if (!notice) return message.text;
  const p = notice.params ?? {};
  switch (notice.code) {
    case 'handoff-requested':
      return t('noticeRequested');
    case 'handoff-queued':
      return p.position ? t('noticeQueuedPosition', { position: p.position }) : t('noticeQueued');
    case 'handoff-unavailable':
      return t('noticeUnavailable');
    case 'handoff-cancelled':
      return t('noticeCancelled');
    case 'agent-joined':
      return t('noticeAgentJoined', { name: p.name ?? '' });
    case 'agent-left':
      return p.name ? t('noticeAgentLeft', { name: p.name }) : t('noticeAgentLeftUnnamed');
    case 'handed-back':
      return t('noticeHandedBack');
    case 'ended':
      return t('noticeEnded');
    case 'message-left':
      return t('noticeMessageLeft', { email: p.email ?? '' });
    case 'rating-sent':
      return t('noticeRatingSent');
    case 'data-masked':
      return t('noticeDataMasked');
    default:
      return message.text;
  }
}
