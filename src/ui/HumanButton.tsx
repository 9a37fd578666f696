import type { Ref } from 'preact';
import type { ChatState } from '../core/chat.js';
import type { HumanControlKind } from './human-control.js';
import { PersonIcon } from './icons.js';
import { useUi } from './useUi.js';
import { waitingProgress } from './waiting-progress.js';

export interface HumanButtonProps {
  state: ChatState;
  kind: HumanControlKind;
  /** Whether the waiting details are shown (the button toggles them while waiting). */
  waitingOpen: boolean;
  onToggleWaiting(): void;
  onLeaveMessage(): void;
  /** Id of the availability note that describes the button, when shown. */
  describedBy: string | undefined;
  buttonRef?: Ref<HTMLButtonElement>;
}

/**
 * The path to a person. Rendered in every state as a real, enabled button; what it
 * says and does follows the conversation: ask for a person, leave a message when
 * nobody is there, show progress while waiting, end the chat with a person.
 */
export function HumanButton({ state, kind, waitingOpen, onToggleWaiting, onLeaveMessage, describedBy, buttonRef }: HumanButtonProps) {
  const { chat, t } = useUi();
  let label: string;
  let detail: string | undefined;
  let onClick: () => void;
  switch (kind) {
    case 'end':
      label = t('endChat');
      onClick = () => chat.endChat();
      break;
    case 'waiting':
      label = t('waitingForPerson');
      detail = waitingProgress(state.handoff, t).join(' · ') || undefined;
      onClick = onToggleWaiting;
      break;
    case 'leave-message':
      label = t('leaveMessage');
      onClick = onLeaveMessage;
      break;
    default:
      label = t('talkToHuman');
      onClick = () => {
        chat.requestHuman();
      };
  }
  return (
    <button
      ref={buttonRef}
      type="button"
      class={`human-button human-${kind}`}
      part="human-button"
      data-kind={kind}
      onClick={onClick}
      aria-expanded={kind === 'waiting' ? waitingOpen : undefined}
      aria-controls={kind === 'waiting' ? 'hc-waiting' : undefined}
      aria-describedby={describedBy}
    >
      <PersonIcon />
      <span class="human-text">
        <span class="human-label">{label}</span>
        {detail ? ' ' : null}
        {detail ? <span class="human-detail">{detail}</span> : null}
      </span>
    </button>
  );
}
