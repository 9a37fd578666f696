import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, catalogueFor } from '../../src/i18n/catalogues';
import { en } from '../../src/i18n/en';
import { formatString } from '../../src/core/format-string';
import { normalizeStrings } from '../../src/i18n/normalize-strings';
import { textDirection } from '../../src/i18n/text-direction';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(Object.entries(CATALOGUES))('the %s catalogue', (_lang, strings) => {
  it('has every text, none empty, with the same placeholders as English', () => {
    expect(Object.keys(strings).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(strings)) {
      expect(value.trim(), key).not.toBe('');
      expect(placeholders(value), key).toEqual(placeholders(en[key as keyof typeof en]));
    }
  });
});

it('has no text the UI never shows', () => {
  const dir = new URL('../../src/ui/', import.meta.url);
  // The system lines' keys are chosen in the core, next to their English (src/core/notice-texts.ts).
  const source = readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => readFileSync(new URL(f, dir), 'utf8'))
    .concat(readFileSync(new URL('../../src/core/notice-texts.ts', import.meta.url), 'utf8'))
    .join('\n');
  const unused = Object.keys(en).filter((key) => {
    if (/^rating[1-5]$/.test(key)) return !source.includes('t(`rating${n}`)');
    return !source.includes(`'${key}'`) && !source.includes(`strings.${key}`);
  });
  expect(unused).toEqual([]);
});

describe('locale resolution', () => {
  it('matches the primary language and falls back to English', () => {
    expect(catalogueFor('sv-SE').language).toBe('sv');
    expect(catalogueFor('DE').language).toBe('de');
    expect(catalogueFor('pt-BR').language).toBe('en');
    expect(catalogueFor('ar-EG').strings.talkToHuman).toBe('التحدث مع شخص');
  });

  it('knows which languages are written right to left', () => {
    expect(textDirection('ar')).toBe('rtl');
    expect(textDirection('he-IL')).toBe('rtl');
    expect(textDirection('fr-CA')).toBe('ltr');
  });
});

describe('texts', () => {
  it('fill placeholders and leave unknown ones visible', () => {
    expect(formatString('You are number {position} in the queue', { position: 3 })).toBe('You are number 3 in the queue');
    expect(formatString('Hi {nmae}', { name: 'x' })).toBe('Hi {nmae}');
  });

  it('can be overridden, and a misspelt override is named', () => {
    expect(normalizeStrings({ talkToHuman: 'Talk to our team' })).toEqual({ talkToHuman: 'Talk to our team' });
    expect(() => normalizeStrings({ talkToHumn: 'x' })).toThrow(/strings\.talkToHumn/);
    expect(() => normalizeStrings({ talkToHuman: '' })).toThrow(/strings\.talkToHuman/);
    expect(() => normalizeStrings({ talkToHuman: 3 })).toThrow(/strings\.talkToHuman/);
    expect(() => normalizeStrings(['x'])).toThrow(/"strings"/);
  });
});
