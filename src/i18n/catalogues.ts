import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import type { Strings } from './strings.js';
import { sv } from './sv.js';
import { catalogueIn } from './ui-language.js';

/** The built-in catalogues, by primary language subtag. */
export const CATALOGUES = { en, sv, de, fr, es, ar } as const satisfies Record<string, Strings>;

/** A language with a built-in catalogue. */
export type BuiltInLanguage = keyof typeof CATALOGUES;

export { primaryLanguage } from './primary-language.js';

/**
 * The catalogue for a language tag: exact language match (`sv-SE` → Swedish), else
 * English. Returns which language was used so callers know whether they fell back.
 *
 * @example
 * catalogueFor('de-AT').language // 'de'
 * catalogueFor('pt-BR').language // 'en'
 */
export function catalogueFor(tag: string): { language: BuiltInLanguage; strings: Strings } {
  return catalogueIn<BuiltInLanguage>(CATALOGUES, tag);
}

/**
 * Calls `listener` when a language's texts arrive after start. Never here (every
 * catalogue is built in); in the script-tag bundle, which fetches languages other than
 * English (`embed/languages/catalogues.ts`), when a language file has run. Returns the
 * unsubscribe function.
 */
export function onLanguageAdded(_listener: () => void): () => void {
  return () => {};
}
