import { primaryLanguage } from './primary-language.js';

/** Languages written right to left (primary subtags). */
const RTL = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

/**
 * The writing direction of a language tag.
 *
 * @example
 * textDirection('ar-EG') // 'rtl'
 * textDirection('sv') // 'ltr'
 */
export function textDirection(tag: string): 'ltr' | 'rtl' {
  return RTL.has(primaryLanguage(tag)) ? 'rtl' : 'ltr';
}
