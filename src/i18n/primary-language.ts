/**
 * The primary language subtag of a BCP 47 tag, lower-cased (`_` accepted for `-`).
 * On its own so the loader can use it without pulling in the catalogues.
 *
 * @example
 * primaryLanguage('sv-SE') // 'sv'
 */
export function primaryLanguage(tag: string): string {
  return tag.split(/[-_]/)[0]?.toLowerCase() ?? '';
}
