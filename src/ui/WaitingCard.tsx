import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { HandoffState } from '../core/types.js';
import { TranscriptPreview } from './TranscriptPreview.js';
import { useUi } from './useUi.js';
import { waitingProgress } from './waiting-progress.js';

export interface WaitingCardProps {
  handoff: HandoffState;
  /** The queue position the conversation log last announced (it is not said twice). */
  loggedPosition: number | undefined;
  onLeaveMessage(): void;
}

/**
 * Shown while waiting for a person: progress, the reassurance that writing on is
 * fine, what the agent will see, and the way back to the bot.
 *
 * Screen readers hear each fact once: the log already says "Connecting you…" and the
 * position the request was queued at, so the card's live region speaks only what the
 * log does not (a position that moves, the estimated wait, "still trying", "taking longer than usual").
 */
export function WaitingCard({ handoff, loggedPosition, onLeaveMessage }: WaitingCardProps) {
  const { chat, t, refocus } = useUi();
  const progress = waitingProgress(handoff, t);
  // A long queue, or a desk we keep failing to reach, must not become a silent spinner.
  const stuck = handoff.overdue === true || handoff.attempts >= 3;
  const facts = stuck ? [...progress, t('waitingOverdue')] : progress;
  const key = facts.join('\n');
  const previous = useRef<string[] | undefined>(undefined);
  const [said, setSaid] = useState('');
  useLayoutEffect(() => {
    const before = previous.current;
    previous.current = facts;
    // Just shown: the log has announced the request; the card adds nothing yet.
    if (!before) return;
    const told = new Set([t('connecting'), ...(loggedPosition !== undefined ? [t('queuePosition', { position: loggedPosition })] : [])]);
    const fresh = facts.filter((line) => !before.includes(line) && !told.has(line));
    if (fresh.length) setSaid(fresh.join('. '));
  }, [key]);
  return (
    <section id="hc-waiting" class="card waiting" part="waiting" aria-labelledby="hc-waiting-title">
      <h3 id="hc-waiting-title" class="card-title">
        {t('waitingForPerson')}
      </h3>
      <div class="progress">
        {progress.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      <p class="sr-only" role="status">
        {said}
      </p>
      {stuck ? <p class="hint">{t('waitingOverdue')}</p> : null}
      <p class="hint">{t('waitingHint')}</p>
      <TranscriptPreview />
      <div class="actions">
        {stuck ? (
          <button type="button" class="primary" part="leave-instead-button" onClick={onLeaveMessage}>
            {t('leaveMessageInstead')}
          </button>
        ) : null}
        <button
          type="button"
          class="secondary"
          part="cancel-button"
          onClick={(e) => {
            refocus(e);
            chat.cancelHandoff();
          }}
        >
          {t('cancelRequest')}
        </button>
      </div>
    </section>
  );
}
