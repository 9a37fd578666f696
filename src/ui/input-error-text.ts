import { isHandoffChatError } from '../core/errors.js';
import type { UiContextValue } from './ui-context.js';

/**
 * Words a customer understands for an `InputError` from the core; anything else is
 * rethrown, because it is a bug rather than bad input.
 *
 * @example
 * inputErrorText(error, t, { length: 2010, max: 2000 }) // 'Too long by 10 characters. Shorten it to send.'
 */
export function inputErrorText(error: unknown, t: UiContextValue['t'], size: { length: number; max: number }): string {
  if (!isHandoffChatError(error) || error.name !== 'InputError') throw error;
  switch (error.code) {
    case 'empty_message':
      return t('emptyMessage');
    case 'message_too_long':
      return t('tooLong', { count: Math.max(1, size.length - size.max) });
    case 'invalid_email':
      return t('invalidEmail');
    default:
      return error.message;
  }
}
