import { useUi } from './useUi.js';

/** "The bot is typing…" / "Alex is typing…", with dots that stay still under reduced motion. */
export function TypingIndicator({ who, agentName }: { who: 'bot' | 'agent'; agentName: string | undefined }) {
  const { t } = useUi();
  return (
    <div class={`typing typing-${who}`} part="typing">
      <span class="dots" aria-hidden="true">
        <i />
        <i />
        <i />
      </span>
      <span>{who === 'bot' ? t('typingBot') : t('typingAgent', { name: agentName || t('supportAgent') })}</span>
    </div>
  );
}
