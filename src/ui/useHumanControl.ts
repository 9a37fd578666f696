import { useRef } from 'preact/hooks';
import type { ChatState } from '../core/chat.js';
import type { Availability } from '../core/types.js';
import { humanControlKind, type HumanControlKind } from './human-control.js';

/** Same availability as data: a tab mirroring another gets a fresh copy with every broadcast. */
function sameAvailability(a: Availability | undefined, b: Availability | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.available === b.available && a.etaSeconds === b.etaSeconds && a.message === b.message;
}

/** The human control's kind, remembering which availability signal changed last. */
export function useHumanControl(state: ChatState): HumanControlKind {
  const seen = useRef({ availability: state.availability, status: state.handoff.status, latest: 'status' as 'availability' | 'status' });
  const s = seen.current;
  if (!sameAvailability(state.availability, s.availability)) {
    s.latest = 'availability';
  }
  s.availability = state.availability;
  if (state.handoff.status !== s.status) {
    s.status = state.handoff.status;
    s.latest = 'status';
  }
  return humanControlKind(state, s.latest);
}
