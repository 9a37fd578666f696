import type { HandoffState } from '../core/types.js';
import { TranscriptPreview } from './TranscriptPreview.js';
import { useUi } from './useUi.js';
import { waitingProgress } from './waiting-progress.js';

/**
 * Shown while waiting for a person: progress, the reassurance that writing on is
 * fine, what the agent will see, and the way back to the bot.
 */
export function WaitingCard({ handoff, onLeaveMessage }: { handoff: HandoffState; onLeaveMessage(): void }) {
  const { chat, t } = useUi();
  const progress = waitingProgress(handoff, t);
  // A long queue, or a desk we keep failing to reach, must not become a silent spinner.
  const stuck = handoff.overdue === true || handoff.attempts >= 3;
  return (
    <section id="hc-waiting" class="card waiting" part="waiting" aria-labelledby="hc-waiting-title">
      <h3 id="hc-waiting-title" class="card-title">
        {t('waitingForPerson')}
      </h3>
      <div role="status" class="progress">
        {progress.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      {stuck ? <p class="hint">{t('waitingOverdue')}</p> : null}
      <p class="hint">{t('waitingHint')}</p>
      <TranscriptPreview />
      <div class="actions">
        {stuck ? (
          <button type="button" class="primary" part="leave-instead-button" onClick={onLeaveMessage}>
            {t('leaveMessageInstead')}
          </button>
        ) : null}
        <button type="button" class="secondary" part="cancel-button" onClick={() => chat.cancelHandoff()}>
          {t('cancelRequest')}
        </button>
      </div>
    </section>
  );
}
