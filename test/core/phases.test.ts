import { describe, expect, it } from 'vitest';
import { PHASE_TRANSITIONS, canTransition } from '../../src/core/index';
import { assertTransition } from '../../src/core/phases';
import type { Phase } from '../../src/core/types';

const PHASES: Phase[] = ['bot', 'waiting', 'human', 'ended'];
const LEGAL = new Set(['bot>waiting', 'bot>ended', 'waiting>human', 'waiting>bot', 'waiting>ended', 'human>waiting', 'human>bot', 'human>ended', 'ended>bot']);

describe('phase transitions', () => {
  for (const from of PHASES) {
    for (const to of PHASES) {
      if (from === to) continue;
      const legal = LEGAL.has(`${from}>${to}`);
      it(`${legal ? 'allows' : 'rejects'} ${from} → ${to}`, () => {
        expect(canTransition(from, to)).toBe(legal);
        if (legal) expect(() => assertTransition(from, to)).not.toThrow();
        else {
          expect(() => assertTransition(from, to)).toThrow(expect.objectContaining({ name: 'StateError', code: 'illegal_transition' }));
          expect(() => assertTransition(from, to)).toThrow(`"${from}" to "${to}"`);
        }
      });
    }
  }

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(PHASE_TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(PHASE_TRANSITIONS.bot)).toBe(true);
  });
});
