// @vitest-environment happy-dom
/**
 * `lang` and `dir` follow the texts actually shown: a locale without a catalogue
 * shows English, so it is marked English, left to right; the site's own translation
 * (most of the texts) makes it the site's language. The loader's placeholder and the
 * widget agree, so swapping one for the other changes nothing a screen reader hears.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { liteStrings } from '../../src/embed/lite-strings';
import { renderLiteLauncher } from '../../src/embed/lite-launcher';
import { en } from '../../src/i18n/en';
import { STRING_COUNT, uiLanguage } from '../../src/i18n/ui-language';
import { init, type HandoffChatWidget } from '../../src/index';
import { createMemoryHuman } from '../../src/transports/memory';

const widgets: HandoffChatWidget[] = [];
afterEach(() => {
  for (const w of widgets.splice(0)) w.destroy();
  document.body.innerHTML = '';
});

function widgetRoot(locale: string, strings: Record<string, string> = {}) {
  const w = init({ human: createMemoryHuman(), storage: false, locale, strings });
  widgets.push(w);
  const root = w.element.shadowRoot?.querySelector('.root') as HTMLElement;
  return { lang: root.getAttribute('lang'), dir: root.getAttribute('dir'), state: w.state };
}

function placeholderRoot(locale: string, translated = 0) {
  const lite = renderLiteLauncher({ doc: document, locale, translated });
  const root = lite.element.shadowRoot?.querySelector('.root') as HTMLElement;
  return { lang: root.getAttribute('lang'), dir: root.getAttribute('dir') };
}

/** Every text, "translated" (the content does not matter here, only how many). */
const everyText = Object.fromEntries(Object.keys(en).map((key) => [key, `‏${key}`]));

describe('the language the widget declares', () => {
  it('counts the texts of a complete catalogue', () => {
    expect(STRING_COUNT).toBe(Object.keys(en).length);
  });

  it.each([
    ['sv-SE', {}, 'sv-SE', 'ltr'],
    ['ar-EG', {}, 'ar-EG', 'rtl'],
    ['pt-BR', {}, 'en', 'ltr'],
    ['he', {}, 'en', 'ltr'],
    ['he', { title: 'צ׳אט' }, 'en', 'ltr'],
    ['he', everyText, 'he', 'rtl'],
  ])('%s with %j texts of its own: lang=%s dir=%s, in the widget and in the placeholder', (locale, strings, lang, dir) => {
    expect(widgetRoot(locale, strings)).toMatchObject({ lang, dir });
    expect(placeholderRoot(locale, Object.keys(strings).length)).toEqual({ lang, dir });
    expect(uiLanguage(locale, ['sv-SE', 'ar-EG'].includes(locale), Object.keys(strings).length)).toEqual({ lang, dir });
  });

  it('still tells the agent the visitor’s own locale', () => {
    expect(widgetRoot('pt-BR').state.locale).toBe('pt-BR');
  });

  it('gives the placeholder’s texts with their language', () => {
    expect(liteStrings('pt-BR')).toMatchObject({ openChat: 'Open chat', lang: 'en', dir: 'ltr' });
    expect(liteStrings('de-AT')).toMatchObject({ openChat: 'Chat öffnen', lang: 'de-AT' });
  });
});
