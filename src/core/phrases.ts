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
import type { EscalationLanguage, LanguagePhrases } from './phrase-languages.js';

export { ESCALATION_LANGUAGES, SENSITIVE_TOPICS } from './phrase-languages.js';
export type { EscalationLanguage, LanguagePhrases, SensitiveTopic } from './phrase-languages.js';

/**
 * The built-in phrase lists, by language. Read them to build your own list from a
 * language's defaults.
 *
 * @example
 * createEscalationDetector({ keyword: { phrases: [...DEFAULT_PHRASES.en.askForPerson, 'talk to Anna'], replaceDefaults: true } })
 */
export const DEFAULT_PHRASES: Readonly<Record<EscalationLanguage, LanguagePhrases>> = { en, sv, de, fr, es, ar };

/**
 * Asks for the phrase lists of `languages` (the chat does at start when its options name
 * them, and when it opens). Here every list is built in, so there is nothing to fetch;
 * the script-tag bundle fetches the ones it leaves out (`embed/languages/phrases.ts`).
 */
export function requestPhrases(_languages: readonly EscalationLanguage[]): void {}

/**
 * Calls `listener` when a language's phrase lists arrive after start. Never here (all
 * are built in); in the script-tag bundle when a language file or the file of phrase
 * lists has run. Returns the unsubscribe function.
 */
export function onPhrasesAdded(_listener: () => void): () => void {
  return () => {};
}
