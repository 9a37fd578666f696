import { useState } from 'preact/hooks';
import type { Rating } from '../core/types.js';
import { useUi } from './useUi.js';

const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * The satisfaction survey after a conversation with a person: 1–5 and an optional
 * comment. Sending or skipping removes it; focus then goes to the message box.
 */
export function RatingSurvey({ onSkip }: { onSkip(): void }) {
  const { chat, t, refocus } = useUi();
  const [score, setScore] = useState<Rating['score'] | undefined>(undefined);
  const [comment, setComment] = useState('');
  const [error, setError] = useState(false);
  const [sent, setSent] = useState(false);

  if (sent) {
    return (
      <div class="card rating" part="rating">
        <p role="status">{t('sending')}</p>
      </div>
    );
  }
  return (
    <form
      class="card rating"
      part="rating"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!score) {
          setError(true);
          return;
        }
        refocus(e, e.currentTarget as HTMLFormElement);
        chat.rate(comment.trim() ? { score, comment } : { score });
        setSent(true);
      }}
    >
      <fieldset aria-describedby={error ? 'hc-rating-error' : undefined}>
        <legend class="card-title">{t('ratingQuestion')}</legend>
        <div class="scores">
          {SCORES.map((n) => (
            <label key={n} class={score === n ? 'score score-selected' : 'score'}>
              <input
                type="radio"
                name="hc-score"
                value={String(n)}
                checked={score === n}
                onChange={() => {
                  setScore(n);
                  setError(false);
                }}
              />
              <span class="score-number" aria-hidden="true">
                {n}
              </span>
              <span class="score-label">{t(`rating${n}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label class="field-label" for="hc-rating-comment">
        {t('ratingComment')}
      </label>
      <textarea
        id="hc-rating-comment"
        class="input"
        rows={2}
        maxLength={chat.state.maxLength}
        value={comment}
        onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)}
      />
      {error ? (
        <p id="hc-rating-error" class="error" role="alert">
          {t('ratingChoose')}
        </p>
      ) : null}
      <div class="actions">
        <button type="submit" class="primary" part="rating-submit">
          {t('ratingSubmit')}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={(e) => {
            refocus(e);
            onSkip();
          }}
        >
          {t('ratingSkip')}
        </button>
      </div>
    </form>
  );
}
