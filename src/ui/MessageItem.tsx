import { Component } from 'preact';
import type { Message } from '../core/types.js';
import { Attachments } from './Attachments.js';
import { BotIcon, PersonIcon } from './icons.js';
import { Markdown } from './Markdown.js';
import { noticeText } from './notice-text.js';
import { stripBidiControls } from './strip-bidi-controls.js';
import { useUi } from './useUi.js';

export interface MessageItemProps {
  message: Message;
  /** Show the author label visibly (first message of a run); screen readers always get it. */
  showAuthor: boolean;
  /** Name for agent messages that do not carry their author. */
  agentName: string | undefined;
}

/**
 * One line of the conversation. Bot and person are told apart by label, icon and
 * colour; customer text is shown exactly as typed; system lines describe progress.
 */
export function MessageItem({ message, showAuthor, agentName }: MessageItemProps) {
  const { chat, t, formatTime, refocus } = useUi();
  const m = message;
  if (m.author === 'system') {
    return (
      <div class="msg msg-system" part="message notice" data-author="system">
        <p class="notice">
          <span class="sr-only">{t('systemLabel')}: </span>
          {noticeText(m, t)}
        </p>
      </div>
    );
  }
  // A time no Date can hold (a corrupt or hostile store) shows no time rather than breaking the whole widget.
  const date = new Date(m.time);
  const time = Number.isNaN(date.getTime()) ? null : (
    <time dateTime={date.toISOString()} class="time">
      {formatTime(m.time)}
    </time>
  );
  return (
    <div
      class={`msg msg-${m.author}${m.status === 'failed' ? ' msg-failed' : ''}`}
      part={`message message-${m.author}`}
      data-author={m.author}
      aria-busy={m.streaming ? 'true' : undefined}
    >
      <div class={showAuthor ? 'author' : 'author sr-only'}>
        <AuthorLabel message={m} agentName={agentName} />
      </div>
      <div class="bubble" part={`bubble bubble-${m.author}`}>
        {/* dir="auto": an English message in an Arabic widget (or the reverse) keeps its own direction. */}
        {m.author === 'customer' ? (
          <p class="plain" dir="auto">
            {m.text}
          </p>
        ) : (
          <Markdown text={m.text} />
        )}
        {m.attachments?.length ? <Attachments items={m.attachments} /> : null}
      </div>
      <div class="meta">
        {time}
        {m.author === 'customer' && m.status === 'sending' ? <span class="status">{t('sending')}</span> : null}
        {m.author === 'customer' && m.status === 'failed' ? (
          <>
            <span class="status status-failed">{t('notSent')}</span>
            <button
              type="button"
              class="link-button"
              part="retry-button"
              onClick={(e) => {
                refocus(e);
                chat.retry(m.id);
              }}
            >
              {t('retry')}
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
}

function AuthorLabel({ message, agentName }: { message: Message; agentName: string | undefined }) {
  const { t } = useUi();
  if (message.author === 'customer') return <span class="author-name">{t('youLabel')}</span>;
  if (message.author === 'bot') {
    return (
      <>
        <BotIcon />
        <span class="role-badge role-bot">{t('botLabel')}</span>
      </>
    );
  }
  const name = stripBidiControls(message.agent?.name || agentName || '');
  return (
    <>
      <PersonIcon />
      {name ? <span class="author-name">{name}</span> : null}
      {name ? ' ' : null}
      <span class="role-badge role-agent">{stripBidiControls(message.agent?.title || '') || t('supportAgent')}</span>
    </>
  );
}

/** Fields of a message small enough to compare as JSON; all others are compared one by one. */
const NESTED = ['quickReplies', 'chosenReply', 'attachments', 'agent', 'notice'] as const;

/**
 * Whether two messages show the same. Another tab mirrors the conversation with fresh
 * copies of every message on each broadcast, so identity alone would re-render (and
 * re-parse the Markdown of) the whole history for every streamed word.
 */
function sameMessage(a: Message, b: Message): boolean {
  if (a === b) return true;
  if (
    a.id !== b.id ||
    a.text !== b.text ||
    a.status !== b.status ||
    a.streaming !== b.streaming ||
    a.author !== b.author ||
    a.time !== b.time ||
    a.error !== b.error ||
    a.fallback !== b.fallback
  ) {
    return false;
  }
  for (const key of NESTED) {
    const x = a[key];
    const y = b[key];
    if (x !== y && (x === undefined || y === undefined || JSON.stringify(x) !== JSON.stringify(y))) return false;
  }
  return true;
}

/**
 * `MessageItem` that re-renders only when what its message shows, or its label,
 * changes: typing in the composer, or another tab re-sending the same conversation,
 * must not re-render a long history.
 */
export class MessageRow extends Component<MessageItemProps> {
  override shouldComponentUpdate(next: MessageItemProps): boolean {
    const p = this.props;
    return !sameMessage(next.message, p.message) || next.showAuthor !== p.showAuthor || next.agentName !== p.agentName;
  }
  override render(props: MessageItemProps) {
    return <MessageItem {...props} />;
  }
}
