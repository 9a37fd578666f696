/**
 * Masks sensitive data before text leaves for a backend: payment card numbers, IBANs,
 * e-mail addresses, phone numbers and site-defined patterns become labelled placeholders
 * such as `[card •••• 4242]`.
 *
 * Detection runs on a shadow copy of the text in which zero-width and other invisible
 * characters and combining marks are removed, compatibility forms are folded (full-width
 * `４２４２` reads as `4242`, `＠` as `@`), every Unicode decimal digit reads as its ASCII
 * digit, and all dashes and spaces read as `-` and ` `. Each shadow character remembers
 * the span of the original it came from, so the original span is what gets replaced,
 * hidden characters included.
 *
 * Every detector is a hand-written scan, not a backtracking regular expression: each
 * character is looked at a bounded number of times, so the time is linear in the length
 * of the text whatever it contains. (Site patterns are the site's own regular expressions
 * and run as written.)
 */
import { ConfigError, InputError, describeValue } from './errors.js';
import { PHONE_WORDS, REFERENCE_WORDS } from './phrases/number-words.js';
import { createWordSet, tokenize } from './phrases/phrase-matcher.js';
import type { Redactor } from './transcript.js';
import { isRecord } from './is-record.js';

/** The kinds of data masked without configuration. */
export type BuiltInMaskKind = 'card' | 'iban' | 'email' | 'phone';

/** A site-defined kind of sensitive data, e.g. a customer number. */
export interface MaskingPattern {
  /** Reported in `kinds` and in the transcript's `context.masked`. Letters, digits, `-` and `_`; not a built-in kind. */
  name: string;
  /** What to find. The global flag is added if missing; other flags are kept. */
  pattern: RegExp;
  /** The placeholder's text, `[label]`. Default: the name. */
  label?: string;
}

/**
 * What to mask. Everything built in is on by default; turn a kind off with `false`.
 *
 * @example
 * createRedactor({ phones: false, patterns: [{ name: 'member-id', pattern: /\bM-\d{6}\b/, label: 'member id' }] })
 */
export interface MaskingOptions {
  /** Payment card numbers: 13–19 digits passing the Luhn check. Default true. */
  cards?: boolean;
  /** IBANs whose check digits are right. Default true. */
  ibans?: boolean;
  /** E-mail addresses. Default true. */
  emails?: boolean;
  /** Phone numbers (see docs for how they are told from order numbers, dates and prices). Default true. */
  phones?: boolean;
  /** Site-defined patterns, checked before the built-in kinds. */
  patterns?: readonly MaskingPattern[];
}

/** Masking options after validation. Patterns always carry the global flag. */
export interface NormalizedMaskingOptions {
  readonly cards: boolean;
  readonly ibans: boolean;
  readonly emails: boolean;
  readonly phones: boolean;
  readonly patterns: ReadonlyArray<{ readonly name: string; readonly pattern: RegExp; readonly label: string }>;
}

const BUILT_IN: readonly BuiltInMaskKind[] = ['card', 'iban', 'email', 'phone'];
const SWITCHES = ['cards', 'ibans', 'emails', 'phones'] as const;
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

function isRegExp(value: unknown): value is RegExp {
  // Checked by tag, not instanceof, so a RegExp from another frame is accepted too.
  return Object.prototype.toString.call(value) === '[object RegExp]';
}

/**
 * Validates masking options once. Throws a `ConfigError` naming the option
 * (`masking.patterns[1].pattern`) and what was expected.
 *
 * @example
 * normalizeMaskingOptions({ patterns: [{ name: 'ssn', pattern: /\d{3}-\d{2}-\d{4}/ }] }).patterns[0].pattern.flags // 'g'
 */
export function normalizeMaskingOptions(input: unknown = {}, option = 'masking'): NormalizedMaskingOptions {
  if (!isRecord(input)) throw new ConfigError(option, 'an object like { cards, ibans, emails, phones, patterns }', input);
  const known = [...SWITCHES, 'patterns'];
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) {
      throw new ConfigError(`${option}.${key}`, '', input[key], `Unknown option "${option}.${key}". Known options: ${known.join(', ')}.`);
    }
  }
  const flags = {} as Record<(typeof SWITCHES)[number], boolean>;
  for (const key of SWITCHES) {
    const v = input[key];
    if (v !== undefined && typeof v !== 'boolean') throw new ConfigError(`${option}.${key}`, 'true or false', v);
    flags[key] = v !== false;
  }
  const patterns: Array<{ name: string; pattern: RegExp; label: string }> = [];
  if (input.patterns !== undefined) {
    if (!Array.isArray(input.patterns)) throw new ConfigError(`${option}.patterns`, 'an array of { name, pattern, label? }', input.patterns);
    input.patterns.forEach((p: unknown, i: number) => {
      const at = `${option}.patterns[${i}]`;
      if (!isRecord(p)) throw new ConfigError(at, 'an object like { name, pattern: /…/, label? }', p);
      for (const key of Object.keys(p)) {
        if (!['name', 'pattern', 'label'].includes(key)) throw new ConfigError(`${at}.${key}`, 'one of name, pattern, label', p[key]);
      }
      if (typeof p.name !== 'string' || !NAME.test(p.name)) {
        throw new ConfigError(`${at}.name`, 'a name of 1 to 40 letters, digits, "-" or "_", starting with a letter', p.name);
      }
      if ((BUILT_IN as readonly string[]).includes(p.name) || patterns.some((q) => q.name === p.name)) {
        throw new ConfigError(`${at}.name`, '', p.name, `Invalid option "${at}.name": "${p.name}" is already used${(BUILT_IN as readonly string[]).includes(p.name) ? ' by a built-in kind' : ' by another pattern'}.`);
      }
      if (!isRegExp(p.pattern)) throw new ConfigError(`${at}.pattern`, 'a RegExp such as /\\bM-\\d{6}\\b/', p.pattern);
      const label = p.label ?? p.name;
      if (typeof label !== 'string' || !label.trim() || label.length > 40 || /[[\]\n\r]/.test(label)) {
        throw new ConfigError(`${at}.label`, 'text of 1 to 40 characters without brackets or line breaks', p.label);
      }
      const source = p.pattern;
      // A fresh global copy: lastIndex is ours to move, and the site's own RegExp is left untouched.
      patterns.push({ name: p.name, pattern: new RegExp(source.source, source.flags.replace(/[gy]/g, '') + 'g'), label: label.trim() });
    });
  }
  return { cards: flags.cards, ibans: flags.ibans, emails: flags.emails, phones: flags.phones, patterns };
}

// ---------------------------------------------------------------------------------------
// The shadow copy

interface Shadow {
  text: string;
  /** Original start and end of the character each shadow code unit came from. */
  from: number[];
  to: number[];
}

const INVISIBLE = /^[\p{Cf}\p{M}\u115f\u1160\u3164\uffa0]+$/u;
const SPACE = /^\p{Zs}$/u;
const BREAK = /^[\p{Zl}\p{Zp}]$/u;
const DASH = /^[\p{Pd}\u2212\u2043\ufe63]$/u;
const DECIMAL = /\p{Nd}/gu;
const IS_DECIMAL = /^\p{Nd}$/u;
const CACHE_LIMIT = 4096;
const charCache = new Map<string, string>();

/** Unicode encodes decimal digits in runs of ten from zero, so a digit's value is its distance from its run's start. */
function decimalValue(digit: string): string {
  let cp = digit.codePointAt(0) as number;
  const start = cp;
  while (cp > 0 && start - cp < 100 && IS_DECIMAL.test(String.fromCodePoint(cp - 1))) cp--;
  return String((start - cp) % 10);
}

function shadowOf(ch: string): string {
  const cached = charCache.get(ch);
  if (cached !== undefined) return cached;
  let out: string;
  if (INVISIBLE.test(ch)) out = '';
  else if (SPACE.test(ch)) out = ' ';
  else if (BREAK.test(ch)) out = '\n';
  else if (DASH.test(ch)) out = '-';
  else {
    out = ch.normalize('NFKC').replace(DECIMAL, (d) => (d >= '0' && d <= '9' ? d : decimalValue(d)));
    // Folding can itself produce marks (e.g. from some compatibility ligatures); drop them too.
    out = [...out].filter((c) => !INVISIBLE.test(c)).join('');
  }
  if (charCache.size < CACHE_LIMIT) charCache.set(ch, out);
  return out;
}

function buildShadow(input: string): Shadow {
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  while (i < input.length) {
    const code = input.charCodeAt(i);
    if (code < 0x80) {
      parts.push(input[i] as string);
      from.push(i);
      to.push(i + 1);
      i++;
      continue;
    }
    const cp = input.codePointAt(i) as number;
    const len = cp > 0xffff ? 2 : 1;
    const mapped = shadowOf(input.slice(i, i + len));
    for (let k = 0; k < mapped.length; k++) {
      parts.push(mapped[k] as string);
      from.push(i);
      to.push(i + len);
    }
    i += len;
  }
  return { text: parts.join(''), from, to };
}

// ---------------------------------------------------------------------------------------
// Character tests on the shadow (mostly ASCII by now)

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAsciiLetter = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isAsciiAlnum = (c: string | undefined): boolean => isDigit(c) || isAsciiLetter(c);
const UNICODE_ALNUM = /^[\p{L}\p{N}]$/u;
function isAlnum(c: string | undefined): boolean {
  if (c === undefined) return false;
  if (c < '\u0080') return isAsciiAlnum(c);
  return UNICODE_ALNUM.test(c);
}

// ---------------------------------------------------------------------------------------
// Check digits

/** The Luhn (mod 10) check every payment card number passes. */
function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** ISO 13616: move the first four characters to the end, letters to 10–35, the number mod 97 is 1. */
function ibanChecks(chars: string): boolean {
  const rearranged = chars.slice(4) + chars.slice(0, 4);
  let rest = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) rest = (rest * 10 + (c - 48)) % 97;
    else rest = (rest * 100 + (c - 55)) % 97;
  }
  return rest === 1;
}

/** IBAN length by country (SWIFT IBAN registry). Unknown countries are still checked by their check digits. */
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27,
  MT: 31, MU: 30, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22,
  VG: 24, XK: 20, YE: 30,
};

// ---------------------------------------------------------------------------------------
// Detectors. Each claims spans of the shadow; a claimed character cannot be claimed again,
// so the first detector to find something wins (site patterns, e-mail, IBAN, card, phone).

interface Span {
  start: number;
  end: number;
  kind: string;
  placeholder: string;
}

class Claims {
  readonly spans: Span[] = [];
  private readonly taken: Uint8Array;

  constructor(length: number) {
    this.taken = new Uint8Array(length);
  }

  free(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.taken[i]) return false;
    return true;
  }

  claim(start: number, end: number, kind: string, placeholder: string): boolean {
    if (end <= start || !this.free(start, end)) return false;
    this.taken.fill(1, start, end);
    this.spans.push({ start, end, kind, placeholder });
    return true;
  }
}

function digitsIn(s: string, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) if (isDigit(s[i])) out += s[i];
  return out;
}

function findPatterns(s: string, claims: Claims, patterns: NormalizedMaskingOptions['patterns']): void {
  for (const p of patterns) {
    const re = p.pattern;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      claims.claim(m.index, m.index + m[0].length, p.name, `[${p.label}]`);
    }
  }
}

const LOCAL_PUNCTUATION = new Set(['.', '_', '%', '+', '-']);
const isLocalChar = (c: string | undefined): boolean => c !== undefined && (isAlnum(c) || LOCAL_PUNCTUATION.has(c));
const isLabelChar = (c: string | undefined): boolean => c !== undefined && (isAlnum(c) || c === '-');

/** From the domain's first character: the end of a valid domain (two labels or more, a TLD of letters), or -1. */
function domainEnd(s: string, start: number): number {
  let i = start;
  let labels = 0;
  let lastStart = start;
  let lastEnd = -1;
  let end = -1;
  for (;;) {
    const labelStart = i;
    while (isLabelChar(s[i])) i++;
    if (i === labelStart || s[labelStart] === '-' || s[i - 1] === '-') break;
    labels++;
    lastStart = labelStart;
    lastEnd = i;
    if (labels >= 2 && isTld(s, lastStart, lastEnd)) end = lastEnd;
    if (s[i] === '.' && isLabelChar(s[i + 1])) {
      i++;
      continue;
    }
    break;
  }
  return end;
}

function isTld(s: string, start: number, end: number): boolean {
  if (end - start < 2) return false;
  for (let i = start; i < end; i++) if (!isAlnum(s[i]) || isDigit(s[i])) return false;
  return true;
}

function findEmails(s: string, claims: Claims): void {
  for (let at = s.indexOf('@'); at >= 0; at = s.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && isLocalChar(s[start - 1])) start--;
    while (start < at && s[start] === '.') start++;
    if (start === at) continue;
    const end = domainEnd(s, at + 1);
    if (end < 0) continue;
    claims.claim(start, end, 'email', '[email]');
  }
}

function findIbans(s: string, claims: Claims): void {
  const n = s.length;
  for (let i = 0; i + 4 <= n; i++) {
    if (!(isAsciiLetter(s[i]) && isAsciiLetter(s[i + 1]) && isDigit(s[i + 2]) && isDigit(s[i + 3]))) continue;
    if (i > 0 && isAlnum(s[i - 1])) continue;
    const positions: number[] = [];
    let j = i;
    while (j < n && positions.length < 34) {
      if (isAsciiAlnum(s[j])) {
        positions.push(j++);
      } else if ((s[j] === ' ' || s[j] === '-') && positions.length >= 4 && isAsciiAlnum(s[j + 1])) {
        j++;
      } else break;
    }
    const chars = positions.map((p) => (s[p] as string).toUpperCase()).join('');
    const endsWord = (length: number): boolean => !isAlnum(s[(positions[length - 1] as number) + 1]);
    const country = chars.slice(0, 2);
    const expected = IBAN_LENGTH[country];
    let length = 0;
    if (expected && chars.length >= expected && endsWord(expected) && ibanChecks(chars.slice(0, expected))) length = expected;
    for (let l = chars.length; !length && l >= 15; l--) {
      if (endsWord(l) && ibanChecks(chars.slice(0, l))) length = l;
    }
    if (!length) continue;
    const end = (positions[length - 1] as number) + 1;
    if (claims.claim(i, end, 'iban', `[IBAN ${country} •••• ${chars.slice(length - 4, length)}]`)) i = end - 1;
  }
}

interface Group {
  start: number;
  end: number;
}

/** Digit groups joined by separators: maximal, so a long number is never read from its middle. */
function readGroups(
  s: string,
  start: number,
  isSeparator: (c: string) => boolean,
  maxSeparator: number,
  joins: (separator: string) => boolean = () => true,
): { groups: Group[]; seps: string[]; end: number } {
  const groups: Group[] = [];
  const seps: string[] = [''];
  let j = start;
  for (;;) {
    const gs = j;
    while (isDigit(s[j])) j++;
    groups.push({ start: gs, end: j });
    let k = j;
    while (k < s.length && k - j < maxSeparator && isSeparator(s[k] as string)) k++;
    if (k > j && isDigit(s[k]) && joins(s.slice(j, k))) {
      seps.push(s.slice(j, k));
      j = k;
      continue;
    }
    return { groups, seps, end: j };
  }
}

const CARD_MAX_GROUPS = 6;

/**
 * Card numbers: 13–19 digits, not starting with 0, written as one block or in up to six
 * groups joined by spaces or dashes (at most one group of one or two digits), passing Luhn.
 * A longer run of groups is searched for such a window; overlapping windows are masked together.
 * A run right after `+` is a phone number and never a card.
 */
function findCards(s: string, claims: Claims): void {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    if (!isDigit(s[i])) continue;
    const { groups, end } = readGroups(s, i, (c) => c === ' ' || c === '-', 3);
    // "+44 …" is a phone number, whatever digits follow in the same run.
    if (s[i - 1] === '+') {
      i = end;
      continue;
    }
    let mergedFrom = -1;
    let mergedTo = -1;
    const flush = (): void => {
      if (mergedFrom < 0) return;
      const from = (groups[mergedFrom] as Group).start;
      const to = (groups[mergedTo] as Group).end;
      const digits = digitsIn(s, from, to);
      claims.claim(from, to, 'card', `[card •••• ${digits.slice(-4)}]`);
    };
    for (let a = 0; a < groups.length; a++) {
      // No card number starts with 0.
      if (s[(groups[a] as Group).start] === '0') continue;
      let count = 0;
      let short = 0;
      let digits = '';
      let best = -1;
      for (let b = a; b < groups.length && b < a + CARD_MAX_GROUPS; b++) {
        const g = groups[b] as Group;
        const len = g.end - g.start;
        count += len;
        if (count > 19) break;
        if (len <= 2) short++;
        digits += s.slice(g.start, g.end);
        if (count >= 13 && short <= 1 && luhn(digits)) best = b;
      }
      if (best < 0) continue;
      if (mergedFrom >= 0 && a <= mergedTo) {
        mergedTo = Math.max(mergedTo, best);
      } else {
        flush();
        mergedFrom = a;
        mergedTo = best;
      }
    }
    flush();
    i = end;
  }
}

// Phone numbers -------------------------------------------------------------------------

const CURRENCY_SYMBOLS = new Set(['$', '€', '£', '¥', '₹', '₽', '₩', '₺', '¢', '₪', '₫', '฿', '₴', '₦', '﷼']);
const CURRENCY_CODES = new Set([
  'kr', 'sek', 'nok', 'dkk', 'eur', 'usd', 'gbp', 'chf', 'jpy', 'cad', 'aud', 'pln', 'czk', 'huf', 'aed', 'sar', 'egp',
  'mad', 'inr', 'cny', 'euro', 'euros', 'dollar', 'dollars', 'kronor', 'kronur', 'pesos', 'franken', 'francs', 'ريال', 'درهم', 'جنيه',
]);
/** Every language's words of one kind, as one set. */
const wordsOf = (byLanguage: Record<string, readonly string[]>) => createWordSet(Object.values(byLanguage).flat());
// Marked pure: a bundle that takes only other exports of the core (the phrase lists, the
// transcript helpers) leaves masking's word lists out.
const phoneWords = /*#__PURE__*/ wordsOf(PHONE_WORDS);
const referenceWords = /*#__PURE__*/ wordsOf(REFERENCE_WORDS);
const CONTEXT_CHARS = 40;
const CONTEXT_WORDS = 4;

type PhoneContext = 'phone' | 'reference' | 'money' | 'none';

/** What the words just before `pos` say about a number there. The nearest telling word wins. */
function contextBefore(s: string, pos: number): PhoneContext {
  let k = pos - 1;
  while (k >= 0 && s[k] === ' ') k--;
  const prev = s[k];
  if (prev === '#' || prev === '№') return 'reference';
  if (prev !== undefined && CURRENCY_SYMBOLS.has(prev)) return 'money';
  const words = tokenize(s.slice(Math.max(0, pos - CONTEXT_CHARS), pos));
  for (let w = words.length - 1; w >= 0 && w >= words.length - CONTEXT_WORDS; w--) {
    const word = words[w] as (typeof words)[number];
    if (phoneWords.has(word)) return 'phone';
    if (referenceWords.has(word)) return 'reference';
    if (CURRENCY_CODES.has(word.text)) return 'money';
  }
  return 'none';
}

/** An amount or percentage follows: "0701234567 kr", "12,50", "300 %". */
function moneyAfter(s: string, pos: number): boolean {
  if (s[pos] === ',' && isDigit(s[pos + 1])) return true;
  let k = pos;
  while (s[k] === ' ') k++;
  const next = s[k];
  if (next === '%' || (next !== undefined && CURRENCY_SYMBOLS.has(next))) return true;
  const word = tokenize(s.slice(k, k + 12))[0];
  return word !== undefined && word.start === 0 && CURRENCY_CODES.has(word.text);
}

function isDateShape(lengths: readonly number[], seps: readonly string[], digits: readonly string[]): boolean {
  if (lengths.length !== 3 || seps[1] !== seps[2] || !['-', '.', '/'].includes(seps[1] as string)) return false;
  const [a, b, c] = lengths as [number, number, number];
  const year = (d: string): boolean => /^(19|20)\d\d$/.test(d);
  if (a === 4 && year(digits[0] as string) && b <= 2 && c <= 2) return true;
  return a <= 2 && b <= 2 && (c === 2 || (c === 4 && year(digits[2] as string)));
}

const PHONE_SEPARATORS = new Set([' ', '-', '.', '/', '(', ')']);
const PHONE_MAX_GROUPS = 7;

/**
 * Phone numbers. A run of digit groups (joined by spaces, `-`, `.`, `/` or brackets) is a
 * phone number when one of these holds, and none of the exclusions does:
 * - `+` then 8–15 digits (international);
 * - `00` and a country code, 10–17 digits in all;
 * - a trunk `0` then a non-zero digit, 8–12 digits (national formats across Europe);
 * - North American 3-3-4 grouping with separators, `(555) 123-4567`;
 * - 6–15 digits right after a phone word ("tel", "call me", "Handy", "téléphone"…).
 * Exclusions: an order/reference word or `#` comes first ("order 0123456789"); a currency
 * symbol or code or `%` is next to it; a decimal comma follows; it is shaped like a date.
 * Numbers are read from the start of a run only (two numbers in a row are both found), so
 * a phone-like tail of a longer number is not.
 */
function findPhones(s: string, claims: Claims): void {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s[i] as string;
    if (!(isDigit(c) || c === '+' || c === '(')) continue;
    const prev = s[i - 1];
    if (isAlnum(prev) || prev === '+' || prev === '(') continue;
    if ((prev === '.' || prev === ',') && isDigit(s[i - 2])) continue;
    let j = i;
    let prefix = '';
    while ((s[j] === '+' || s[j] === '(') && prefix.length < 2) prefix += s[j++];
    if (!isDigit(s[j])) continue;
    // " / " separates two numbers ("070-123 45 67 / 08-123 456"); "030/1234567" is one.
    const { groups, seps, end } = readGroups(s, j, (ch) => PHONE_SEPARATORS.has(ch), 3, (sep) => !(sep.includes('/') && sep.includes(' ')));
    const contexts = new Map<number, PhoneContext>();
    const contextAt = (a: number): PhoneContext => {
      let ctx = contexts.get(a);
      if (ctx === undefined) {
        ctx = contextBefore(s, a === 0 ? i : (groups[a] as Group).start);
        contexts.set(a, ctx);
      }
      return ctx;
    };
    for (let a = 0; a < groups.length; a++) {
      const plus = a === 0 && prefix.includes('+');
      const paren = a === 0 ? prefix.endsWith('(') : (seps[a] as string).endsWith('(');
      let digits = '';
      const lengths: number[] = [];
      const parts: string[] = [];
      let best = -1;
      for (let b = a; b < groups.length && b < a + PHONE_MAX_GROUPS; b++) {
        const g = groups[b] as Group;
        const part = s.slice(g.start, g.end);
        digits += part;
        parts.push(part);
        lengths.push(part.length);
        if (digits.length > 17) break;
        const windowSeps = seps.slice(a, b + 1);
        if (!looksLikePhone(digits, lengths, windowSeps, plus, () => contextAt(a) === 'phone')) continue;
        if (isDateShape(lengths, windowSeps, parts)) continue;
        if (contextAt(a) === 'reference' || contextAt(a) === 'money' || moneyAfter(s, g.end)) continue;
        best = b;
      }
      // Phone numbers tile a run from its start: "1000 0010 0000 100" is one long number,
      // not "1000" followed by an international "0010 0000 100".
      if (best < 0) break;
      const from = a === 0 ? i : (groups[a] as Group).start - (paren ? 1 : 0);
      claims.claim(from, (groups[best] as Group).end, 'phone', '[phone]');
      a = best;
    }
    i = end;
  }
}

function looksLikePhone(
  digits: string,
  lengths: readonly number[],
  seps: readonly string[],
  plus: boolean,
  afterPhoneWord: () => boolean,
): boolean {
  const n = digits.length;
  if (plus) return digits[0] !== '0' && n >= 8 && n <= 15;
  if (digits.startsWith('00')) return digits[2] !== '0' && n >= 10 && n <= 17;
  if (digits[0] === '0' && digits[1] !== '0' && n >= 8 && n <= 12) return true;
  if (isNorthAmerican(digits, lengths, seps)) return true;
  return n >= 6 && n <= 15 && afterPhoneWord();
}

function isNorthAmerican(digits: string, lengths: readonly number[], seps: readonly string[]): boolean {
  const shape = lengths.join(',');
  const offset = shape === '1,3,3,4' && digits[0] === '1' ? 1 : 0;
  if (shape !== '3,3,4' && !offset) return false;
  // The 3-3-4 grouping itself is the signal (a bare 10-digit number is as likely an order
  // number); a slash is not how these numbers are written.
  if (seps.slice(1).some((sep) => sep.includes('/'))) return false;
  const area = digits[offset] as string;
  const exchange = digits[offset + 3] as string;
  return area >= '2' && exchange >= '2';
}

// ---------------------------------------------------------------------------------------

/**
 * Creates the function that masks sensitive data in a text. Masking is on by default for
 * cards, IBANs, e-mail addresses and phone numbers; site patterns are checked first.
 * Returns the masked text and the kinds found, in order of first appearance.
 *
 * @example
 * const redact = createRedactor();
 * redact('card 4242 4242 4242 4242, mail ana@example.com')
 * // { text: 'card [card •••• 4242], mail [email]', kinds: ['card', 'email'] }
 */
export function createRedactor(options?: MaskingOptions | NormalizedMaskingOptions): Redactor {
  const opts = normalizeMaskingOptions(options ?? {});
  const quick = !opts.patterns.length;
  return (text: string) => {
    if (typeof text !== 'string') throw new InputError('invalid_text', `Masking expects a text, received ${describeValue(text)}.`);
    // Without digits, "@" or anything outside ASCII, no built-in kind can be present.
    if (quick && !/[\d@\u0080-\uffff]/.test(text)) return { text, kinds: [] };
    const shadow = buildShadow(text);
    const s = shadow.text;
    const claims = new Claims(s.length);
    findPatterns(s, claims, opts.patterns);
    if (opts.emails) findEmails(s, claims);
    if (opts.ibans) findIbans(s, claims);
    if (opts.cards) findCards(s, claims);
    if (opts.phones) findPhones(s, claims);
    if (!claims.spans.length) return { text, kinds: [] };

    const spans = claims.spans.sort((x, y) => x.start - y.start);
    const kinds: string[] = [];
    let out = '';
    let cursor = 0;
    for (const span of spans) {
      const start = Math.max(shadow.from[span.start] as number, cursor);
      const end = shadow.to[span.end - 1] as number;
      // Two spans from one original character (e.g. "½" → "1⁄2"): the first placeholder covers it.
      if (end <= start) continue;
      out += text.slice(cursor, start) + span.placeholder;
      cursor = end;
      if (!kinds.includes(span.kind)) kinds.push(span.kind);
    }
    return { text: out + text.slice(cursor), kinds };
  };
}
