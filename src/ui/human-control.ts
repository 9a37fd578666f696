import type { ChatState } from '../core/chat.js';

/**
 * What the always-present human control does right now:
 * - `request`: ask for a person;
 * - `leave-message`: nobody is available, open the leave-a-message form;
 * - `waiting`: a request is pending; the control shows progress and opens the details;
 * - `end`: a person answers; the control ends the chat.
 */
export type HumanControlKind = 'request' | 'leave-message' | 'waiting' | 'end';

/**
 * Decides the human control from the state. Two signals can say whether anyone is
 * there: the backend's availability and the outcome of the last request; `latest`
 * says which one arrived last, and that one wins.
 *
 * @example
 * humanControlKind(chat.state, 'availability') // 'request'
 */
export function humanControlKind(state: ChatState, latest: 'availability' | 'status'): HumanControlKind {
  if (state.phase === 'human') return 'end';
  if (state.phase === 'waiting') return 'waiting';
  const refused = state.handoff.status === 'unavailable';
  const availability = state.availability;
  if (availability && (latest === 'availability' || !refused)) return availability.available ? 'request' : 'leave-message';
  return refused ? 'leave-message' : 'request';
}

/** Whole minutes for a wait in seconds, at least 1. */
export function waitMinutes(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60));
}
