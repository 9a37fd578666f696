import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/transports/index';

const now = Date.UTC(2030, 5, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads whole seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
  });

  it('reads the three HTTP-date forms', () => {
    expect(parseRetryAfter('Sat, 01 Jun 2030 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Saturday, 01-Jun-30 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat Jun  1 12:00:30 2030', now)).toBe(30_000);
  });

  it('says 0 for a date already past', () => {
    expect(parseRetryAfter('Sat, 01 Jun 2030 11:00:00 GMT', now)).toBe(0);
  });

  it.each([null, undefined, '', '1.5', '-1', 'soon', '12:00'])('gives no advice for %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
