/**
 * Identity and privacy under pressure: tokens that must never reach a URL or storage,
 * a consent switch that must stop every write, shared browsers where one person must
 * never see another's conversation, and masking that must hold wherever text is kept.
 * `privacy.test.ts` runs them.
 */
export type PrivacyCase =
  | { name: string; kind: 'token-not-in-url'; transport: 'rest' | 'sse' | 'websocket' | 'handoff-http' }
  | { name: string; kind: 'token-never-kept' }
  | { name: string; kind: 'consent-off' }
  | { name: string; kind: 'consent-withdrawn' }
  | { name: string; kind: 'other-customer-at-load' }
  | { name: string; kind: 'other-customer-identified' }
  | { name: string; kind: 'logout' }
  | { name: string; kind: 'masked-at-rest' };

export const PRIVACY_CASES: readonly PrivacyCase[] = [
  { name: 'the identity token never appears in a REST URL', kind: 'token-not-in-url', transport: 'rest' },
  { name: 'the identity token never appears in an SSE URL', kind: 'token-not-in-url', transport: 'sse' },
  { name: 'the identity token never appears in a WebSocket URL', kind: 'token-not-in-url', transport: 'websocket' },
  { name: 'the identity token never appears in a handoff hub URL (HTTP mode)', kind: 'token-not-in-url', transport: 'handoff-http' },
  { name: 'the identity token is never stored, broadcast in a transcript, or kept after logout', kind: 'token-never-kept' },
  { name: 'without consent nothing is written, through a whole conversation with a person', kind: 'consent-off' },
  { name: 'withdrawing consent mid-conversation removes what was stored and stops writing', kind: 'consent-withdrawn' },
  { name: 'a page load for another customer never shows the previous one\'s conversation', kind: 'other-customer-at-load' },
  { name: 'identifying another customer wipes the previous conversation everywhere', kind: 'other-customer-identified' },
  { name: 'logout wipes conversation, outbox, draft and token, and ignores the old connections', kind: 'logout' },
  { name: 'a card number is masked in every stored field: messages, quick replies, notes, ratings', kind: 'masked-at-rest' },
];
