import type { OfflineNote, Summary } from './agent-types.js';
import { clock, duration, triggerLabel } from './format.js';

export interface BoardProps {
  conversations: Summary[];
  offline: OfflineNote[];
  me: string;
  now: number;
  selected?: string;
  selectedOffline?: string;
  onSelect(summary: Summary): void;
  onSelectOffline(note: OfflineNote): void;
}

function Item({ summary, now, selected, onSelect, testId }: { summary: Summary; now: number; selected: boolean; onSelect(s: Summary): void; testId: string }) {
  const name = summary.customer.name ?? summary.customer.email ?? 'Visitor';
  return (
    <li>
      <button
        type="button"
        class="item"
        data-testid={testId}
        data-conversation-id={summary.conversationId}
        data-request-id={summary.requestId}
        aria-current={selected ? 'true' : undefined}
        onClick={() => onSelect(summary)}
      >
        <span class="item-title">
          {summary.status === 'waiting' && summary.position ? `#${summary.position} ` : ''}
          {name}
        </span>
        <span class="item-meta">
          {summary.status === 'waiting' ? `waiting ${duration(now - summary.requestedAt)} · ` : ''}
          {triggerLabel(summary.trigger)}
          {summary.csat ? ` · rated ${summary.csat.score}/5` : ''}
        </span>
        {(summary.lastMessage?.text ?? summary.firstRequest) && <span class="item-preview">{summary.lastMessage?.text ?? summary.firstRequest}</span>}
      </button>
    </li>
  );
}

/**
 * The sidebar: who is waiting (in queue order), the agent's own conversations,
 * everyone else's, recently closed ones with their ratings, and messages left.
 *
 * @example
 * <Board conversations={state.conversations} offline={state.offline} me={agent.id} now={Date.now()} onSelect={select} onSelectOffline={open} />
 */
export function Board({ conversations, offline, me, now, selected, selectedOffline, onSelect, onSelectOffline }: BoardProps) {
  const waiting = conversations.filter((c) => c.status === 'waiting').sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const mine = conversations.filter((c) => c.status === 'active' && c.agent?.id === me);
  const others = conversations.filter((c) => c.status === 'active' && c.agent?.id !== me);
  const closed = conversations.filter((c) => c.status !== 'waiting' && c.status !== 'active').sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0));
  const list = (items: Summary[], testId: string, itemTestId: string, empty: string) =>
    items.length ? (
      <ul data-testid={testId}>
        {items.map((s) => (
          <Item key={s.requestId} summary={s} now={now} selected={selected === s.requestId} onSelect={onSelect} testId={itemTestId} />
        ))}
      </ul>
    ) : (
      <p class="muted" data-testid={testId}>
        {empty}
      </p>
    );
  return (
    <nav class="board" aria-label="Conversations">
      <section aria-labelledby="board-waiting">
        <h2 id="board-waiting">Waiting ({waiting.length})</h2>
        {list(waiting, 'queue', 'queue-item', 'Nobody is waiting.')}
      </section>
      <section aria-labelledby="board-mine">
        <h2 id="board-mine">My conversations ({mine.length})</h2>
        {list(mine, 'my-chats', 'chat-item', 'None yet: accept someone who is waiting.')}
      </section>
      {others.length > 0 && (
        <section aria-labelledby="board-others">
          <h2 id="board-others">With colleagues ({others.length})</h2>
          {list(others, 'other-chats', 'chat-item', '')}
        </section>
      )}
      <section aria-labelledby="board-closed">
        <h2 id="board-closed">Recently closed</h2>
        {list(closed, 'closed-chats', 'chat-item', 'Nothing closed yet.')}
      </section>
      <section aria-labelledby="board-offline">
        <h2 id="board-offline">Messages left ({offline.length})</h2>
        {offline.length ? (
          <ul data-testid="offline-messages">
            {offline.map((note) => (
              <li key={note.id}>
                <button
                  type="button"
                  class="item"
                  data-testid="offline-message"
                  data-offline-id={note.id}
                  aria-current={selectedOffline === note.id ? 'true' : undefined}
                  onClick={() => onSelectOffline(note)}
                >
                  <span class="item-title">{note.name ? `${note.name} <${note.email}>` : note.email}</span>
                  <span class="item-meta">{clock(note.time)}</span>
                  <span class="item-preview">{note.message}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted" data-testid="offline-messages">
            No messages left.
          </p>
        )}
      </section>
    </nav>
  );
}
