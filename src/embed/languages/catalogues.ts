/**
 * `i18n/catalogues.ts` as the script-tag bundle has it: English built in, the other
 * languages added when their file arrives (./registry.ts). A language asked for before
 * then reads English meanwhile, and its file is fetched; the widget redraws in it
 * when it arrives (`onLanguageAdded`).
 */
import type * as Full from '../../i18n/catalogues.js';
import { catalogueIn } from '../../i18n/ui-language.js';
import { catalogues, onLanguageAdded, wantLanguage } from './registry.js';

export type { BuiltInLanguage } from '../../i18n/catalogues.js';
export { primaryLanguage } from '../../i18n/primary-language.js';
export { onLanguageAdded };

/** The catalogues here now, by primary language subtag. */
export const CATALOGUES = catalogues as typeof Full.CATALOGUES;

/** As `catalogueFor` of the npm entries, for the languages here; fetches a missing one and answers English meanwhile. */
export const catalogueFor: typeof Full.catalogueFor = (tag) => {
  wantLanguage(tag);
  return catalogueIn<Full.BuiltInLanguage>(CATALOGUES, tag);
};
