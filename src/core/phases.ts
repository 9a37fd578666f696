import { StateError } from './errors.js';
import type { Phase } from './types.js';

/**
 * Every phase change the conversation allows. Anything else is a bug or a confused
 * backend, and is rejected with a `StateError`.
 *
 * - bot → waiting: a person was asked for.
 * - bot → ended: the customer ended the chat.
 * - waiting → human: a person joined.
 * - waiting → bot: the customer cancelled, or nobody is available.
 * - waiting → ended: the backend closed the request.
 * - human → waiting: the person put the conversation back in the queue (e.g. a transfer).
 * - human → bot: the person handed back to the bot.
 * - human → ended: the person or the customer ended it.
 * - ended → bot: the customer writes again; the bot answers.
 */
export const PHASE_TRANSITIONS: Readonly<Record<Phase, readonly Phase[]>> = Object.freeze({
  bot: Object.freeze(['waiting', 'ended'] as Phase[]),
  waiting: Object.freeze(['human', 'bot', 'ended'] as Phase[]),
  human: Object.freeze(['waiting', 'bot', 'ended'] as Phase[]),
  ended: Object.freeze(['bot'] as Phase[]),
});

/** True when the conversation may move from `from` to `to`. */
export function canTransition(from: Phase, to: Phase): boolean {
  return PHASE_TRANSITIONS[from].includes(to);
}

/** Throws a `StateError` naming both phases when the move is not allowed. */
export function assertTransition(from: Phase, to: Phase): void {
  if (!canTransition(from, to)) {
    throw new StateError(
      'illegal_transition',
      `Cannot move the conversation from "${from}" to "${to}"; allowed from "${from}": ${
        PHASE_TRANSITIONS[from].map((p) => `"${p}"`).join(', ') || 'none'
      }.`,
    );
  }
}

/** Type guard for a phase name (used when restoring stored state). */
export function isPhase(value: unknown): value is Phase {
  return value === 'bot' || value === 'waiting' || value === 'human' || value === 'ended';
}
