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
 * without interrupting. A reply that is still streaming marks itself busy (not the
 * whole log), so it is read once complete rather than word by word, and a stream that
 * never finishes cannot silence the rest of the conversation.
 */
export function MessageList({ messages, agentName }: MessageListProps) {
  const { t } = useUi();
  return (
    <div class="log" role="log" aria-live="polite" aria-label={t('messages')} part="messages">
      {messages.map((m, i) => {
        const prev = messages[i - 1];
        const showAuthor = !prev || prev.author !== m.author || (m.author === 'agent' && prev.agent?.name !== m.agent?.name);
        return <MessageRow key={m.id} message={m} showAuthor={showAuthor} agentName={agentName} />;
      })}
    </div>
  );
}
