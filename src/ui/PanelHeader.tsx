import type { Ref } from 'preact';
import type { ChatState } from '../core/chat.js';
import type { AgentInfo } from '../core/types.js';
import { waitMinutes, type HumanControlKind } from './human-control.js';
import { HumanButton } from './HumanButton.js';
import { stripBidiControls } from './strip-bidi-controls.js';
import { BotIcon, MinimiseIcon } from './icons.js';
import { useUi } from './useUi.js';

export interface PanelHeaderProps {
  state: ChatState;
  title: string;
  kind: HumanControlKind;
  waitingOpen: boolean;
  onToggleWaiting(): void;
  onLeaveMessage(): void;
  /** Set in floating mode: hides the panel. */
  onMinimise: (() => void) | undefined;
  humanButtonRef?: Ref<HTMLButtonElement>;
}

/**
 * The panel header: the title, who is answering (bot or a named person), the
 * minimise button and, always, the human control with the availability note.
 */
export function PanelHeader({ state, title, kind, waitingOpen, onToggleWaiting, onLeaveMessage, onMinimise, humanButtonRef }: PanelHeaderProps) {
  const { t } = useUi();
  const note = availabilityNote(state, kind, t);
  return (
    <header class="header" part="header">
      <div class="header-top">
        <div class="identity">
          {/* tabIndex -1: where focus goes after a tap removed the control that had it. */}
          <h2 id="hc-title" class="title" part="title" tabIndex={-1}>
            {title}
          </h2>
          <Answerer state={state} />
        </div>
        {onMinimise ? (
          <button type="button" class="icon-button" part="close-button" aria-label={t('minimise')} onClick={onMinimise}>
            <MinimiseIcon />
          </button>
        ) : null}
      </div>
      <div class="human-row">
        <HumanButton
          state={state}
          kind={kind}
          waitingOpen={waitingOpen}
          onToggleWaiting={onToggleWaiting}
          onLeaveMessage={onLeaveMessage}
          describedBy={note ? 'hc-availability' : undefined}
          buttonRef={humanButtonRef}
        />
        {note ? (
          <p id="hc-availability" class="availability" part="availability" data-available={String(kind !== 'leave-message')}>
            {note}
          </p>
        ) : null}
      </div>
    </header>
  );
}

/** Says who answers: the bot, or the person by name with their role. */
function Answerer({ state }: { state: ChatState }) {
  const { t } = useUi();
  if (state.phase === 'human' && state.agent) {
    return (
      <p class="answerer answerer-agent" part="answerer">
        <AgentAvatar agent={state.agent} />
        <span class="answerer-text">
          <span class="agent-name">{t('chattingWithAgent', { name: state.agent.name })}</span>{' '}
          <span class="role-badge role-agent">{stripBidiControls(state.agent.title || '') || t('supportAgent')}</span>
        </span>
      </p>
    );
  }
  if (!state.hasBot || state.phase === 'waiting') return null;
  return (
    <p class="answerer answerer-bot" part="answerer">
      <BotIcon />
      <span class="answerer-text">{t('chattingWithBot')}</span>
    </p>
  );
}

function AgentAvatar({ agent }: { agent: AgentInfo }) {
  const { allowsImage } = useUi();
  if (agent.avatarUrl && allowsImage(agent.avatarUrl)) {
    return <img class="avatar" src={agent.avatarUrl} alt="" referrerpolicy="no-referrer" />;
  }
  // The first visible letter, whole (not half of a surrogate pair, not a bidi control).
  const initial = Array.from(stripBidiControls(agent.name).trim())[0]?.toUpperCase() || '?';
  return (
    <span class="avatar avatar-initial" aria-hidden="true">
      {initial}
    </span>
  );
}

function availabilityNote(state: ChatState, kind: HumanControlKind, t: ReturnType<typeof useUi>['t']): string | undefined {
  if (kind === 'leave-message') {
    return state.availability && !state.availability.available && state.availability.message ? state.availability.message : t('unavailable');
  }
  if (kind !== 'request' || !state.availability?.available) return undefined;
  const eta = state.availability.etaSeconds;
  return eta !== undefined && eta >= 0 ? t('availableEta', { minutes: waitMinutes(eta) }) : t('availableNow');
}
