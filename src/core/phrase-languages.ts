/**
 * What the escalation phrase lists are made of, without any language's list: the
 * languages there are, the sensitive topics and the shape of one language's lists.
 * Shared by `phrases.ts` (every list built in, the npm entries) and the script-tag
 * bundle's `embed/languages/phrases.ts` (English built in, the others fetched).
 */
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
