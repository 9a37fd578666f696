import { primaryLanguage } from '../i18n/primary-language.js';
import { hasLanguage, uiLanguage } from '../i18n/ui-language.js';

/**
 * The few texts the placeholder launcher and the fallback panel show before (or
 * instead of) the full widget. The loader cannot carry the full catalogues (that
 * would defeat its purpose), so this small table repeats `openChat` and `closeChat`
 * from them; a test keeps the two in step.
 */
export interface LiteStrings {
  openChat: string;
  closeChat: string;
  /** Announced while the full widget loads after the customer asked for it. */
  loading: string;
  /** Heading of the fallback panel. */
  failed: string;
  /** Above the contact link: the way to a person still exists. */
  reach: string;
  /** The contact link (from `data-fallback-url`). */
  contact: string;
  /** When the site gave no contact link. */
  later: string;
  retry: string;
}

/** By primary language subtag; English is the fallback. */
export const LITE_STRINGS: Readonly<Record<string, LiteStrings>> = {
  en: {
    openChat: 'Open chat',
    closeChat: 'Close chat',
    loading: 'Loading the chat…',
    failed: 'The chat could not load.',
    reach: 'You can still reach a person:',
    contact: 'Contact us',
    later: 'Please try again in a moment, or reload the page.',
    retry: 'Try again',
  },
  sv: {
    openChat: 'Öppna chatten',
    closeChat: 'Stäng chatten',
    loading: 'Chatten laddas…',
    failed: 'Chatten kunde inte laddas.',
    reach: 'Du kan fortfarande nå en person:',
    contact: 'Kontakta oss',
    later: 'Försök igen om en stund eller ladda om sidan.',
    retry: 'Försök igen',
  },
  de: {
    openChat: 'Chat öffnen',
    closeChat: 'Chat schließen',
    loading: 'Der Chat wird geladen…',
    failed: 'Der Chat konnte nicht geladen werden.',
    reach: 'Sie erreichen trotzdem einen Menschen:',
    contact: 'Kontakt aufnehmen',
    later: 'Bitte versuchen Sie es gleich noch einmal oder laden Sie die Seite neu.',
    retry: 'Erneut versuchen',
  },
  fr: {
    openChat: 'Ouvrir le chat',
    closeChat: 'Fermer le chat',
    loading: 'Chargement du chat…',
    failed: 'Le chat n’a pas pu se charger.',
    reach: 'Vous pouvez quand même joindre une personne :',
    contact: 'Nous contacter',
    later: 'Réessayez dans un instant ou rechargez la page.',
    retry: 'Réessayer',
  },
  es: {
    openChat: 'Abrir el chat',
    closeChat: 'Cerrar el chat',
    loading: 'Cargando el chat…',
    failed: 'No se pudo cargar el chat.',
    reach: 'Aun así puedes hablar con una persona:',
    contact: 'Contáctanos',
    later: 'Inténtalo de nuevo en un momento o recarga la página.',
    retry: 'Reintentar',
  },
  ar: {
    openChat: 'فتح المحادثة',
    closeChat: 'إغلاق المحادثة',
    loading: 'جارٍ تحميل المحادثة…',
    failed: 'تعذّر تحميل المحادثة.',
    reach: 'لا يزال بإمكانك التواصل مع شخص:',
    contact: 'اتصل بنا',
    later: 'يُرجى المحاولة بعد قليل أو إعادة تحميل الصفحة.',
    retry: 'إعادة المحاولة',
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
