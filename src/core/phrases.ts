/**
 * The words the escalation triggers listen for, per language: asking for a person,
 * frustration and sensitive topics. Written in the phrase syntax of
 * `phrases/phrase-matcher.ts`.
 */
import { ar } from './phrases/ar.js';
import { de } from './phrases/de.js';
import { en } from './phrases/en.js';
import { es } from './phrases/es.js';
import { fr } from './phrases/fr.js';
import { sv } from './phrases/sv.js';

/** Languages with built-in phrase lists. */
export type EscalationLanguage = 'en' | 'sv' | 'de' | 'fr' | 'es' | 'ar';

/** The sensitive topics with built-in phrases. Sites can add their own topic names. */
export type SensitiveTopic = 'fraud' | 'stolen card' | 'dispute' | 'bereavement' | 'financial hardship';

/** Every phrase list of one language. */
export interface LanguagePhrases {
  /** The customer asks for a person ("talk to a human", `=agent`). */
  readonly askForPerson: readonly string[];
  /** Phrases that look like a request but are not ("user agent", "travel agent"): a match they overlap is dropped. */
  readonly notAPersonRequest: readonly string[];
  /** Saying no ("I don't want"): a request it starts, or that follows within two words, is dropped. */
  readonly declines: readonly string[];
  /** Words that may surround a `=` phrase ("please", "I want", "hi"). */
  readonly filler: readonly string[];
  /** Strongly negative phrases. */
  readonly frustration: readonly string[];
  /** Short replies a customer repeats without being frustrated ("yes", "ok"). */
  readonly acknowledgements: readonly string[];
  readonly sensitive: Readonly<Record<SensitiveTopic, readonly string[]>>;
}

/** Every language with built-in phrases, in the order they are listed in docs. */
export const ESCALATION_LANGUAGES: readonly EscalationLanguage[] = ['en', 'sv', 'de', 'fr', 'es', 'ar'];

/** The default sensitive topics, in the order they are checked. */
export const SENSITIVE_TOPICS: readonly SensitiveTopic[] = ['fraud', 'stolen card', 'dispute', 'bereavement', 'financial hardship'];

/**
 * The built-in phrase lists, by language. Read them to build your own list from a
 * language's defaults.
 *
 * @example
 * createEscalationDetector({ keyword: { phrases: [...DEFAULT_PHRASES.en.askForPerson, 'talk to Anna'], replaceDefaults: true } })
 */
export const DEFAULT_PHRASES: Readonly<Record<EscalationLanguage, LanguagePhrases>> = { en, sv, de, fr, es, ar };
