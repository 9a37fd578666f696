import { describe, expect, it } from 'vitest';
import { escalationSource, normalizeEscalationOptions } from '../../src/core/escalation';

describe('escalationSource', () => {
  it('gives back what normalized options were made from, so they can be normalized again with lists that arrived since', () => {
    const raw = { frustration: 'off' as const, keyword: { phrases: ['talk to Anna'] } };
    const normalized = normalizeEscalationOptions(raw);
    expect(escalationSource(normalized)).toBe(raw);
    expect(normalizeEscalationOptions(escalationSource(normalized))).not.toBe(normalized);
    expect(normalizeEscalationOptions(escalationSource(normalized))).toEqual(normalized);
  });

  it('leaves anything else as it is', () => {
    const raw = { keyword: 'offer' as const };
    expect(escalationSource(raw)).toBe(raw);
    expect(escalationSource(undefined)).toBeUndefined();
  });
});
