import type { TranscriptV1 } from './agent-types.js';
import { clock } from './format.js';

const WHO = { customer: 'Customer', bot: 'Bot', agent: 'Agent', system: 'System' } as const;

/**
 * The conversation before the handoff, exactly as the widget sent it. Every
 * text is untrusted and rendered as text (Preact escapes it), never as HTML.
 *
 * @example
 * <TranscriptView transcript={detail.transcript} />
 */
export function TranscriptView({ transcript }: { transcript: TranscriptV1 }) {
  if (!transcript.messages.length) return <p class="muted">No messages before the request.</p>;
  return (
    <ol class="thread-list" data-testid="transcript" aria-label="Conversation before the handoff">
      {transcript.messages.map((m) => (
        <li key={m.id} class={`line line-${m.author}`} data-testid="transcript-message" data-author={m.author}>
          <div class="line-head">
            <span class="who">{m.author === 'agent' && m.agentName ? `Agent (${m.agentName})` : WHO[m.author]}</span>
            <time dateTime={m.time}>{clock(m.time)}</time>
            {m.fallback && <span class="badge badge-warn">not understood</span>}
            {m.intent && !m.fallback && (
              <span class="badge">
                {m.intent}
                {m.confidence !== undefined ? ` ${Math.round(m.confidence * 100)}%` : ''}
              </span>
            )}
            {m.chosenReply && <span class="badge">chose a quick reply</span>}
            {m.status === 'failed' && <span class="badge badge-warn">never reached the bot</span>}
          </div>
          <p class="text">{m.text}</p>
          {m.quickReplies?.length ? <p class="offered">Offered: {m.quickReplies.map((q) => q.title).join(' · ')}</p> : null}
          {m.attachments?.map((a) => (
            <p class="attachment" key={a.url}>
              {a.kind === 'image' ? 'Image' : 'File'}: {a.name ?? a.url} ({a.url})
            </p>
          ))}
        </li>
      ))}
    </ol>
  );
}
