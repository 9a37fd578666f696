/**
 * What test/core/masking.test.ts does not already cover: card numbers inside the
 * Markdown a customer may paste (link text, link targets, code, emphasis, lists,
 * autolinks), through the same masker the handoff transcript uses, and the masker's
 * cost on Markdown-shaped pathological input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/core/masking';
import { MASKING_COST_CASES } from './cases/cost-cases';
import { MARKDOWN_CARD_WRAPPERS } from './cases/markdown-card-cases';

const redact = createRedactor();

function withCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const cardNumber = fc
  .integer({ min: 13, max: 19 })
  .chain((length) => fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length - 2, maxLength: length - 2 })))
  .map(([first, rest]) => withCheckDigit(`${first}${rest.join('')}`));

const grouping = fc.constantFrom(
  (d: string) => d,
  (d: string) => d.replace(/(\d{4})(?=\d)/g, '$1 '),
  (d: string) => d.replace(/(\d{4})(?=\d)/g, '$1-'),
);

const filler = fc.string({ unit: 'grapheme-ascii', maxLength: 20 }).map((s) => s.replace(/\d/g, 'x'));

describe('card numbers inside Markdown', () => {
  it.each(MARKDOWN_CARD_WRAPPERS)('are masked in %s, keeping the last four', (_where, wrap) => {
    fc.assert(
      fc.property(cardNumber, grouping, filler, filler, (digits, group, before, after) => {
        const text = `${before} ${wrap(group(digits))} ${after}`;
        const out = redact(text);
        expect(out.kinds).toContain('card');
        expect(out.text.replace(/[\s-]/g, '')).not.toContain(digits);
        expect(out.text).toContain(`•••• ${digits.slice(-4)}`);
      }),
      { numRuns: 150 },
    );
  });

  it('leaves the Markdown around a masked number as it was', () => {
    const out = redact('[card 4242 4242 4242 4242](https://pay.example/) and **bold**');
    expect(out.text).toBe('[card [card •••• 4242]](https://pay.example/) and **bold**');
  });
});

describe('cost on Markdown-shaped pathological input', () => {
  const fill = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const timed = (input: string): number => {
    const t0 = performance.now();
    redact(input);
    return performance.now() - t0;
  };
  it.each(MASKING_COST_CASES)('masks 100,000 characters of %s in linear time', (_name, unit) => {
    timed(fill(unit, 8_000));
    const small = Math.min(timed(fill(unit, 8_000)), timed(fill(unit, 8_000)), timed(fill(unit, 8_000)));
    const medium = Math.min(timed(fill(unit, 32_000)), timed(fill(unit, 32_000)));
    expect(medium).toBeLessThan(Math.max(10 * small, 250));
    expect(timed(fill(unit, 100_000))).toBeLessThan(3_000);
  });
});
