import type { Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatState } from '../core/chat.js';
import { Composer } from './Composer.js';
import { LeaveMessageForm } from './LeaveMessageForm.js';
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
  /** Floating mode: hide the panel and return focus to the launcher. */
  onDismiss: (() => void) | undefined;
  composerRef?: Ref<HTMLTextAreaElement>;
  /** Extra inline styles (CSSOM, so CSP-safe), e.g. the visual viewport size. */
  style?: Record<string, string>;
}

/**
 * The chat panel: a labelled non-modal dialog when floating (a labelled region
 * inline). Escape closes a floating panel.
 */
export function Panel({ state, online, title, visible, onDismiss, composerRef, style }: PanelProps) {
  const { mode, chat } = useUi();
  const kind = useHumanControl(state);
  const [waitingOpen, setWaitingOpen] = useState(true);
  const [leaveOpen, setLeaveOpen] = useState(state.handoff.status === 'unavailable');
  const humanButtonRef = useRef<HTMLButtonElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const focusAfter = useRef<'email' | 'human' | undefined>(undefined);

  // The backend refusing a request opens the form at once: the customer is not left guessing.
  const lastStatus = useRef(state.handoff.status);
  useEffect(() => {
    if (state.handoff.status === lastStatus.current) return;
    lastStatus.current = state.handoff.status;
    if (state.handoff.status === 'unavailable') setLeaveOpen(true);
  }, [state.handoff.status]);
  useEffect(() => {
    if (state.phase !== 'waiting') return;
    setWaitingOpen(true);
    // A new request supersedes the form; a later refusal opens a fresh one.
    setLeaveOpen(false);
  }, [state.phase]);
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
      aria-modal={mode === 'floating' ? 'false' : undefined}
      aria-labelledby="hc-title"
      hidden={!visible}
      style={style}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.isComposing && onDismiss) {
          e.preventDefault();
          onDismiss();
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
        <MessageList messages={state.messages} agentName={agentName} />
        {typing ? <TypingIndicator who={typing} agentName={agentName} /> : null}
        {replies?.length ? <QuickReplies replies={replies} /> : null}
        {state.phase === 'waiting' && waitingOpen && !leaveOpen ? (
          <WaitingCard
            handoff={state.handoff}
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
            email={state.user?.email ?? ''}
            message={state.draft}
            maxLength={state.maxLength}
            emailRef={emailRef}
            onClose={() => {
              focusAfter.current = 'human';
              setLeaveOpen(false);
            }}
          />
        ) : null}
      </div>
      {showLeave ? null : <Composer draft={state.draft} maxLength={state.maxLength} inputRef={composerRef} />}
    </div>
  );
}
