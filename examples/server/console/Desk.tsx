import { useEffect, useState } from 'preact/hooks';
import type { OfflineNote } from './agent-types.js';
import { Board } from './Board.js';
import { ConversationPane } from './ConversationPane.js';
import { OfflineNoteView } from './OfflineNoteView.js';
import { useDesk, type AgentProfile } from './useDesk.js';

const STATUS_TEXT = { connecting: 'Connecting…', online: 'Connected', reconnecting: 'Reconnecting…', closed: 'Disconnected' } as const;

/**
 * The signed-in console: header, board, and the chosen conversation.
 *
 * @example
 * <Desk url="ws://127.0.0.1:8787/agent" profile={{ id: 'agt_1', name: 'Alex' }} onSignOut={forget} />
 */
export function Desk({ url, profile, onSignOut }: { url: string; profile: AgentProfile; onSignOut(): void }) {
  const [state, actions] = useDesk(url, profile);
  const [offlineNote, setOfflineNote] = useState<OfflineNote>();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    // Waiting times on screen move on their own.
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);

  const selected = state.selected;
  const summary = selected
    ? (state.conversations.find((c) => c.requestId === selected.requestId) ?? state.details[selected.requestId]?.summary)
    : undefined;

  return (
    <div class="desk">
      <header class="top">
        <h1>Fernway agents</h1>
        <p class={`connection connection-${state.status}`} data-testid="connection-status" role="status">
          {STATUS_TEXT[state.status]}
        </p>
        <p data-testid="agents-online">{state.agentsOnline === 1 ? '1 person available' : `${state.agentsOnline} people available`}</p>
        <label class="toggle">
          <input
            type="checkbox"
            data-testid="availability-toggle"
            checked={state.available}
            onChange={(e) => actions.setAvailable((e.currentTarget as HTMLInputElement).checked)}
          />
          Available for new customers
        </label>
        <p class="me">
          {profile.name}
          {profile.title ? ` · ${profile.title}` : ''}{' '}
          <button type="button" class="link" onClick={onSignOut}>
            Sign out
          </button>
        </p>
      </header>
      {state.error && (
        <p class="error" role="alert" data-testid="error">
          {state.error}{' '}
          <button type="button" class="link" onClick={actions.dismissError}>
            Dismiss
          </button>
        </p>
      )}
      <div class="layout">
        <Board
          conversations={state.conversations}
          offline={state.offline}
          me={profile.id}
          now={now}
          selected={offlineNote ? undefined : selected?.requestId}
          selectedOffline={offlineNote?.id}
          onSelect={(s) => {
            setOfflineNote(undefined);
            actions.select(s);
          }}
          onSelectOffline={setOfflineNote}
        />
        <main class="main">
          {offlineNote ? (
            <OfflineNoteView note={offlineNote} />
          ) : summary ? (
            <ConversationPane
              summary={summary}
              detail={selected ? state.details[selected.requestId] : undefined}
              me={profile.id}
              customerTyping={Boolean(state.typing[summary.conversationId])}
              now={now}
              actions={actions}
            />
          ) : (
            <p class="muted empty" data-testid="no-conversation">
              Choose a customer on the left to see their conversation.
            </p>
          )}
        </main>
      </div>
    </div>
  );
}
