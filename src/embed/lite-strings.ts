import { primaryLanguage } from '../i18n/primary-language.js';
import { hasLanguage, uiLanguage } from '../i18n/ui-language.js';

/**
 * The few texts the fallback launcher and panel show instead of a widget that could
 * not start (so without the catalogues' machinery). This small table repeats
 * `openChat` and `closeChat` from the catalogues; a test keeps the two in step.
 */
export interface LiteStrings {
  openChat: string;
  closeChat: string;
  /** Heading of the fallback panel. */
  failed: string;
  /** Above the contact link: the way to a person still exists. */
  reach: string;
  /** The contact link (from `data-fallback-url`). */
  contact: string;
  /** When the site gave no contact link. */
  later: string;
}

/** By primary language subtag; English is the fallback. */
export const LITE_STRINGS: Readonly<Record<string, LiteStrings>> = {
  en: {
    openChat: 'Open chat',
    closeChat: 'Close chat',
    failed: 'The chat could not load.',
    reach: 'You can still reach a person:',
    contact: 'Contact us',
    later: 'Please try again in a moment, or reload the page.',
  },
  sv: {
    openChat: 'Öppna chatten',
    closeChat: 'Stäng chatten',
    failed: 'Chatten kunde inte laddas.',
    reach: 'Du kan fortfarande nå en person:',
    contact: 'Kontakta oss',
    later: 'Försök igen om en stund eller ladda om sidan.',
  },
  de: {
    openChat: 'Chat öffnen',
    closeChat: 'Chat schließen',
    failed: 'Der Chat konnte nicht geladen werden.',
    reach: 'Sie erreichen trotzdem einen Menschen:',
    contact: 'Kontakt aufnehmen',
    later: 'Bitte versuchen Sie es gleich noch einmal oder laden Sie die Seite neu.',
  },
  fr: {
    openChat: 'Ouvrir le chat',
    closeChat: 'Fermer le chat',
    failed: 'Le chat n’a pas pu se charger.',
    reach: 'Vous pouvez quand même joindre une personne :',
    contact: 'Nous contacter',
    later: 'Réessayez dans un instant ou rechargez la page.',
  },
  es: {
    openChat: 'Abrir el chat',
    closeChat: 'Cerrar el chat',
    failed: 'No se pudo cargar el chat.',
    reach: 'Aun así puedes hablar con una persona:',
    contact: 'Contáctanos',
    later: 'Inténtalo de nuevo en un momento o recarga la página.',
  },
  ar: {
    openChat: 'فتح المحادثة',
    closeChat: 'إغلاق المحادثة',
    failed: 'تعذّر تحميل المحادثة.',
    reach: 'لا يزال بإمكانك التواصل مع شخص:',
    contact: 'اتصل بنا',
    later: 'يُرجى المحاولة بعد قليل أو إعادة تحميل الصفحة.',
  },
};

/**
 * The texts for a BCP 47 tag (`de-AT` → German), English when there is no table,
 * with the language and direction they are really in (decided as the widget does,
 * see `uiLanguage`; `translated` counts the texts the site supplied in `data-strings`).
 *
 * @example
 * liteStrings('sv-SE').openChat // 'Öppna chatten'
 * liteStrings('pt-BR').lang // 'en'
 */
export function liteStrings(locale: string, translated = 0): LiteStrings & { lang: string; dir: 'ltr' | 'rtl' } {
  const builtIn = hasLanguage(LITE_STRINGS, locale);
  const strings = builtIn ? LITE_STRINGS[primaryLanguage(locale)] : undefined;
  return { ...(strings ?? (LITE_STRINGS.en as LiteStrings)), ...uiLanguage(locale, builtIn, translated) };
}
