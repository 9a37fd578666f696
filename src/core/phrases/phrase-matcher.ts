/**
 * The small phrase language the escalation triggers are written in, and its matcher.
 *
 * A phrase is a sequence of words separated by spaces. Matching is by whole words, after
 * folding both the phrase and the message the same way: case, accents and other marks are
 * ignored (`kundtjänst` = `KUNDTJANST`), `ß` reads as `ss`, Arabic letter variants are unified
 * and punctuation separates words (`don't` = `don t`, `user-agent` = `user agent`).
 *
 * - `talk|speak` — one word position with alternatives; `_` joins words inside an
 *   alternative (`do_not|dont`).
 * - `mitarbeiter*` — a word starting with `mitarbeiter`.
 * - `*` on its own — any 0 to 3 words (`talk to * human` matches "talk to a real human").
 * - A leading `=` — the phrase must be the whole message apart from filler words
 *   ("please", "I want", "hi"...). For words that are ambiguous inside a sentence, such as
 *   `=agent`: "Agent please!" matches, "the agent field is empty" does not.
 *
 * Matching is linear in the length of the message for a fixed phrase list: phrases are
 * indexed by their first word, and each is at most a few words long.
 */
import { ConfigError } from '../errors.js';

/** Words a `*` may skip. */
const GAP_WORDS = 3;
/** Phrases are short on purpose: a long one is almost certainly a mistake. */
const MAX_PHRASE_LENGTH = 500;
const MAX_PHRASE_WORDS = 12;

/** One word of a message, folded, with where it sits in the original text. */
export interface Word {
  /** Folded form: lower case, no accents or marks. */
  text: string;
  /** Every form the word can be looked up by (Arabic clitics stripped); includes `text`. */
  forms: readonly string[];
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}/gu;
const ARABIC = /[\u0600-\u06ff]/;
const FOLD_LETTERS: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ı: 'i',
  // Arabic: taa marbuta and alef maqsura are written interchangeably with haa and yaa;
  // Persian keheh/yeh turn up on keyboards set to Persian; tatweel is decoration.
  'ة': 'ه',
  'ى': 'ي',
  'ی': 'ي',
  'ک': 'ك',
  'ـ': '',
};
const FOLD_PATTERN = /*#__PURE__*/ new RegExp(`[${Object.keys(FOLD_LETTERS).join('')}]`, 'g');

/**
 * Folds one word for comparison: compatibility forms and accents removed, lower case.
 *
 * @example foldWord('Kundtjänst') // 'kundtjanst'
 */
export function foldWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(FOLD_PATTERN, (c) => FOLD_LETTERS[c] ?? c);
}

// Arabic writes conjunctions, prepositions and the article onto the word ("بالبطاقة" = "with
// the card"). A word can be looked up by any of these prefixes removed, as long as at least
// two letters remain.
const ARABIC_PREFIXES: readonly string[] = /*#__PURE__*/ (() => {
  const out = new Set<string>();
  for (const conj of ['', 'و', 'ف']) {
    out.add(`${conj}لل`);
    for (const prep of ['', 'ب', 'ل', 'ك']) {
      for (const article of ['', 'ال']) {
        const p = conj + prep + article;
        if (p) out.add(p);
      }
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
})();

function formsOf(folded: string): string[] {
  if (!ARABIC.test(folded)) return [folded];
  const forms = new Set([folded]);
  for (const prefix of ARABIC_PREFIXES) {
    if (folded.startsWith(prefix) && folded.length - prefix.length >= 2) forms.add(folded.slice(prefix.length));
  }
  return [...forms];
}

/**
 * Splits a message into folded words, keeping their offsets so a match can be quoted.
 *
 * @example tokenize("Can't I talk to a human?").map((w) => w.text) // ['can', 't', 'i', 'talk', 'to', 'a', 'human']
 */
export function tokenize(text: string): Word[] {
  const words: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    const folded = foldWord(m[0]);
    if (!folded) continue;
    const start = m.index ?? 0;
    words.push({ text: folded, forms: formsOf(folded), start, end: start + m[0].length });
  }
  return words;
}

/** One alternative of a word position: a word sequence, the last possibly a prefix. */
interface Alternative {
  words: readonly string[];
  prefix: boolean;
}

type Step = { kind: 'word'; alternatives: readonly Alternative[] } | { kind: 'gap' };

/** A phrase ready to match. `tag` is carried to the match (e.g. the sensitive topic). */
export interface CompiledPhrase {
  source: string;
  alone: boolean;
  steps: readonly Step[];
  tag: string | undefined;
}

function foldSequence(text: string): string[] {
  return tokenize(text).map((w) => w.text);
}

/**
 * Parses one phrase; throws a `ConfigError` naming `option` when it cannot mean anything.
 *
 * @example compilePhrase('talk|speak to * human', 'escalation.keyword.phrases[0]')
 */
export function compilePhrase(source: unknown, option: string, tag?: string): CompiledPhrase {
  if (typeof source !== 'string' || !source.trim() || source.length > MAX_PHRASE_LENGTH) {
    throw new ConfigError(option, `a phrase of 1 to ${MAX_PHRASE_LENGTH} characters`, source);
  }
  let body = source.trim();
  const alone = body.startsWith('=');
  if (alone) body = body.slice(1).trim();
  const steps: Step[] = [];
  const fail = (why: string): never => {
    throw new ConfigError(option, '', source, `Invalid option "${option}": the phrase ${JSON.stringify(source)} ${why}.`);
  };
  for (const raw of body.split(/\s+/)) {
    if (!raw) continue;
    if (raw === '*') {
      if (!steps.length) fail('cannot start with a "*" gap');
      if (steps[steps.length - 1]?.kind === 'gap') fail('has two "*" gaps in a row');
      steps.push({ kind: 'gap' });
      continue;
    }
    const alternatives: Alternative[] = [];
    for (const alt of raw.split('|')) {
      const prefix = alt.length > 1 && alt.endsWith('*');
      const words = foldSequence((prefix ? alt.slice(0, -1) : alt).replace(/_/g, ' '));
      if (!words.length) fail(`has a word position without letters or digits ("${raw}")`);
      alternatives.push({ words, prefix });
    }
    const single = alternatives.length === 1 ? alternatives[0] : undefined;
    if (single && !single.prefix && single.words.length > 1) {
      // "don't" is two words in a message, so it is two steps in the phrase.
      for (const w of single.words) steps.push({ kind: 'word', alternatives: [{ words: [w], prefix: false }] });
    } else {
      steps.push({ kind: 'word', alternatives });
    }
  }
  if (!steps.length) fail('has no words');
  if (steps[steps.length - 1]?.kind === 'gap') fail('cannot end with a "*" gap');
  if (steps.length > MAX_PHRASE_WORDS) fail(`has more than ${MAX_PHRASE_WORDS} word positions`);
  return { source, alone, steps, tag };
}

function wordMatches(word: Word, expected: string, prefix: boolean): boolean {
  for (const form of word.forms) {
    if (prefix ? form.startsWith(expected) : form === expected) return true;
  }
  // A phrase written with the Arabic article ("البطاقة") also finds the bare word.
  if (expected.startsWith('ال') && expected.length > 3) return wordMatches(word, expected.slice(2), prefix);
  return false;
}

/** Where the alternative matches from word `at`: the index after it, or -1. */
function matchAlternative(words: readonly Word[], at: number, alt: Alternative): number {
  const n = alt.words.length;
  if (at + n > words.length) return -1;
  for (let k = 0; k < n; k++) {
    const isLast = k === n - 1;
    if (!wordMatches(words[at + k] as Word, alt.words[k] as string, isLast && alt.prefix)) return -1;
  }
  return at + n;
}

/** The end of the shortest match of `steps[s..]` starting at word `at`, or -1. */
function matchSteps(words: readonly Word[], steps: readonly Step[], s: number, at: number): number {
  if (s === steps.length) return at;
  const step = steps[s] as Step;
  if (step.kind === 'gap') {
    for (let skip = 0; skip <= GAP_WORDS && at + skip <= words.length; skip++) {
      const end = matchSteps(words, steps, s + 1, at + skip);
      if (end >= 0) return end;
    }
    return -1;
  }
  for (const alt of step.alternatives) {
    const next = matchAlternative(words, at, alt);
    if (next < 0) continue;
    const end = matchSteps(words, steps, s + 1, next);
    if (end >= 0) return end;
  }
  return -1;
}

/** A phrase found in a message, by word index (`end` exclusive). */
export interface PhraseHit {
  phrase: CompiledPhrase;
  start: number;
  end: number;
}

/** A list of phrases indexed by first word, so a message is scanned once. */
export interface PhraseList {
  readonly size: number;
  /** Every match, in order of start, at most one per phrase and start. */
  findAll(words: readonly Word[]): PhraseHit[];
}

/**
 * Indexes compiled phrases for scanning.
 *
 * @example
 * const list = createPhraseList([compilePhrase('real person', 'phrases[0]')]);
 * list.findAll(tokenize('I want a REAL person')).length // 1
 */
export function createPhraseList(phrases: readonly CompiledPhrase[]): PhraseList {
  const byWord = new Map<string, CompiledPhrase[]>();
  const byPrefix: Array<{ prefix: string; phrase: CompiledPhrase }> = [];
  const add = (key: string, phrase: CompiledPhrase): void => {
    const list = byWord.get(key);
    if (list) {
      if (!list.includes(phrase)) list.push(phrase);
    } else byWord.set(key, [phrase]);
  };
  for (const phrase of phrases) {
    const first = phrase.steps[0] as Extract<Step, { kind: 'word' }>;
    for (const alt of first.alternatives) {
      const head = alt.words[0] as string;
      if (alt.prefix && alt.words.length === 1) {
        byPrefix.push({ prefix: head, phrase });
        if (head.startsWith('ال') && head.length > 3) byPrefix.push({ prefix: head.slice(2), phrase });
      } else {
        add(head, phrase);
        if (head.startsWith('ال') && head.length > 3) add(head.slice(2), phrase);
      }
    }
  }
  return {
    size: phrases.length,
    findAll(words) {
      const hits: PhraseHit[] = [];
      for (let i = 0; i < words.length; i++) {
        const word = words[i] as Word;
        const candidates = new Set<CompiledPhrase>();
        for (const form of word.forms) for (const p of byWord.get(form) ?? []) candidates.add(p);
        for (const { prefix, phrase } of byPrefix) {
          if (word.forms.some((f) => f.startsWith(prefix))) candidates.add(phrase);
        }
        for (const phrase of candidates) {
          const end = matchSteps(words, phrase.steps, 0, i);
          if (end > i) hits.push({ phrase, start: i, end });
        }
      }
      return hits;
    },
  };
}

/**
 * A set of single words (folded), looked up through every form of a message word.
 *
 * @example createWordSet(['please', 'bitte']).has(tokenize('BITTE')[0]) // true
 */
export function createWordSet(words: Iterable<string>): { has(word: Word): boolean } {
  const set = new Set<string>();
  for (const w of words) for (const f of foldSequence(w)) set.add(f);
  return { has: (word) => word.forms.some((f) => set.has(f)) };
}
