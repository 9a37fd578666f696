/**
 * The Markdown a pasted card number can hide in. `masking.property.test.ts` checks the
 * masker finds a Luhn-valid number, in any grouping, inside each of them.
 */
export const MARKDOWN_CARD_WRAPPERS: ReadonlyArray<readonly [where: string, wrap: (card: string) => string]> = [
  ['link text', (c) => `[${c}](https://pay.example/)`],
  ['link target', (c) => `[pay](https://pay.example/?card=${c})`],
  ['link target path', (c) => `[pay](https://pay.example/cards/${c}/charge)`],
  ['autolink', (c) => `<https://pay.example/${c}>`],
  ['code span', (c) => `\`${c}\``],
  ['strong', (c) => `**${c}**`],
  ['emphasis', (c) => `_${c}_`],
  ['list item', (c) => `- ${c}\n- next`],
  ['numbered list item', (c) => `1. ${c}`],
  ['escaped brackets', (c) => `\\[${c}\\]`],
  ['end of a sentence', (c) => `It is ${c}.`],
  ['inside parentheses', (c) => `(${c})`],
];
