const TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/**
 * The visitor's language: the page's `<html lang>` first (the site knows what
 * language the page is in), then the browser's, then English.
 *
 * @example
 * pageLocale(document, navigator) // 'sv-SE' on <html lang="sv-SE">
 */
export function pageLocale(doc: Document, nav: { language?: string } | undefined): string {
  for (const candidate of [doc.documentElement?.getAttribute('lang'), nav?.language]) {
    const tag = candidate?.trim().replace(/_/g, '-');
    if (tag && TAG.test(tag)) return tag;
  }
  return 'en';
}
