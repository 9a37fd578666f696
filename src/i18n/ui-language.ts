import { primaryLanguage } from './primary-language.js';
import type { Strings } from './strings.js';
import { textDirection } from './text-direction.js';

/** How many texts a complete catalogue has (`Strings`); a test keeps it in step. */
export const STRING_COUNT = 82;

/**
 * The language the widget's texts are really in, for `lang` and `dir` (and dates):
 * the requested locale when a built-in catalogue covers it, or when the site
 * supplied at least half of the texts itself; otherwise English, the fallback
 * catalogue, left to right. So `pt-BR` without a catalogue reads as `en`, and a
 * Hebrew page does not flip an English widget right to left over a translated title.
 * The loader's placeholder and the widget decide with this same function, so the
 * swap from one to the other is silent.
 *
 * @example
 * uiLanguage('sv-SE', true, 0) // { lang: 'sv-SE', dir: 'ltr' }
 * uiLanguage('pt-BR', false, 1) // { lang: 'en', dir: 'ltr' }
 * uiLanguage('he', false, 81) // { lang: 'he', dir: 'rtl' }
 */
export function uiLanguage(locale: string, builtIn: boolean, overridden: number): { lang: string; dir: 'ltr' | 'rtl' } {
  if (builtIn || overridden * 2 >= STRING_COUNT) return { lang: locale, dir: textDirection(locale) };
  return { lang: 'en', dir: 'ltr' };
}

/** Whether `locale`'s language is one of `languages` (primary subtags). */
export function hasLanguage(languages: Readonly<Record<string, unknown>>, locale: string): boolean {
  return Object.prototype.hasOwnProperty.call(languages, primaryLanguage(locale));
}

/**
 * The catalogue of `catalogues` for a language tag: exact language match (`sv-SE` →
 * `sv`), else the English one. Shared by the npm entries' catalogues and the script-tag
 * bundle's (which holds only the languages that have arrived).
 *
 * @example
 * catalogueIn({ en, sv }, 'sv-SE').language // 'sv'
 */
export function catalogueIn<L extends string>(catalogues: Readonly<Record<L, Strings>> & { readonly en: Strings }, tag: string): { language: L | 'en'; strings: Strings } {
  const lang = primaryLanguage(tag) as L;
  return hasLanguage(catalogues, tag) ? { language: lang, strings: catalogues[lang] } : { language: 'en', strings: catalogues.en };
}
