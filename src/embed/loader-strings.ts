/**
 * The loader's own texts by primary language subtag: the launcher's name (the
 * catalogues' `openChat`) and the fallback link (`contact` in `LITE_STRINGS`). Only
 * these two, because every byte of the loader is paid by every page; a test keeps
 * them equal to those tables.
 */
export const LOADER_STRINGS: Readonly<Record<string, readonly [openChat: string, contact: string]>> = {
  en: ['Open chat', 'Contact us'],
  sv: ['Öppna chatten', 'Kontakta oss'],
  de: ['Chat öffnen', 'Kontakt aufnehmen'],
  fr: ['Ouvrir le chat', 'Nous contacter'],
  es: ['Abrir el chat', 'Contáctanos'],
  ar: ['فتح المحادثة', 'اتصل بنا'],
};

/**
 * The language of the loader's texts for a BCP 47 tag: its primary subtag when the
 * loader has texts for it (`de-AT` → `de`), else English, as the widget decides (see
 * `uiLanguage`).
 *
 * @example
 * loaderLanguage('sv-SE') // 'sv'
 * loaderLanguage('pt-BR') // 'en'
 */
export function loaderLanguage(locale: string): string {
  const lang = locale.split(/[-_]/)[0]!.toLowerCase();
  // Own keys only: on a page that added properties to Object.prototype, `in` would find those.
  return Object.keys(LOADER_STRINGS).includes(lang) ? lang : 'en';
}
