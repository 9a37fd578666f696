const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The URL to put in a link's `href`, or `undefined` when it must not become a link:
 * only absolute `http:`, `https:` and `mailto:` URLs pass (no `javascript:`, `data:`,
 * relative or protocol-relative URLs).
 *
 * @example
 * safeLinkUrl('https://example.com/a b') // 'https://example.com/a%20b'
 * safeLinkUrl('javascript:alert(1)') // undefined
 */
export function safeLinkUrl(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (!trimmed || /[\u0000-\u001f]/.test(trimmed)) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (!LINK_PROTOCOLS.has(url.protocol)) return undefined;
  if (url.protocol !== 'mailto:' && !url.hostname) return undefined;
  return url.href;
}

/**
 * Decides which images may load. Only `https:` URLs ever do, and only from the
 * allowed origins; the entry `"https:"` allows every `https:` origin. Everything
 * else is shown as a link, so no third-party request happens without the site's consent.
 *
 * @example
 * const allows = createImagePolicy(['https://cdn.example.com'])
 * allows('https://cdn.example.com/a.png') // true
 * allows('http://cdn.example.com/a.png') // false
 */
export function createImagePolicy(origins: readonly string[]): (url: string) => boolean {
  const any = origins.includes('https:');
  const allowed = new Set(origins);
  return (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.protocol !== 'https:' || url.username || url.password) return false;
    return any || allowed.has(url.origin);
  };
}
