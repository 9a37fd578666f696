import type { ChatState } from '../core/chat.js';
import { useUi } from './useUi.js';

/** Tells the customer when the network or the bot is down, and that a person is still reachable. */
export function StatusBanner({ state, online }: { state: ChatState; online: boolean }) {
  const { t } = useUi();
  let text: string | undefined;
  if (!online) text = t('networkOffline');
  else if (state.phase === 'bot' && state.hasBot && (state.connection.bot === 'offline' || state.connection.bot === 'closed')) text = t('botOffline');
  return (
    <div class="banner-slot" role="status">
      {text ? (
        <p class="banner" part="banner">
          {text}
        </p>
      ) : null}
    </div>
  );
}
