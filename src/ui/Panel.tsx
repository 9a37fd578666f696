import type { Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatState } from '../core/chat.js';
import type { Message } from '../core/types.js';
import { Composer } from './Composer.js';
import { focusableIn } from './focusable.js';
import { LeaveMessageForm, type LeaveMessageDraft } from './LeaveMessageForm.js';
import { MessageList } from './MessageList.js';
import { OfferPrompt } from './OfferPrompt.js';
import { PanelHeader } from './PanelHeader.js';
import { QuickReplies } from './QuickReplies.js';
import { RatingSurvey } from './RatingSurvey.js';
import { StatusBanner } from './StatusBanner.js';
import { TypingIndicator } from './TypingIndicator.js';
import { useHumanControl } from './useHumanControl.js';
import { useStickToBottom } from './useStickToBottom.js';
import { useUi } from './useUi.js';
import { WaitingCard } from './WaitingCard.js';

export interface PanelProps {
  state: ChatState;
  online: boolean;
  title: string;
  /** False hides the panel (floating mode, closed); it stays mounted so nothing typed is lost. */
  visible: boolean;
  /**
   * The floating panel covers the whole screen (small viewports): it is a modal
   * dialog then, and Tab cycles inside it.
   */
  modal?: boolean;
  /** Floating mode: hide the panel and return focus to the launcher. */
  onDismiss: (() => void) | undefined;
  composerRef?: Ref<HTMLTextAreaElement>;
  /** Extra inline styles (CSSOM, so CSP-safe), e.g. the visual viewport size. */
  style?: Record<string, string>;
}

/** The queue position the log last announced, so the waiting card does not say it again. */
function loggedQueuePosition(messages: readonly Message[]): number | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const notice = (messages[i] as Message).notice;
    if (notice?.code === 'handoff-queued') return typeof notice.params?.position === 'number' ? notice.params.position : undefined;
    if (notice?.code === 'handoff-requested') return undefined;
  }
  return undefined;
}

/**
 * The chat panel: a labelled dialog when floating (a labelled region inline),
 * non-modal beside the page and modal when it covers the screen. Escape closes a
 * floating panel.
 */
export function Panel({ state, online, title, visible, modal = false, onDismiss, composerRef, style }: PanelProps) {
  const { mode, chat } = useUi();
  const kind = useHumanControl(state);
  const [waitingOpen, setWaitingOpen] = useState(true);
  const [leaveOpen, setLeaveOpen] = useState(state.handoff.status === 'unavailable');
  // What the customer wrote in the leave-a-message form outlives the form: going back
  // to the chat, or a person joining meanwhile, must not throw the words away.
  const [leave, setLeave] = useState<LeaveMessageDraft | undefined>(undefined);
  /** What the message box shows right now (its save to the chat may still be pending). */
  const typed = useRef<string | undefined>(undefined);
  const humanButtonRef = useRef<HTMLButtonElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const focusAfter = useRef<'email' | 'human' | undefined>(undefined);

  // The backend refusing a request opens the form at once: the customer is not left guessing.
  const lastStatus = useRef(state.handoff.status);
  useEffect(() => {
    if (state.handoff.status === lastStatus.current) return;
    lastStatus.current = state.handoff.status;
    if (state.handoff.status === 'unavailable') setLeaveOpen(true);
    // Delivered: the words are with the team; keep only the confirmation.
    if (state.handoff.status === 'message-left') setLeave((d) => (d?.sentTo !== undefined ? { sentTo: d.sentTo } : d));
  }, [state.handoff.status]);
  useEffect(() => {
    if (state.phase !== 'waiting') return;
    setWaitingOpen(true);
    // A new request supersedes the form; a later refusal opens it again, with the words kept.
    setLeaveOpen(false);
  }, [state.phase]);
  // Another person (logout, identify) gets a fresh conversation: nothing of the last one's note stays on screen.
  const conversation = useRef(state.conversationId);
  useEffect(() => {
    if (conversation.current === state.conversationId) return;
    conversation.current = state.conversationId;
    setLeave(undefined);
    typed.current = undefined;
  }, [state.conversationId]);
  useEffect(() => {
    const target = focusAfter.current;
    focusAfter.current = undefined;
    if (target === 'email') emailRef.current?.focus();
    if (target === 'human') humanButtonRef.current?.focus();
  }, [leaveOpen]);

  const last = state.messages[state.messages.length - 1];
  const typing = state.phase === 'bot' ? (state.typing.bot ? 'bot' : undefined) : state.typing.agent ? 'agent' : undefined;
  useStickToBottom(
    scrollerRef,
    `${state.messages.length}:${last?.text.length ?? 0}:${typing ?? ''}:${state.phase}:${leaveOpen}:${visible}`,
    visible && last?.author === 'customer',
  );

  // While waiting, the form replaces the waiting card when the customer chose to leave a message instead.
  const showLeave = leaveOpen && state.phase !== 'human';
  const replies = state.phase === 'bot' && last?.author === 'bot' && !last.streaming ? last.quickReplies : undefined;
  const agentName = state.agent?.name;

  return (
    <div
      id="hc-panel"
      class={`panel panel-${mode}`}
      part="panel"
      role={mode === 'floating' ? 'dialog' : 'region'}
      aria-modal={mode === 'floating' ? (modal ? 'true' : 'false') : undefined}
      aria-labelledby="hc-title"
      hidden={!visible}
      style={style}
      ref={panelRef}
      onKeyDown={(e) => {
        // keyCode 229: the Escape that ends an IME composition (Safari reports isComposing false for it).
        if (e.key === 'Escape' && !e.isComposing && e.keyCode !== 229 && onDismiss) {
          e.preventDefault();
          onDismiss();
          return;
        }
        if (e.key === 'Tab' && modal && panelRef.current) {
          const items = focusableIn(panelRef.current);
          const first = items[0];
          const end = items[items.length - 1];
          const active = (panelRef.current.getRootNode() as Document | ShadowRoot).activeElement;
          if (!first || !end) return;
          if (e.shiftKey ? active === first : active === end) {
            e.preventDefault();
            (e.shiftKey ? end : first).focus();
          }
        }
      }}
    >
      <PanelHeader
        state={state}
        title={title}
        kind={kind}
        waitingOpen={waitingOpen}
        onToggleWaiting={() => setWaitingOpen((v) => !v)}
        onLeaveMessage={() => {
          focusAfter.current = 'email';
          setLeaveOpen(true);
          // Already open: the effect will not run, so focus now.
          if (leaveOpen) emailRef.current?.focus();
        }}
        onMinimise={onDismiss}
        humanButtonRef={humanButtonRef}
      />
      <StatusBanner state={state} online={online} />
      <div class="body" ref={scrollerRef}>
        <MessageList key={state.conversationId} messages={state.messages} agentName={agentName} scrollerRef={scrollerRef} />
        {typing ? <TypingIndicator who={typing} agentName={agentName} /> : null}
        {replies?.length ? <QuickReplies replies={replies} /> : null}
        {state.phase === 'waiting' && waitingOpen && !leaveOpen ? (
          <WaitingCard
            handoff={state.handoff}
            loggedPosition={loggedQueuePosition(state.messages)}
            onLeaveMessage={() => {
              focusAfter.current = 'email';
              setLeaveOpen(true);
            }}
          />
        ) : null}
        {state.offer && state.phase === 'bot' ? <OfferPrompt /> : null}
        {state.rating === 'offered' ? <RatingSurvey onSkip={() => chat.declineRating()} /> : null}
        {showLeave ? (
          <LeaveMessageForm
            status={state.handoff.status}
            noteError={state.handoff.noteError}
            draft={leave ?? { email: state.user?.email ?? '', message: typed.current ?? state.draft }}
            onChange={setLeave}
            maxLength={state.maxLength}
            emailRef={emailRef}
            onClose={() => {
              focusAfter.current = 'human';
              setLeaveOpen(false);
              // After the confirmation, a later form starts afresh.
              if (state.handoff.status === 'message-left') setLeave(undefined);
            }}
          />
        ) : null}
      </div>
      {showLeave ? null : (
        <Composer draft={state.draft} conversationId={state.conversationId} maxLength={state.maxLength} inputRef={composerRef} typedRef={typed} />
      )}
    </div>
  );
}
