import type { OfflineNote } from './agent-types.js';
import { ContextPanel } from './ContextPanel.js';
import { TranscriptView } from './TranscriptView.js';

/**
 * A message left while nobody was available: who to answer, what they wrote,
 * and the conversation and context they had with the bot.
 *
 * @example
 * <OfflineNoteView note={note} />
 */
export function OfflineNoteView({ note }: { note: OfflineNote }) {
  const c = note.transcript.context;
  return (
    <section class="conversation" data-testid="offline-note" aria-labelledby="offline-title">
      <header class="conversation-head">
        <div>
          <h2 id="offline-title">Message from {note.name ?? note.email}</h2>
          <p class="status">
            Reply to <span data-testid="offline-email">{note.email}</span> · {new Date(note.time).toLocaleString()}
          </p>
        </div>
      </header>
      <div class="conversation-body">
        <div class="thread">
          <p class="text note" data-testid="offline-text">
            {note.message}
          </p>
          <h3>Conversation before</h3>
          <TranscriptView transcript={note.transcript} />
        </div>
        <ContextPanel
          summary={{
            conversationId: note.conversationId,
            requestId: note.id,
            status: 'unavailable',
            requestedAt: note.time,
            trigger: c.trigger,
            reason: c.reason,
            customer: {},
          }}
          transcript={note.transcript}
        />
      </div>
    </section>
  );
}
