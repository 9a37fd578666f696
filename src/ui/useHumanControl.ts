import { useRef } from 'preact/hooks';
import type { ChatState } from '../core/chat.js';
import { humanControlKind, type HumanControlKind } from './human-control.js';

/** The human control's kind, remembering which availability signal changed last. */
export function useHumanControl(state: ChatState): HumanControlKind {
  const seen = useRef({ availability: state.availability, status: state.handoff.status, latest: 'status' as 'availability' | 'status' });
  const s = seen.current;
  if (state.availability !== s.availability) {
    s.availability = state.availability;
    s.latest = 'availability';
  }
  if (state.handoff.status !== s.status) {
    s.status = state.handoff.status;
    s.latest = 'status';
  }
  return humanControlKind(state, s.latest);
}
