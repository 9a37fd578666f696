import type { HandoffState } from '../core/types.js';
import type { UiContextValue } from './ui-context.js';
import { waitMinutes } from './human-control.js';

/**
 * The progress of a pending request in words: where it is (connecting, retrying,
 * queue position) and the estimated wait when the backend gives one.
 *
 * @example
 * waitingProgress({ status: 'queued', position: 2, etaSeconds: 240, attempts: 0 }, t)
 * // ['You are number 2 in the queue', 'Estimated wait: about 4 min']
 */
export function waitingProgress(handoff: HandoffState, t: UiContextValue['t']): string[] {
  const lines: string[] = [];
  if (handoff.status === 'requesting') lines.push(handoff.attempts > 0 ? t('retryingRequest') : t('connecting'));
  else if (handoff.position !== undefined && handoff.position > 0) lines.push(t('queuePosition', { position: handoff.position }));
  if (handoff.etaSeconds !== undefined && handoff.etaSeconds >= 0) {
    lines.push(handoff.etaSeconds < 60 ? t('queueEtaShort') : t('queueEta', { minutes: waitMinutes(handoff.etaSeconds) }));
  }
  return lines;
}
