import { useUi } from './useUi.js';

/** "Would you like to talk to a person?", offered when the bot struggles. Either answer removes it. */
export function OfferPrompt() {
  const { chat, t, refocus } = useUi();
  return (
    <div class="card offer" part="offer" role="group" aria-labelledby="hc-offer-question">
      <p id="hc-offer-question" class="card-title">
        {t('offerQuestion')}
      </p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          onClick={(e) => {
            refocus(e);
            chat.acceptOffer();
          }}
        >
          {t('offerAccept')}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={(e) => {
            refocus(e);
            chat.dismissOffer();
          }}
        >
          {t('offerDismiss')}
        </button>
      </div>
    </div>
  );
}
