/**
 * The script-tag bundle's languages. English is built in; Swedish, German, French,
 * Spanish and Arabic are add-on files (`handoff-chat.<lang>.js`, next to the bundle),
 * each carrying that language's widget texts and escalation phrase lists. A page
 * fetches the one it shows, so nobody pays for five languages they do not read.
 *
 * The bundle's build maps `i18n/catalogues.ts` and `core/phrases.ts` to
 * `./catalogues.ts` and `./phrases.ts`, which read from here; the npm entries keep
 * every language built in and never see this module.
 */
import { en as enPhrases } from '../../core/phrases/en.js';
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

const listeners = new Set<() => void>();
let fetchLanguage: (language: string) => void = () => {};

/** Sets how a missing language is fetched (the add-on loader, see ../addons.ts). */
export function setLanguageFetcher(fetch: (language: string) => void): void {
  fetchLanguage = fetch;
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

/** Calls `listener` each time a language arrives; returns the unsubscribe function. */
export function onLanguageAdded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called when a language file has run (and its version was checked): its texts and lists become usable. */
export function addLanguage(language: string, data: LanguageData): void {
  if (!FETCHED_LANGUAGES.includes(language) || hasLanguage(catalogues, language)) return;
  if (typeof data?.strings !== 'object' || typeof data.phrases !== 'object' || !data.strings || !data.phrases) return;
  catalogues[language] = data.strings;
  phrases[language] = data.phrases;
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
