import type { Message } from '../core/types.js';
import { MessageRow } from './MessageItem.js';
import { useUi } from './useUi.js';

export interface MessageListProps {
  messages: readonly Message[];
  /** The current agent's name, for agent messages that do not carry their author. */
  agentName: string | undefined;
}

/**
 * The conversation as a polite live log: screen readers announce new messages
 * without interrupting. While a reply streams the log is marked busy, so it is read
 * once complete rather than word by word.
 */
export function MessageList({ messages, agentName }: MessageListProps) {
  const { t } = useUi();
  const streaming = messages.some((m) => m.streaming);
  return (
    <div class="log" role="log" aria-live="polite" aria-label={t('messages')} aria-busy={streaming ? 'true' : undefined} part="messages">
      {messages.map((m, i) => {
        const prev = messages[i - 1];
        const showAuthor = !prev || prev.author !== m.author || (m.author === 'agent' && prev.agent?.name !== m.agent?.name);
        return <MessageRow key={m.id} message={m} showAuthor={showAuthor} agentName={agentName} />;
      })}
    </div>
  );
}
