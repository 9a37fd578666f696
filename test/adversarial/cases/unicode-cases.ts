/**
 * Unicode that hides, reorders, breaks or floods: bidi controls in names and links,
 * card numbers disguised with invisible characters or other digit scripts, lone
 * surrogates, combining-mark floods, 100,000-character words, 5,000 newlines, and IME
 * composition. `unicode.test.tsx` runs them; payloads.ts has more in class `unicode`.
 */

export type UnicodeCase =
  /** An agent's name and title with bidi controls: they must not reorder the widget's sentences. */
  | { name: string; kind: 'agent-name'; agentName: string; visible: string }
  /** A card number the customer types, disguised: it must be masked wherever it leaves the screen. */
  | { name: string; kind: 'card'; text: string; digits: string }
  /** Text from the bot that is expensive to render: shown whole, fast. */
  | { name: string; kind: 'bot-text'; text: string; budgetMs: number }
  /** Text the customer types: shown or refused, never cut, and it survives a reload. */
  | { name: string; kind: 'customer-text'; text: string; maxLength?: number; refused?: boolean };

const CARD = '4242424242424242';
const fullWidth = (s: string): string => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const arabicIndic = (s: string): string => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
const mathBold = (s: string): string => s.replace(/\d/g, (d) => String.fromCodePoint(0x1d7ce + Number(d)));

export const UNICODE_CASES: readonly UnicodeCase[] = [
  { name: 'right-to-left override in an agent name', kind: 'agent-name', agentName: '\u202Exela', visible: 'xela' },
  { name: 'embedding, isolate and override left open in a name', kind: 'agent-name', agentName: 'Ana\u202B\u2067\u202D', visible: 'Ana' },
  { name: 'an Arabic name keeps its letters', kind: 'agent-name', agentName: 'سارة', visible: 'سارة' },
  { name: 'card digits split by zero-width spaces', kind: 'card', text: `my card ${CARD.replace(/(\d{4})(?=\d)/g, '$1\u200B')} thanks`, digits: CARD },
  { name: 'card digits joined by zero-width joiners and soft hyphens', kind: 'card', text: `card:${[...CARD].join('\u200D\u00AD')}`, digits: CARD },
  { name: 'full-width card digits', kind: 'card', text: `カード ${fullWidth('4242 4242 4242 4242')}`, digits: CARD },
  { name: 'Arabic-Indic card digits with bidi marks', kind: 'card', text: `بطاقتي \u200F${arabicIndic(CARD)}\u200F`, digits: CARD },
  { name: 'mathematical bold card digits', kind: 'card', text: `no ${mathBold(CARD)}`, digits: CARD },
  { name: 'card digits inside a markdown link the customer pasted', kind: 'card', text: `[${CARD}](https://pay.example/?c=${CARD})`, digits: CARD },
  { name: 'lone surrogates', kind: 'customer-text', text: 'half \uD800 pair \uDFFF end' },
  { name: 'a combining-mark flood', kind: 'bot-text', text: `a${'\u0301'.repeat(10_000)} b${'\u0489'.repeat(5_000)}`, budgetMs: 1500 },
  { name: 'a 100,000-character word from the bot', kind: 'bot-text', text: 'A'.repeat(100_000), budgetMs: 1500 },
  { name: '5,000 newlines from the bot', kind: 'bot-text', text: `top${'\n'.repeat(5_000)}bottom`, budgetMs: 1500 },
  { name: 'a 100,000-character word from the customer is refused, not cut', kind: 'customer-text', text: 'B'.repeat(100_000), refused: true },
  { name: '5,000 newlines from the customer', kind: 'customer-text', text: `first${'\n'.repeat(5_000)}last`, maxLength: 20_000 },
];

/** IME composition: Enter that confirms a composition must never send. */
export interface ImeCase {
  name: string;
  /** The key events, in order, with the composition state the browser reports. */
  steps: Array<'compositionstart' | 'compositionend' | { key: 'Enter'; isComposing?: boolean; keyCode?: number }>;
  /** Whether the message must have been sent at the end. */
  sends: boolean;
}

export const IME_CASES: readonly ImeCase[] = [
  { name: 'Enter while composing (isComposing)', steps: ['compositionstart', { key: 'Enter', isComposing: true }], sends: false },
  { name: 'Enter while composing, reported without isComposing', steps: ['compositionstart', { key: 'Enter' }], sends: false },
  { name: 'Safari\'s Enter right after the composition ends (keyCode 229)', steps: ['compositionstart', 'compositionend', { key: 'Enter', keyCode: 229 }], sends: false },
  { name: 'Enter after the composition is over', steps: ['compositionstart', 'compositionend', { key: 'Enter' }], sends: true },
];
