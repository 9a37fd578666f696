/**
 * The script-tag bundle's languages. English is built in; Swedish, German, French,
 * Spanish and Arabic are add-on files (`handoff-chat.<lang>.js`, next to the bundle),
 * each carrying that language's widget texts and escalation phrase lists. A page
 * fetches the one it shows, so nobody pays for five languages they do not read.
 *
 * The escalation triggers listen in every language by default, and customers do not
 * always write in the page's language: when a chat opens, the bundle fetches the other
 * languages' phrase lists in one file (`handoff-chat.phrases.js`), without their texts.
 *
 * The bundle's build maps `i18n/catalogues.ts` and `core/phrases.ts` to
 * `./catalogues.ts` and `./phrases.ts`, which read from here; the npm entries keep
 * every language built in and never see this module.
 */
import { en as enPhrases } from '../../core/phrases/en.js';
import { isRecord } from '../../core/is-record.js';
import type { LanguagePhrases } from '../../core/phrase-languages.js';
import { en } from '../../i18n/en.js';
import { primaryLanguage } from '../../i18n/primary-language.js';
import type { Strings } from '../../i18n/strings.js';
import { hasLanguage } from '../../i18n/ui-language.js';

/** The languages whose files the bundle fetches when a page needs them. */
export const FETCHED_LANGUAGES: readonly string[] = ['sv', 'de', 'fr', 'es', 'ar'];

/** What a language file hands over. */
export interface LanguageData {
  readonly strings: Strings;
  readonly phrases: LanguagePhrases;
}

/** Widget texts by language: English, and every language whose file has run. */
export const catalogues: Record<string, Strings> = { en };
/** Escalation phrase lists by language, filled the same way. */
export const phrases: Record<string, LanguagePhrases> = { en: enPhrases };

/** Hear of new widget texts (the widget redraws) and of new phrase lists (the chat rebuilds its detector). */
const textListeners = new Set<() => void>();
const phraseListeners = new Set<() => void>();
let fetchLanguage: (language: string) => void = () => {};
let fetchLists: (missing: readonly string[]) => void = () => {};

/**
 * Sets how a missing language is fetched, and the phrase lists of missing languages (the
 * add-on loader, see ../addons.ts, which picks the file).
 */
export function setLanguageFetcher(language: (language: string) => void, lists: (missing: readonly string[]) => void): void {
  fetchLanguage = language;
  fetchLists = lists;
}

/**
 * The fetched language `tag` is in (`fr-CA` → `fr`) when its file has not run yet,
 * else undefined (English, a language here already, or one without a file).
 */
export function missingLanguage(tag: string): string | undefined {
  const language = primaryLanguage(tag);
  return FETCHED_LANGUAGES.includes(language) && !hasLanguage(catalogues, language) ? language : undefined;
}

/** Fetches the file of `tag`'s language unless it is here (or there is none). */
export function wantLanguage(tag: string): void {
  const language = missingLanguage(tag);
  if (language) fetchLanguage(language);
}

/** Fetches what the escalation triggers need to listen in `languages`, unless it is here. */
export function wantPhrases(languages: readonly string[]): void {
  const missing = languages.filter((language) => FETCHED_LANGUAGES.includes(language) && !phrases[language]);
  if (missing.length) fetchLists(missing);
}

/** Calls `listener` each time a language's texts arrive; returns the unsubscribe function. */
export function onLanguageAdded(listener: () => void): () => void {
  textListeners.add(listener);
  return () => textListeners.delete(listener);
}

/** Calls `listener` each time phrase lists arrive (with a language, or the file of them); returns the unsubscribe function. */
export function onPhrasesAdded(listener: () => void): () => void {
  phraseListeners.add(listener);
  return () => phraseListeners.delete(listener);
}

/** Called when a language file has run (and its version was checked): its texts and lists become usable. */
export function addLanguage(language: string, data: LanguageData): void {
  if (!FETCHED_LANGUAGES.includes(language) || hasLanguage(catalogues, language)) return;
  if (!isRecord(data) || !isRecord(data.strings) || !isRecord(data.phrases)) return;
  catalogues[language] = data.strings;
  const listsAreNew = !phrases[language];
  phrases[language] = data.phrases;
  tell(textListeners);
  if (listsAreNew) tell(phraseListeners);
}

/** Called when the file of phrase lists has run: the lists of the languages not here yet become usable. */
export function addPhrases(lists: Record<string, unknown>): void {
  const fresh = FETCHED_LANGUAGES.filter((language) => !phrases[language] && isRecord(lists[language]));
  for (const language of fresh) phrases[language] = lists[language] as LanguagePhrases;
  if (fresh.length) tell(phraseListeners);
}

function tell(listeners: Set<() => void>): void {
  for (const listener of [...listeners]) {
    try {
      listener();
    } catch (error) {
      // One widget failing to redraw must not keep the others (or the add-on loader) from hearing it.
      setTimeout(() => {
        throw error;
      });
    }
  }
}
