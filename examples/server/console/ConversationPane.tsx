import { useEffect, useRef } from 'preact/hooks';
import type { Detail, Summary } from './agent-types.js';
import { Composer } from './Composer.js';
import { ContextPanel } from './ContextPanel.js';
import { clock, duration, statusLabel } from './format.js';
import { TranscriptView } from './TranscriptView.js';
import type { DeskActions } from './useDesk.js';

export interface ConversationPaneProps {
  summary: Summary;
  detail?: Detail;
  me: string;
  customerTyping: boolean;
  now: number;
  actions: DeskActions;
}

/**
 * One request: the transcript and context the customer arrived with, the live
 * conversation after it, and what the agent can do in its current state.
 *
 * @example
 * <ConversationPane summary={s} detail={d} me={agent.id} customerTyping={false} now={Date.now()} actions={actions} />
 */
export function ConversationPane({ summary, detail, me, customerTyping, now, actions }: ConversationPaneProps) {
  const mine = summary.status === 'active' && summary.agent?.id === me;
  const thread = useRef<HTMLDivElement>(null);
  const lines = detail?.entries.length ?? 0;
  useEffect(() => {
    const el = thread.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines, customerTyping, detail?.summary.requestId]);

  const name = summary.customer.name ?? summary.customer.email ?? 'Visitor';
  return (
    <section class="conversation" data-testid="conversation" data-conversation-id={summary.conversationId} aria-labelledby="conversation-title">
      <header class="conversation-head">
        <div>
          <h2 id="conversation-title">{name}</h2>
          <p class="status" data-testid="conversation-status" data-status={summary.status}>
            {statusLabel(summary.status)}
            {summary.status === 'waiting' && summary.position ? ` · #${summary.position} in line · waiting ${duration(now - summary.requestedAt)}` : ''}
            {summary.agent && summary.status === 'active' && !mine ? ` · with ${summary.agent.name}` : ''}
          </p>
          {summary.csat && (
            <p class="csat" data-testid="csat" aria-label={`Rated ${summary.csat.score} out of 5`}>
              <span aria-hidden="true">{'★'.repeat(summary.csat.score) + '☆'.repeat(5 - summary.csat.score)}</span> {summary.csat.score}/5
              {summary.csat.comment ? ` — “${summary.csat.comment}”` : ''}
            </p>
          )}
        </div>
        <div class="actions">
          {summary.status === 'waiting' && (
            <button type="button" class="primary" data-testid="accept-button" onClick={() => actions.accept(summary)}>
              Accept
            </button>
          )}
          {mine && (
            <>
              <button type="button" data-testid="release-button" onClick={actions.release}>
                Return to queue
              </button>
              <button type="button" data-testid="hand-back-button" onClick={actions.handBack}>
                Hand back to bot
              </button>
              <button type="button" class="danger" data-testid="end-button" onClick={actions.end}>
                End chat
              </button>
            </>
          )}
        </div>
      </header>
      {!detail ? (
        <p class="muted">Loading the conversation…</p>
      ) : (
        <div class="conversation-body">
          <div class="thread" ref={thread}>
            <h3>Before the request</h3>
            <TranscriptView transcript={detail.transcript} />
            <h3>Since the request</h3>
            <ol class="thread-list" data-testid="live-log" aria-live="polite" aria-label="Conversation since the request">
              {detail.entries.map((e) => (
                <li key={e.id} class={`line line-${e.author}`} data-testid="log-entry" data-author={e.author}>
                  <div class="line-head">
                    <span class="who">{e.author === 'customer' ? 'Customer' : e.author === 'agent' ? (e.agent?.name ?? 'Agent') : 'Note'}</span>
                    <time dateTime={new Date(e.time).toISOString()}>{clock(e.time)}</time>
                  </div>
                  <p class="text">{e.text}</p>
                </li>
              ))}
            </ol>
            {customerTyping && (
              <p class="typing" data-testid="customer-typing">
                The customer is typing…
              </p>
            )}
          </div>
          <ContextPanel summary={summary} transcript={detail.transcript} />
        </div>
      )}
      {mine && <Composer onSend={actions.send} onTyping={actions.typing} />}
    </section>
  );
}
