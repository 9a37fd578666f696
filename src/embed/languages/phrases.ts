/**
 * `core/phrases.ts` as the script-tag bundle has it: English lists built in, the other
 * languages' lists added when their file arrives (./registry.ts). The chat asks for
 * the languages its options name and rebuilds its detector when one arrives.
 */
import type * as Full from '../../core/phrases.js';
import { onLanguageAdded, phrases, wantLanguage } from './registry.js';

export { ESCALATION_LANGUAGES, SENSITIVE_TOPICS } from '../../core/phrase-languages.js';
export type { EscalationLanguage, LanguagePhrases, SensitiveTopic } from '../../core/phrase-languages.js';

/** The lists here now: English, and each language whose file has run. */
export const DEFAULT_PHRASES = phrases as typeof Full.DEFAULT_PHRASES;

/** Fetches the files of the languages the escalation options name that are not here yet. */
export const requestPhrases: typeof Full.requestPhrases = (languages) => {
  for (const language of languages) wantLanguage(language);
};

/** Calls `listener` each time a language file arrives (the chat rebuilds its detector). */
export const onPhrasesAdded: typeof Full.onPhrasesAdded = onLanguageAdded;
