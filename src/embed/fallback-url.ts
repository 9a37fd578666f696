const SCHEMES = new Set(['https:', 'http:', 'mailto:', 'tel:']);

/**
 * The contact link shown when the chat cannot load (`data-fallback-url`), resolved
 * against the page, or `undefined` when it is not a safe link: only `https:`,
 * `http:`, `mailto:` and `tel:` pass (never `javascript:` or `data:`).
 *
 * @example
 * fallbackUrl('mailto:help@example.com', location.href) // 'mailto:help@example.com'
 * fallbackUrl('/contact', 'https://shop.example/cart') // 'https://shop.example/contact'
 * fallbackUrl('javascript:alert(1)', location.href) // undefined
 */
export function fallbackUrl(raw: string | null | undefined, base: string): string | undefined {
  const trimmed = raw?.trim();
  if (!trimmed || /[\u0000-\u001f]/.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed, base);
    return SCHEMES.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}
