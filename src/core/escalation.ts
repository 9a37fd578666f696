/**
 * Decides when a conversation should move to a person without the customer pressing the
 * button: they ask for one in their own words, the bot keeps failing or is unsure, the
 * customer is frustrated, or a sensitive topic comes up. Pure and DOM-free: the core calls
 * `inspectCustomer` before sending a message and `inspectBot` for each finished bot reply,
 * then offers or requests the handoff.
 */
import { ConfigError, InputError, describeValue } from './errors.js';
import {
  DEFAULT_PHRASES,
  ESCALATION_LANGUAGES,
  SENSITIVE_TOPICS,
  type EscalationLanguage,
  type LanguagePhrases,
} from './phrases.js';
import {
  compilePhrase,
  createPhraseList,
  createWordSet,
  tokenize,
  type CompiledPhrase,
  type PhraseHit,
  type PhraseList,
  type Word,
} from './phrases/phrase-matcher.js';
import type { HandoffTrigger, Message } from './types.js';
import { isRecord } from './is-record.js';

/**
 * What a trigger does when it fires: `offer` asks the customer ("Would you like to talk to
 * a person?"), `auto` requests the person at once, `off` ignores it.
 */
export type TriggerMode = 'offer' | 'auto' | 'off';

/** The customer asking for a person in their own words. */
export interface KeywordTriggerOptions {
  /** Default `auto`: they asked. */
  mode?: TriggerMode;
  /** Extra phrases (see the phrase syntax in docs), added to the built-in ones. */
  phrases?: readonly string[];
  /** Extra phrases that are not a request ("agent portal"): a request they overlap is ignored. */
  ignore?: readonly string[];
  /** Use only your `phrases` and `ignore` lists, none of the built-in ones. Default false. */
  replaceDefaults?: boolean;
}

/** The bot's fallback ("Sorry, I didn't get that") several times in a row. */
export interface BotFailureTriggerOptions {
  /** Default `offer`. */
  mode?: TriggerMode;
  /** How many fallbacks in a row, 1 to 20. Default 2. */
  after?: number;
}

/** The customer repeating themselves, shouting, or using strongly negative words. */
export interface FrustrationTriggerOptions {
  /** Default `offer`. */
  mode?: TriggerMode;
  /** How many times the same message (including this one) counts as repeating, 2 to 10, or false. Default 2. */
  repeats?: number | false;
  /** Whether a message mostly in capitals counts. Default true. */
  shouting?: boolean;
  /** Extra negative phrases, added to the built-in ones. */
  phrases?: readonly string[];
  /** Use only your `phrases`. Default false. */
  replaceDefaults?: boolean;
}

/** Topics where a person should take over. */
export interface SensitiveTopicTriggerOptions {
  /** Default `offer`. */
  mode?: TriggerMode;
  /**
   * Phrases by topic name. Added to the built-in topics (fraud, stolen card, dispute,
   * bereavement, financial hardship); a built-in name gets your phrases as well as its own.
   */
  topics?: Readonly<Record<string, readonly string[]>>;
  /** Use only your `topics`. Default false. */
  replaceDefaults?: boolean;
}

/** The bot reporting low confidence in its answer (`confidence` on a message). */
export interface LowConfidenceTriggerOptions {
  /** Default `offer`. */
  mode?: TriggerMode;
  /** Below this (0 < threshold ≤ 1) the answer counts as unsure. Default 0.3. */
  threshold?: number;
}

/**
 * When to move the conversation to a person. Each trigger takes a mode
 * (`'offer' | 'auto' | 'off'`) or an object with more settings. The "talk to a person"
 * button is not listed: it is always there and cannot be switched off.
 *
 * @example
 * createEscalationDetector({
 *   languages: ['en', 'sv'],
 *   keyword: { phrases: ['talk to Anna'] },
 *   botFailure: { after: 3 },
 *   frustration: 'off',
 *   sensitiveTopic: { mode: 'auto', topics: { 'account closure': ['close my account'] } },
 * })
 */
export interface EscalationOptions {
  /** Languages whose built-in phrases are used. Default all: en, sv, de, fr, es, ar. */
  languages?: readonly EscalationLanguage[];
  keyword?: TriggerMode | KeywordTriggerOptions;
  botFailure?: TriggerMode | BotFailureTriggerOptions;
  frustration?: TriggerMode | FrustrationTriggerOptions;
  sensitiveTopic?: TriggerMode | SensitiveTopicTriggerOptions;
  lowConfidence?: TriggerMode | LowConfidenceTriggerOptions;
  /** What to do when the bot's transport asks for a person. Default `auto`. */
  botRequest?: 'auto' | 'offer';
}

/** Escalation options after validation, with every default filled in. */
export interface NormalizedEscalationOptions {
  readonly languages: readonly EscalationLanguage[];
  readonly keyword: { readonly mode: TriggerMode; readonly phrases: readonly string[]; readonly ignore: readonly string[] };
  readonly botFailure: { readonly mode: TriggerMode; readonly after: number };
  readonly frustration: {
    readonly mode: TriggerMode;
    readonly repeats: number | false;
    readonly shouting: boolean;
    readonly phrases: readonly string[];
  };
  readonly sensitiveTopic: { readonly mode: TriggerMode; readonly topics: Readonly<Record<string, readonly string[]>> };
  readonly lowConfidence: { readonly mode: TriggerMode; readonly threshold: number };
  readonly botRequest: 'auto' | 'offer';
}

/**
 * A reason to bring in a person. `reason` is English and names what was seen.
 *
 * @example
 * { trigger: 'sensitive-topic', mode: 'offer', topic: 'stolen card', phrase: 'card|cards|wallet|purse * stolen|…',
 *   reason: 'Sensitive topic (stolen card): "card was stolen"' }
 */
export interface Detection {
  trigger: HandoffTrigger;
  reason: string;
  mode: 'offer' | 'auto';
  /** The built-in or site phrase that matched, when a phrase did. */
  phrase?: string;
  /** For `sensitive-topic`: the topic's name. */
  topic?: string;
  /** For `frustration`: what gave it away. */
  signal?: 'repeat' | 'shouting' | 'phrase';
}

/** Looks at each message for a reason to bring in a person. */
export interface EscalationDetector {
  /** The options in force, normalized. */
  readonly options: NormalizedEscalationOptions;
  /**
   * A customer message about to be sent. `history` is the conversation so far, oldest
   * first, without this message. Returns the strongest reason (an `auto` one before an
   * `offer`), or null.
   */
  inspectCustomer(text: string, history: readonly Message[]): Detection | null;
  /**
   * A finished bot message (ignored while it is still streaming). `history` is the
   * conversation before it. Returns a detection each time a threshold is met or exceeded;
   * offering once per conversation is the caller's job.
   */
  inspectBot(message: Message, history: readonly Message[]): Detection | null;
  /**
   * Compiles the next phrase list ahead of need (they are compiled on first use
   * otherwise); true while more are left. Call it in idle moments, one list at a time.
   */
  warm(): boolean;
}

/**
 * Why an option that would switch off the path to a person is refused: the one
 * explanation every such `ConfigError` ends with (`createChat`, `init` and the escalation
 * options), after naming the option. It lives here, with the escalation options, because
 * the chat options import this file.
 *
 * @example
 * throw new ConfigError(key, '', value, `Option "${key}" is not supported: ${HUMAN_PATH_GUARANTEE}`)
 */
export const HUMAN_PATH_GUARANTEE =
  'handoff-chat always offers a way to reach a person while the chat is open; it cannot be hidden or disabled by configuration. ' +
  'When nobody is available, the human backend says so and the customer is offered to leave a message instead.';

const MODES: readonly TriggerMode[] = ['offer', 'auto', 'off'];
const TRIGGER_KEYS = ['keyword', 'botFailure', 'frustration', 'sensitiveTopic', 'lowConfidence'] as const;
const KNOWN_KEYS = ['languages', ...TRIGGER_KEYS, 'botRequest'];
const BUTTON_KEYS = ['button', 'humanButton', 'human', 'handoff'];
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** A `=` phrase only counts in a short message: a long one is about something else. */
const ALONE_MAX_WORDS = 10;
/**
 * A decline ("I don't want") cancels a request that starts with it or within this many
 * words after it: "I don't want to talk to a human" is cancelled, while in "I don't need a
 * bot, I need a human" the request is too far from the decline to be its object.
 */
const DECLINE_REACH = 2;
/** How many earlier customer messages a repeat is looked for in. */
const REPEAT_WINDOW = 5;
const SHOUT_MIN_LETTERS = 12;
const SHOUT_RATIO = 0.8;
const QUOTE_LIMIT = 80;

const normalized = new WeakSet<object>();
/** The input each normalized object was made from (see escalationSource). */
const sources = new WeakMap<object, unknown>();

function checkKeys(option: string, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new ConfigError(`${option}.${key}`, '', value[key], `Unknown option "${option}.${key}". Known options: ${known.join(', ')}.`);
    }
  }
}

function readMode(option: string, value: unknown): TriggerMode | undefined {
  if (value === undefined) return undefined;
  if (!MODES.includes(value as TriggerMode)) throw new ConfigError(option, "'offer', 'auto' or 'off'", value);
  return value as TriggerMode;
}

/** A trigger option is a mode or an object with `mode` and settings; returns both parts. */
function readTrigger(option: string, value: unknown, known: readonly string[], fallback: TriggerMode): { mode: TriggerMode; settings: Record<string, unknown> } {
  if (value === undefined) return { mode: fallback, settings: {} };
  if (typeof value === 'string') return { mode: readMode(option, value) as TriggerMode, settings: {} };
  if (!isRecord(value)) throw new ConfigError(option, `'offer', 'auto', 'off' or an object with ${known.join(', ')}`, value);
  checkKeys(option, value, known);
  return { mode: readMode(`${option}.mode`, value.mode) ?? fallback, settings: value };
}

function readBoolean(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ConfigError(option, 'true or false', value);
  return value;
}

function readInteger(option: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(option, `a whole number from ${min} to ${max}`, value);
  }
  return value;
}

/** Checks a phrase array (each phrase compiles); returns a frozen copy. */
function readPhrases(option: string, value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(option, 'an array of phrases', value);
  value.forEach((p, i) => compilePhrase(p, `${option}[${i}]`));
  return Object.freeze([...(value as string[])]);
}

/**
 * The lists of `languages` that are here. In the npm entries that is all of them; the
 * script-tag bundle has English and fetches the others (a language whose file has not
 * arrived yet adds nothing, and the chat rebuilds its detector when it does).
 */
function phrasesOf(languages: readonly EscalationLanguage[]): LanguagePhrases[] {
  return languages.flatMap((l) => (DEFAULT_PHRASES[l] ? [DEFAULT_PHRASES[l]] : []));
}

function fromLanguages(languages: readonly EscalationLanguage[], pick: (l: LanguagePhrases) => readonly string[]): string[] {
  return phrasesOf(languages).flatMap(pick);
}

function readLanguages(option: string, value: unknown): readonly EscalationLanguage[] {
  if (value === undefined) return ESCALATION_LANGUAGES;
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((l) => ESCALATION_LANGUAGES.includes(l as EscalationLanguage)) &&
    new Set(value).size === value.length;
  if (!ok) throw new ConfigError(option, `a non-empty array of distinct language codes from ${ESCALATION_LANGUAGES.join(', ')}`, value);
  return Object.freeze([...(value as EscalationLanguage[])]);
}

function readTopics(option: string, value: unknown, defaults: Record<string, string[]>): Record<string, readonly string[]> {
  const topics: Record<string, string[]> = defaults;
  if (value === undefined) return topics;
  if (!isRecord(value)) throw new ConfigError(option, 'an object of topic name → array of phrases', value);
  for (const [name, phrases] of Object.entries(value)) {
    if (UNSAFE_KEYS.has(name) || !name.trim() || name.length > 60) {
      throw new ConfigError(option, '', name, `Invalid option "${option}": the topic name ${JSON.stringify(name)} is not allowed (use 1 to 60 characters, not ${[...UNSAFE_KEYS].join('/')}).`);
    }
    const list = readPhrases(`${option}.${name}`, phrases);
    // Own keys only: a topic called "toString" must not find Object.prototype.toString.
    const existing = Object.prototype.hasOwnProperty.call(topics, name) ? (topics[name] as string[]) : [];
    topics[name] = [...existing, ...list];
  }
  return topics;
}

/**
 * Validates escalation options once and fills in defaults. Throws a `ConfigError` naming
 * the option (`escalation.keyword.phrases[2]`) and what was expected. Passing the result
 * back in returns it unchanged.
 *
 * @example
 * normalizeEscalationOptions({ keyword: 'offer' }).keyword.mode // 'offer'
 * normalizeEscalationOptions({ botFailure: { after: 0 } }) // throws ConfigError (escalation.botFailure.after)
 */
export function normalizeEscalationOptions(input: unknown = {}, option = 'escalation'): NormalizedEscalationOptions {
  if (isRecord(input) && normalized.has(input)) return input as unknown as NormalizedEscalationOptions;
  if (!isRecord(input)) throw new ConfigError(option, 'an object of trigger settings', input);
  for (const key of Object.keys(input)) {
    if (BUTTON_KEYS.includes(key)) {
      throw new ConfigError(
        `${option}.${key}`,
        '',
        input[key],
        `Option "${option}.${key}" is not supported: ${HUMAN_PATH_GUARANTEE}`,
      );
    }
  }
  checkKeys(option, input, KNOWN_KEYS);
  const languages = readLanguages(`${option}.languages`, input.languages);

  const kw = readTrigger(`${option}.keyword`, input.keyword, ['mode', 'phrases', 'ignore', 'replaceDefaults'], 'auto');
  const kwOwn = readBoolean(`${option}.keyword.replaceDefaults`, kw.settings.replaceDefaults, false);
  const kwPhrases = readPhrases(`${option}.keyword.phrases`, kw.settings.phrases);
  const kwIgnore = readPhrases(`${option}.keyword.ignore`, kw.settings.ignore);
  if (kwOwn && kw.mode !== 'off' && !kwPhrases.length) {
    throw new ConfigError(`${option}.keyword.phrases`, 'at least one phrase when replaceDefaults is true', kw.settings.phrases);
  }

  const bf = readTrigger(`${option}.botFailure`, input.botFailure, ['mode', 'after'], 'offer');
  const fr = readTrigger(`${option}.frustration`, input.frustration, ['mode', 'repeats', 'shouting', 'phrases', 'replaceDefaults'], 'offer');
  const frOwn = readBoolean(`${option}.frustration.replaceDefaults`, fr.settings.replaceDefaults, false);
  const frPhrases = readPhrases(`${option}.frustration.phrases`, fr.settings.phrases);
  const repeats = fr.settings.repeats === false ? false : readInteger(`${option}.frustration.repeats`, fr.settings.repeats, 2, 10, 2);

  const st = readTrigger(`${option}.sensitiveTopic`, input.sensitiveTopic, ['mode', 'topics', 'replaceDefaults'], 'offer');
  const stOwn = readBoolean(`${option}.sensitiveTopic.replaceDefaults`, st.settings.replaceDefaults, false);
  const defaultTopics: Record<string, string[]> = {};
  if (!stOwn) for (const topic of SENSITIVE_TOPICS) defaultTopics[topic] = fromLanguages(languages, (l) => l.sensitive[topic]);
  const topics = readTopics(`${option}.sensitiveTopic.topics`, st.settings.topics, defaultTopics);
  if (stOwn && st.mode !== 'off' && !Object.keys(topics).length) {
    throw new ConfigError(`${option}.sensitiveTopic.topics`, 'at least one topic when replaceDefaults is true', st.settings.topics);
  }

  const lc = readTrigger(`${option}.lowConfidence`, input.lowConfidence, ['mode', 'threshold'], 'offer');
  const threshold = lc.settings.threshold ?? 0.3;
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) {
    throw new ConfigError(`${option}.lowConfidence.threshold`, 'a number above 0 and at most 1', threshold);
  }

  const botRequest = input.botRequest ?? 'auto';
  if (botRequest !== 'auto' && botRequest !== 'offer') throw new ConfigError(`${option}.botRequest`, "'auto' or 'offer'", botRequest);

  // Frozen throughout: the detector trusts these, and passing them back in skips validation.
  const result: NormalizedEscalationOptions = Object.freeze({
    languages,
    keyword: Object.freeze({
      mode: kw.mode,
      phrases: Object.freeze([...(kwOwn ? [] : fromLanguages(languages, (l) => l.askForPerson)), ...kwPhrases]),
      ignore: Object.freeze([...(kwOwn ? [] : fromLanguages(languages, (l) => l.notAPersonRequest)), ...kwIgnore]),
    }),
    botFailure: Object.freeze({ mode: bf.mode, after: readInteger(`${option}.botFailure.after`, bf.settings.after, 1, 20, 2) }),
    frustration: Object.freeze({
      mode: fr.mode,
      repeats,
      shouting: readBoolean(`${option}.frustration.shouting`, fr.settings.shouting, true),
      phrases: Object.freeze([...(frOwn ? [] : fromLanguages(languages, (l) => l.frustration)), ...frPhrases]),
    }),
    sensitiveTopic: Object.freeze({
      mode: st.mode,
      topics: Object.freeze(Object.fromEntries(Object.entries(topics).map(([k, v]) => [k, Object.freeze(v)]))),
    }),
    lowConfidence: Object.freeze({ mode: lc.mode, threshold }),
    botRequest,
  });
  normalized.add(result);
  sources.set(result, input);
  return result;
}

/**
 * What normalized escalation options were made from (anything else as it is). Normalizing
 * that again picks up phrase lists that arrived since, in the script-tag bundle; the
 * normalized object itself keeps the lists of its time.
 */
export function escalationSource(options: unknown): unknown {
  return (isRecord(options) && sources.get(options)) || options;
}

function compileAll(phrases: readonly string[], option: string, tag?: string): CompiledPhrase[] {
  return phrases.map((p, i) => compilePhrase(p, `${option}[${i}]`, tag));
}

function quote(text: string, words: readonly Word[], hit: { start: number; end: number }): string {
  const from = (words[hit.start] as Word).start;
  const to = (words[hit.end - 1] as Word).end;
  const raw = text.slice(from, to).replace(/\s+/g, ' ');
  return raw.length > QUOTE_LIMIT ? `${raw.slice(0, QUOTE_LIMIT - 1)}…` : raw;
}

function lastBotMessage(history: readonly Message[]): Message | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i] as Message;
    if (m.author === 'bot') return m;
    if (m.author === 'agent') return undefined;
  }
  return undefined;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The message as a comparable key for repeat detection: folded words, nothing else. */
function repeatKey(words: readonly Word[]): string {
  return words.map((w) => w.text).join(' ');
}

interface Shouting {
  upper: number;
  cased: number;
}

function countCase(text: string, words: readonly Word[]): Shouting {
  let upper = 0;
  let cased = 0;
  for (const w of words) {
    // Codes like "AB12CD" are written in capitals without anyone shouting.
    const original = text.slice(w.start, w.end);
    if (/\p{N}/u.test(original)) continue;
    for (const ch of original) {
      const lower = ch.toLowerCase();
      const up = ch.toUpperCase();
      if (lower === up) continue;
      cased++;
      if (ch === up) upper++;
    }
  }
  return { upper, cased };
}

function pickStrongest(found: Array<Detection | null>): Detection | null {
  const real = found.filter((d): d is Detection => d !== null);
  return real.find((d) => d.mode === 'auto') ?? real[0] ?? null;
}

/**
 * Creates a detector for the escalation triggers. Options are validated here (a
 * `ConfigError` names the bad one); phrases are compiled once.
 *
 * Matching rules, in short: phrases match whole words with case and accents ignored; `=`
 * phrases ("=agent") only when the message is that phrase plus filler words, and not when
 * the bot's last message used the same word (the customer is answering a question);
 * `notAPersonRequest` phrases ("user agent", "travel agent") cancel a request they overlap;
 * a decline ("I don't want", "ich will keinen") cancels a request it starts or closely precedes.
 *
 * @example
 * const detector = createEscalationDetector();
 * detector.inspectCustomer('Can I talk to a real person?', [])
 * // { trigger: 'keyword', mode: 'auto', reason: 'Customer asked for a person: "talk to a real person"', phrase: '…' }
 * detector.inspectCustomer('Your user agent string is wrong', []) // null
 */
export function createEscalationDetector(options?: EscalationOptions | NormalizedEscalationOptions): EscalationDetector {
  const opts = normalizeEscalationOptions(options ?? {});
  const langs = phrasesOf(opts.languages);

  // Compiling every phrase of six languages takes tens of milliseconds on a slow phone, so
  // each list is compiled when first needed, or ahead of time by `warm()` in idle moments.
  const steps: Array<() => unknown> = [];
  const lazy = <T>(make: () => T): (() => T) => {
    let value: T | undefined;
    let made = false;
    const get = (): T => {
      if (!made) {
        value = make();
        made = true;
      }
      return value as T;
    };
    steps.push(get);
    return get;
  };
  const requests = lazy(() => createPhraseList(compileAll(opts.keyword.phrases, 'escalation.keyword.phrases')));
  const notRequests = lazy(() => createPhraseList(compileAll(opts.keyword.ignore, 'escalation.keyword.ignore')));
  const declines = lazy(() => createPhraseList(compileAll(langs.flatMap((l) => l.declines), 'declines')));
  const filler = lazy(() => createWordSet(langs.flatMap((l) => l.filler)));
  const negative = lazy(() => createPhraseList(compileAll(opts.frustration.phrases, 'escalation.frustration.phrases')));
  const acknowledgements = lazy(() => new Set(langs.flatMap((l) => l.acknowledgements).map((a) => repeatKey(tokenize(a)))));
  const topics = lazy(
    (): PhraseList =>
      createPhraseList(
        Object.entries(opts.sensitiveTopic.topics).flatMap(([name, phrases]) => compileAll(phrases, `escalation.sensitiveTopic.topics.${name}`, name)),
      ),
  );
  let warmed = 0;

  const isAnswerToBot = (hit: PhraseHit, words: readonly Word[], history: readonly Message[]): boolean => {
    const bot = lastBotMessage(history);
    if (!bot) return false;
    const said = new Set(tokenize(bot.text).map((w) => w.text));
    for (let i = hit.start; i < hit.end; i++) if (said.has((words[i] as Word).text)) return true;
    return false;
  };

  const findRequest = (words: readonly Word[], history: readonly Message[]): PhraseHit | undefined => {
    const hits = requests().findAll(words);
    if (!hits.length) return undefined;
    const ignored = notRequests().size ? notRequests().findAll(words) : [];
    const declined = declines().findAll(words);
    for (const hit of hits) {
      if (ignored.some((n) => overlaps(n, hit))) continue;
      if (declined.some((d) => d.start <= hit.start && d.end >= hit.start - DECLINE_REACH)) continue;
      if (hit.phrase.alone) {
        if (words.length > ALONE_MAX_WORDS) continue;
        const rest = words.filter((_, i) => i < hit.start || i >= hit.end);
        if (!rest.every((w) => filler().has(w))) continue;
        if (isAnswerToBot(hit, words, history)) continue;
      }
      return hit;
    }
    return undefined;
  };

  const keyword = (text: string, words: readonly Word[], history: readonly Message[]): Detection | null => {
    if (opts.keyword.mode === 'off') return null;
    const hit = findRequest(words, history);
    if (!hit) return null;
    return {
      trigger: 'keyword',
      mode: opts.keyword.mode,
      reason: `Customer asked for a person: "${quote(text, words, hit)}"`,
      phrase: hit.phrase.source,
    };
  };

  const sensitive = (text: string, words: readonly Word[]): Detection | null => {
    if (opts.sensitiveTopic.mode === 'off' || !topics().size) return null;
    const hit = topics().findAll(words)[0];
    if (!hit) return null;
    const topic = hit.phrase.tag as string;
    return {
      trigger: 'sensitive-topic',
      mode: opts.sensitiveTopic.mode,
      reason: `Sensitive topic (${topic}): "${quote(text, words, hit)}"`,
      phrase: hit.phrase.source,
      topic,
    };
  };

  const frustration = (text: string, words: readonly Word[], history: readonly Message[]): Detection | null => {
    const f = opts.frustration;
    if (f.mode === 'off') return null;
    const mode = f.mode;
    if (f.repeats !== false) {
      const key = repeatKey(words);
      const bot = lastBotMessage(history);
      const isQuickReply = bot?.quickReplies?.some((q) => repeatKey(tokenize(q.title)) === key) ?? false;
      if (key && !acknowledgements().has(key) && !/^[\d ]+$/.test(key) && !isQuickReply) {
        let count = 1;
        let seen = 0;
        for (let i = history.length - 1; i >= 0 && seen < REPEAT_WINDOW; i--) {
          const m = history[i] as Message;
          if (m.author !== 'customer' || m.chosenReply) continue;
          seen++;
          if (repeatKey(tokenize(m.text)) === key) count++;
        }
        if (count >= f.repeats) {
          return { trigger: 'frustration', mode, signal: 'repeat', reason: `Customer seems frustrated: sent the same message ${count} times ("${quote(text, words, { start: 0, end: words.length })}")` };
        }
      }
    }
    if (negative().size) {
      const hit = negative().findAll(words)[0];
      if (hit) {
        return { trigger: 'frustration', mode, signal: 'phrase', phrase: hit.phrase.source, reason: `Customer seems frustrated: "${quote(text, words, hit)}"` };
      }
    }
    if (f.shouting && words.length >= 2) {
      const { upper, cased } = countCase(text, words);
      if (cased >= SHOUT_MIN_LETTERS && upper / cased >= SHOUT_RATIO) {
        return { trigger: 'frustration', mode, signal: 'shouting', reason: 'Customer seems frustrated: wrote in capitals' };
      }
    }
    return null;
  };

  return {
    options: opts,
    warm() {
      if (warmed < steps.length) (steps[warmed++] as () => unknown)();
      return warmed < steps.length;
    },
    inspectCustomer(text, history) {
      if (typeof text !== 'string') throw new InputError('invalid_text', `inspectCustomer expects the message text, received ${describeValue(text)}.`);
      const words = tokenize(text);
      if (!words.length) return null;
      return pickStrongest([keyword(text, words, history), sensitive(text, words), frustration(text, words, history)]);
    },
    inspectBot(message, history) {
      if (message.author !== 'bot' || message.streaming) return null;
      const found: Array<Detection | null> = [];
      const bf = opts.botFailure;
      if (bf.mode !== 'off' && message.fallback) {
        let count = 1;
        for (let i = history.length - 1; i >= 0; i--) {
          const m = history[i] as Message;
          if (m.author === 'customer' || m.author === 'system') continue;
          if (m.author !== 'bot' || !m.fallback) break;
          count++;
        }
        if (count >= bf.after) {
          found.push({ trigger: 'bot-failure', mode: bf.mode, reason: `The bot did not understand ${count} ${count === 1 ? 'time' : 'times in a row'}` });
        }
      }
      const lc = opts.lowConfidence;
      const c = message.confidence;
      if (lc.mode !== 'off' && typeof c === 'number' && Number.isFinite(c) && c < lc.threshold) {
        found.push({ trigger: 'low-confidence', mode: lc.mode, reason: `The bot was not confident in its answer (confidence ${round(c)}, below ${lc.threshold})` });
      }
      return pickStrongest(found);
    },
  };
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
