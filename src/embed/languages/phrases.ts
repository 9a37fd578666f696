/**
 * `core/phrases.ts` as the script-tag bundle has it: English lists built in, the other
 * languages' lists added when their file arrives (./registry.ts). The chat asks for
 * the languages its options name (at start when they are named, when it opens when they
 * are the default six) and rebuilds its detector when lists arrive.
 */
import type * as Full from '../../core/phrases.js';
import { onPhrasesAdded as onAdded, phrases, wantPhrases } from './registry.js';

export { ESCALATION_LANGUAGES, SENSITIVE_TOPICS } from '../../core/phrase-languages.js';
export type { EscalationLanguage, LanguagePhrases, SensitiveTopic } from '../../core/phrase-languages.js';

/** The lists here now: English, and each language whose file (or the file of lists) has run. */
export const DEFAULT_PHRASES = phrases as typeof Full.DEFAULT_PHRASES;

/** Fetches the lists of the languages named that are not here yet. */
export const requestPhrases: typeof Full.requestPhrases = wantPhrases;

/** Calls `listener` each time lists arrive (the chat rebuilds its detector). */
export const onPhrasesAdded: typeof Full.onPhrasesAdded = onAdded;
