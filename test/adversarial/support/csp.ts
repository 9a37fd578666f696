/**
 * The Content-Security-Policy SECURITY.md recommends, built from the origins a
 * transport talks to. The host-page browser tests serve exactly this header, and
 * security-doc.test.ts checks that SECURITY.md prints exactly this policy.
 */

export interface CspOrigins {
  /** Origins in `connect-src`: the bot's and the desk's (REST/SSE: `https://…`; WebSocket: `wss://…`). */
  connect: readonly string[];
  /** The `imageOrigins` option; none: `'none'`. */
  images?: readonly string[];
}

/**
 * The strict policy the widget works under: scripts and styles from the site itself,
 * no inline code, connections only to the backends, Trusted Types enforced.
 *
 * @example documentedCsp({ connect: ['https://bot.example.com'] })
 */
export function documentedCsp({ connect, images = [] }: CspOrigins): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${images.length ? images.join(' ') : "'none'"}`,
    `connect-src ${connect.length ? connect.join(' ') : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}
