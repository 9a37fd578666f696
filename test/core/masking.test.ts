import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/core/errors';
import { createRedactor, normalizeMaskingOptions, type MaskingOptions } from '../../src/core/masking';

const redact = createRedactor();
const mask = (text: string): string => redact(text).text;

/** Independent Luhn helpers, so the tests do not trust the code under test. */
function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum;
}
const luhnValid = (digits: string): boolean => luhnSum(digits) % 10 === 0;
function withCheckDigit(body: string): string {
  const check = (10 - (luhnSum(`${body}0`) % 10)) % 10;
  return `${body}${check}`;
}

function configError(fn: () => unknown): { option: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isConfigError(error)) return { option: error.option, message: error.message };
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('payment card numbers', () => {
  it.each([
    ['4242424242424242', '4242'],
    ['4242 4242 4242 4242', '4242'],
    ['4242-4242-4242-4242', '4242'],
    ['4242 - 4242 - 4242 - 4242', '4242'],
    ['3782 822463 10005', '0005'],
    ['4222222222222', '2222'],
    ['6011 0009 9013 9424', '9424'],
    [withCheckDigit('625094100652859901').replace(/(\d{4})(?=\d)/g, '$1 '), withCheckDigit('625094100652859901').slice(-4)],
  ])('masks %s, keeping the last four digits', (card, last4) => {
    const { text, kinds } = redact(`Pay with ${card} please`);
    expect(text).toBe(`Pay with [card •••• ${last4}] please`);
    expect(kinds).toEqual(['card']);
  });

  it('masks a card number typed in three formats in one message, so none reaches the agent', () => {
    const text = mask('tried 4242424242424242, then 4242 4242 4242 4242 and 4242-4242-4242-4242');
    expect(text).toBe('tried [card •••• 4242], then [card •••• 4242] and [card •••• 4242]');
  });

  it('leaves numbers that fail the Luhn check alone', () => {
    expect(mask('order 4242 4242 4242 4241 is late')).toBe('order 4242 4242 4242 4241 is late');
    expect(mask('1234567890123')).toBe('1234567890123');
  });

  it('finds a card next to other numbers in the same run', () => {
    expect(mask('qty 12 4242 4242 4242 4242')).toBe('qty 12 [card •••• 4242]');
    expect(mask('4242 4242 4242 4242 5555 5555 5555 4444')).toBe('[card •••• 4242] [card •••• 4444]');
  });

  it('does not read a phone number, a leading zero or a very long number as a card', () => {
    const afterPlus = `+49 ${withCheckDigit('151234567890')}`;
    expect(redact(afterPlus)).toEqual({ text: '[phone]', kinds: ['phone'] });
    expect(mask('0424242424242424')).toBe('0424242424242424');
    expect(mask('4242424242424242424242')).toBe('4242424242424242424242');
  });

  it('does not read lists of small numbers as a card', () => {
    // Fourteen digits that pass Luhn, but written as a list of shoe sizes.
    const sizes = withCheckDigit('3839404142434').replace(/(\d\d)(?=\d)/g, '$1 ');
    expect(sizes).toMatch(/^38 39 40 41 42 43 4\d$/);
    expect(mask(`sizes ${sizes}`)).toBe(`sizes ${sizes}`);
  });

  it('catches digits hidden with zero-width characters, soft hyphens and bidi controls', () => {
    const hidden = '4\u200b2\u200c4\u200d2 4\u20602\ufeff4\u00ad2 \u202e4242\u202c 4242';
    expect(mask(`card: ${hidden}!`)).toBe('card: [card •••• 4242]!');
  });

  it('catches full-width, Arabic-Indic, Devanagari and mathematical digits', () => {
    expect(mask('４２４２　４２４２　４２４２　４２４２')).toBe('[card •••• 4242]');
    expect(mask('٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢')).toBe('[card •••• 4242]');
    expect(mask('४२४२ ४२४२ ४२४२ ४२४२')).toBe('[card •••• 4242]');
    expect(mask('𝟒𝟐𝟒𝟐 𝟒𝟐𝟒𝟐 𝟒𝟐𝟒𝟐 𝟒𝟐𝟒𝟐')).toBe('[card •••• 4242]');
  });

  it('catches combining marks piled on the digits and unusual dashes and spaces', () => {
    expect(mask('4\u03032\u03034\u03032 4242 4242 4242')).toBe('[card •••• 4242]');
    expect(mask('4242\u20134242\u20144242\u00a04242')).toBe('[card •••• 4242]');
  });

  it('keeps everything around a masked card exactly as it was', () => {
    expect(mask('\u200bA\u0301 4242424242424242 ✓\u200d')).toBe('\u200bA\u0301 [card •••• 4242] ✓\u200d');
  });
});

describe('card masking, property-based', () => {
  const separators = fc.constantFrom(' ', '-', ' - ', '  ', '\u00a0', '\u2013', '\u3000');
  const cardNumber = fc
    .integer({ min: 13, max: 19 })
    .chain((length) =>
      fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length - 2, maxLength: length - 2 })),
    )
    .map(([first, rest]) => withCheckDigit(`${first}${rest.join('')}`));

  /** Any grouping the docs promise: up to six groups, at most one of one or two digits. */
  const grouped = (digits: string): fc.Arbitrary<string> =>
    fc
      .uniqueArray(fc.integer({ min: 1, max: digits.length - 1 }), { maxLength: 5 })
      .map((cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), digits.length];
        return points.slice(1).map((end, i) => digits.slice(points[i], end));
      })
      .filter((groups) => groups.filter((g) => g.length <= 2).length <= 1)
      .chain((groups) =>
        fc.array(separators, { minLength: groups.length - 1, maxLength: groups.length - 1 }).map((seps) => groups.map((g, i) => (i ? seps[i - 1] : '') + g).join('')),
      );

  const text = fc.string({ unit: 'binary', maxLength: 40 });

  it('masks every Luhn-valid number in any grouping inside arbitrary text, and never lets its digits through', () => {
    fc.assert(
      fc.property(cardNumber.chain((digits) => fc.tuple(fc.constant(digits), grouped(digits), text, text)), ([digits, formatted, before, after]) => {
        const out = mask(`${before} : ${formatted} : ${after}`);
        expect(out).toContain(`: [card •••• ${digits.slice(-4)}] :`);
        expect(out).not.toContain(digits);
        expect(out).not.toContain(formatted);
      }),
      { numRuns: 500 },
    );
  });

  const scripts: Array<(d: number) => string> = [
    (d) => String(d),
    (d) => String.fromCodePoint(0xff10 + d),
    (d) => String.fromCodePoint(0x0660 + d),
    (d) => String.fromCodePoint(0x06f0 + d),
    (d) => String.fromCodePoint(0x0966 + d),
    (d) => String.fromCodePoint(0x0e50 + d),
    (d) => String.fromCodePoint(0x1d7ce + d),
  ];
  const invisible = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u2066', '\u2069'];
  const toAscii = (s: string): string =>
    [...s]
      .filter((c) => !invisible.includes(c))
      .map((c) => {
        for (const script of scripts) for (let d = 0; d <= 9; d++) if (script(d) === c) return String(d);
        return c;
      })
      .join('');

  it('masks card numbers disguised with other digit scripts and invisible characters', () => {
    const disguised = cardNumber.chain((digits) =>
      fc.tuple(
        fc.constant(digits),
        fc.array(fc.integer({ min: 0, max: scripts.length - 1 }), { minLength: digits.length, maxLength: digits.length }),
        fc.array(fc.option(fc.constantFrom(...invisible), { nil: '' }), { minLength: digits.length, maxLength: digits.length }),
        fc.constantFrom(0, 4),
      ),
    );
    fc.assert(
      fc.property(disguised, ([digits, scriptOf, hidden, every]) => {
        const shown = [...digits]
          .map((d, i) => `${every && i && i % every === 0 ? ' ' : ''}${(scripts[scriptOf[i] as number] as (d: number) => string)(Number(d))}${hidden[i]}`)
          .join('');
        const out = mask(`card ${shown} thanks`);
        // An invisible character right after the last digit may stay; nothing else does.
        expect(out.replace(/[\u200b-\u200d\u2060\ufeff\u00ad\u2066\u2069]/g, '')).toBe(`card [card •••• ${digits.slice(-4)}] thanks`);
        expect(toAscii(out).replace(/\s/g, '')).not.toContain(digits);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves Luhn-invalid numbers written as one block or in fours alone', () => {
    const invalid = fc
      .integer({ min: 13, max: 19 })
      .chain((length) => fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length - 1, maxLength: length - 1 })))
      .map(([first, rest]) => `${first}${rest.join('')}`)
      .filter((digits) => !luhnValid(digits));
    const layout = fc.constantFrom('block', 'fours-space', 'fours-dash');
    fc.assert(
      fc.property(invalid, layout, fc.lorem({ maxCount: 6 }), fc.lorem({ maxCount: 6 }), (digits, how, before, after) => {
        // Grouped in fours, a 17–19 digit number has a 13–15 digit tail that may pass Luhn on its own.
        const shown = how === 'block' || digits.length > 16 ? digits : digits.replace(/(\d{4})(?=\d)/g, how === 'fours-space' ? '$1 ' : '$1-');
        const input = `${before}, ${shown}. ${after}`;
        expect(mask(input)).toBe(input);
      }),
      { numRuns: 500 },
    );
  });

  it('never makes a text much longer, and masking twice changes nothing more', () => {
    const noisy = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.constantFrom('4242', ' ', '-', '+46', '0', '@', 'a', '.', 'SE45', 'tel', '٤', '\u200b', '(', ')'), { maxLength: 80 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(noisy, (input) => {
        const once = mask(input);
        expect(once.length).toBeLessThanOrEqual(input.length * 3 + 20);
        expect(mask(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('IBANs', () => {
  it.each([
    ['DE89 3704 0044 0532 0130 00', 'DE', '3000'],
    ['DE89370400440532013000', 'DE', '3000'],
    ['GB82 WEST 1234 5698 7654 32', 'GB', '5432'],
    ['gb82west12345698765432', 'GB', '5432'],
    ['FR14 2004 1010 0505 0001 3M02 606', 'FR', '2606'],
    ['NO93 8601 1117 947', 'NO', '7947'],
    ['SE45 5000 0000 0583 9825 7466', 'SE', '7466'],
    ['ＳＥ４５ ５０００ ００００ ０５８３ ９８２５ ７４６６', 'SE', '7466'],
  ])('masks %s with the country and last four characters', (iban, country, last4) => {
    const { text, kinds } = redact(`IBAN: ${iban}, thanks`);
    expect(text).toBe(`IBAN: [IBAN ${country} •••• ${last4}], thanks`);
    expect(kinds).toEqual(['iban']);
  });

  it('leaves strings with wrong check digits alone', () => {
    expect(mask('DE88 3704 0044 0532 0130 00')).not.toContain('[IBAN');
    expect(mask('AB12 CDEF GHIJ KLMN OP')).toBe('AB12 CDEF GHIJ KLMN OP');
  });

  it('stops at the end of the IBAN, not at the next word', () => {
    expect(mask('SE45 5000 0000 0583 9825 7466 is mine')).toBe('[IBAN SE •••• 7466] is mine');
  });
});

describe('e-mail addresses', () => {
  it.each([
    ['ana@example.com', 'write to [email]'],
    ['ana.lopez+shop@mail.example.co.uk.', 'write to [email].'],
    ['<ana@example.com>', 'write to <[email]>'],
    ['ana＠example．com', 'write to [email]'],
    ['jörg@müller.de', 'write to [email]'],
  ])('masks %s', (address, expected) => {
    expect(mask(`write to ${address}`)).toBe(expected);
  });

  it('leaves handles, local names and bare "@" alone', () => {
    for (const text of ['ping @support', 'user@localhost', 'a@b', 'x @ y.com', 'me@host.c0m', '@@@']) expect(mask(text)).toBe(text);
  });
});

describe('phone numbers', () => {
  it.each([
    'call +46 70 123 45 67',
    'call +1 (415) 555-2671',
    'call 0046 70 123 45 67',
    'call 070-123 45 67',
    'call 08-123 456 78',
    'call 030 1234567',
    'call 01 23 45 67 89',
    'call (415) 555-2671',
    'call 415-555-2671',
    'call 415.555.2671',
    'tel: 612 345 678',
    'ring mig på 0701234567',
    'Handy: 0151 23456789',
    'Tel nr 0701234567',
    'mi teléfono es 612345678',
    'رقمي 0501234567',
  ])('masks "%s"', (text) => {
    const { text: out, kinds } = redact(text);
    expect(out).toMatch(/\[phone\]$/);
    expect(out).not.toMatch(/\d{3}/);
    expect(kinds).toEqual(['phone']);
  });

  it.each([
    'order 0701234567',
    'Bestellnummer 0123456789',
    'ticket #0701234567',
    'Order no. 12345678',
    'delivered 2024-05-12',
    'delivered 12.05.2024',
    'delivered 05/12/2024',
    'it costs 1 299,00 kr',
    'price € 0,99',
    'total 0701234567 SEK',
    'ISBN 0-306-40615-2',
    'code 12345678',
    'version 1.2.3',
    'IP 192.168.0.1',
    'open 10:30-12:00',
    'SKU 0123456789',
    'tracking 00340434161094265963',
    'invoice 4155552671',
    'up 30 %',
    'ordernummer 0701234567',
    'Bestell-Nr. 0123456789',
    'Kundennr. 0701234567',
  ])('leaves "%s" alone', (text) => {
    expect(mask(text)).toBe(text);
  });
});

describe('site-defined patterns', () => {
  it('masks them with their label, before the built-in kinds, without the global flag', () => {
    const r = createRedactor({ patterns: [{ name: 'member', pattern: /\bM-\d{6}\b/, label: 'member id' }] });
    expect(r('ids M-123456 and M-654321, mail ana@example.com')).toEqual({
      text: 'ids [member id] and [member id], mail [email]',
      kinds: ['member', 'email'],
    });
  });

  it('runs before the built-in kinds and on the normalised copy', () => {
    const r = createRedactor({ patterns: [{ name: 'personnummer', pattern: /\b\d{6}-\d{4}\b/ }] });
    expect(r('pnr 850709-9805 och 080-1234567')).toEqual({ text: 'pnr [personnummer] och [phone]', kinds: ['personnummer', 'phone'] });
    expect(r('pnr ８５０７０９-９８０５').text).toBe('pnr [personnummer]');
  });

  it('leaves the site\'s own RegExp untouched and copes with patterns that match nothing or everything', () => {
    const own = /x*/y;
    own.lastIndex = 3;
    const r = createRedactor({ patterns: [{ name: 'xs', pattern: own }] });
    expect(r('axxb x').text).toBe('a[xs]b [xs]');
    expect(own.lastIndex).toBe(3);
    expect(own.flags).toBe('y');
  });

  it('accepts a RegExp from another realm', async () => {
    const { runInNewContext } = await import('node:vm');
    const foreign = runInNewContext('/secret-\\d+/') as RegExp;
    expect(foreign instanceof RegExp).toBe(false);
    expect(createRedactor({ patterns: [{ name: 'secret', pattern: foreign }] })('a secret-42').text).toBe('a [secret]');
  });
});

describe('masking options', () => {
  it('turns each built-in kind off on request', () => {
    const text = 'card 4242424242424242, IBAN DE89370400440532013000, ana@example.com, +46 70 123 45 67';
    expect(createRedactor({ cards: false }).call(null, text).kinds).toEqual(['iban', 'email', 'phone']);
    expect(createRedactor({ ibans: false })(text).kinds).toEqual(['card', 'email', 'phone']);
    expect(createRedactor({ emails: false })(text).kinds).toEqual(['card', 'iban', 'phone']);
    expect(createRedactor({ phones: false })(text).kinds).toEqual(['card', 'iban', 'email']);
    expect(createRedactor({ cards: false, ibans: false, emails: false, phones: false })(text)).toEqual({ text, kinds: [] });
  });

  it.each<[unknown, string]>([
    ['yes', 'masking'],
    [{ cards: 'no' }, 'masking.cards'],
    [{ creditCards: false }, 'masking.creditCards'],
    [{ patterns: /x/ }, 'masking.patterns'],
    [{ patterns: [{ name: 'x', pattern: 'x\\d+' }] }, 'masking.patterns[0].pattern'],
    [{ patterns: [{ name: 'ok', pattern: /a/ }, { name: 'bad', pattern: { source: 'a' } }] }, 'masking.patterns[1].pattern'],
    [{ patterns: [{ name: '', pattern: /a/ }] }, 'masking.patterns[0].name'],
    [{ patterns: [{ name: 'card', pattern: /a/ }] }, 'masking.patterns[0].name'],
    [{ patterns: [{ name: 'a', pattern: /a/ }, { name: 'a', pattern: /b/ }] }, 'masking.patterns[1].name'],
    [{ patterns: [{ name: 'a', pattern: /a/, label: '[x]' }] }, 'masking.patterns[0].label'],
    [{ patterns: [{ name: 'a', pattern: /a/, flags: 'g' }] }, 'masking.patterns[0].flags'],
    [{ patterns: ['x'] }, 'masking.patterns[0]'],
  ])('rejects %j, naming %s', (input, option) => {
    expect(configError(() => createRedactor(input as MaskingOptions)).option).toBe(option);
  });

  it('explains a pattern that is not a RegExp', () => {
    expect(configError(() => normalizeMaskingOptions({ patterns: [{ name: 'x', pattern: 'x\\d+' }] })).message).toBe(
      'Invalid option "masking.patterns[0].pattern": expected a RegExp such as /\\bM-\\d{6}\\b/, received "x\\\\d+".',
    );
  });

  it('reports each kind once, in order of first appearance', () => {
    expect(redact('a@b.co 4242424242424242 c@d.co').kinds).toEqual(['email', 'card']);
  });

  it('returns text without anything sensitive as it is', () => {
    expect(redact('Where is my parcel?')).toEqual({ text: 'Where is my parcel?', kinds: [] });
  });

  it('throws an InputError for anything but a string', () => {
    expect(() => redact(undefined as unknown as string)).toThrow(expect.objectContaining({ name: 'InputError', code: 'invalid_text' }));
  });
});

describe('cost on pathological input', () => {
  const fill = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const timed = (input: string): number => {
    const t0 = performance.now();
    redact(input);
    return performance.now() - t0;
  };
  const inputs: Array<[string, string]> = [
    ['digits', '4'],
    ['digits and spaces', '4 '],
    ['groups of four', '4242 '],
    ['digits and dashes', '1-'],
    ['digit pairs', '12 '],
    ['plus signs', '+1 '],
    ['leading zeros', '0'],
    ['zero groups', '070 '],
    ['brackets', '('],
    ['at signs', '@'],
    ['local parts', 'a@'],
    ['dotted words', 'a.'],
    ['one long word', 'a'],
    ['IBAN starts', 'AB12 '],
    ['IBAN country starts', 'SE45'],
    ['e-mail tails', 'x@y.'],
    ['zero-width', '\u200b'],
    ['full-width digits', '４'],
    ['Arabic-Indic digits with spaces', '٤ '],
    ['combining flood', '4\u0301'],
    ['phone words', 'tel 0 '],
    ['everything at once', 'tel +46 (0) 70-123 45 67 order #12 4242-4242 a@b.co SE45 '],
  ];

  it.each(inputs)('masks 100,000 characters of %s in linear time', (_name, unit) => {
    // Grow the input before trying the full size, so a quadratic regression fails here in
    // seconds instead of hanging: four times the text may take about four times as long,
    // not sixteen. The floor keeps timer noise and garbage collection on tiny figures from
    // failing the test; a quadratic scan of 32,000 characters is far above it.
    timed(fill(unit, 8_000));
    const small = Math.min(timed(fill(unit, 8_000)), timed(fill(unit, 8_000)), timed(fill(unit, 8_000)));
    const medium = Math.min(timed(fill(unit, 32_000)), timed(fill(unit, 32_000)));
    expect(medium).toBeLessThan(Math.max(10 * small, 250));
    // Generous on purpose: linear work on 100,000 characters takes a few milliseconds here.
    expect(timed(fill(unit, 100_000))).toBeLessThan(3_000);
  });
});
