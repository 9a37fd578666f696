import { describe, expect, it } from 'vitest';
import { LITE_STRINGS } from '../../src/embed/lite-strings';
import { LOADER_STRINGS, loaderLanguage } from '../../src/embed/loader-strings';
import { CATALOGUES } from '../../src/i18n/catalogues';
import { uiLanguage } from '../../src/i18n/ui-language';

describe('the loader’s texts', () => {
  it('cover every built-in language', () => {
    expect(Object.keys(LOADER_STRINGS).sort()).toEqual(Object.keys(CATALOGUES).sort());
  });

  it.each(Object.keys(CATALOGUES))('name the launcher exactly as the widget does in %s, so the swap is silent', (language) => {
    expect(LOADER_STRINGS[language]?.[0]).toBe(CATALOGUES[language as keyof typeof CATALOGUES].openChat);
  });

  it.each(Object.keys(CATALOGUES))('name the contact link in %s as the widget’s own fallback does', (language) => {
    expect(LOADER_STRINGS[language]?.[1]).toBe(LITE_STRINGS[language]?.contact);
  });

  it.each(['sv-SE', 'de_AT', 'AR', 'pt-BR', 'he', 'zh-Hant-TW', 'toString', '__proto__', ''])(
    'for %j, pick the language the widget shows (by primary subtag, English without a table)',
    (locale) => {
      const builtIn = Object.keys(CATALOGUES).includes(locale.split(/[-_]/)[0]!.toLowerCase());
      const expected = uiLanguage(locale, builtIn, 0).lang === 'en' ? 'en' : locale.split(/[-_]/)[0]!.toLowerCase();
      expect(loaderLanguage(locale)).toBe(expected);
    },
  );
});
