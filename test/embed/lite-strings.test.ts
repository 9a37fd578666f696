import { describe, expect, it } from 'vitest';
import { LITE_STRINGS, liteStrings } from '../../src/embed/lite-strings';
import { CATALOGUES } from '../../src/i18n/catalogues';

describe('the placeholder’s texts', () => {
  it('cover every built-in language', () => {
    expect(Object.keys(LITE_STRINGS).sort()).toEqual(Object.keys(CATALOGUES).sort());
  });

  it.each(Object.keys(CATALOGUES))('name the launcher exactly as the widget does in %s, so the swap is silent', (language) => {
    const catalogue = CATALOGUES[language as keyof typeof CATALOGUES];
    expect(LITE_STRINGS[language]?.openChat).toBe(catalogue.openChat);
    expect(LITE_STRINGS[language]?.closeChat).toBe(catalogue.closeChat);
  });

  it('picks the language of a regional tag, right to left for Arabic, English otherwise', () => {
    expect(liteStrings('de-AT').openChat).toBe('Chat öffnen');
    expect(liteStrings('ar-EG').dir).toBe('rtl');
    expect(liteStrings('pt-BR')).toMatchObject({ openChat: 'Open chat', dir: 'ltr' });
    expect(liteStrings('he').dir).toBe('ltr');
  });
});
