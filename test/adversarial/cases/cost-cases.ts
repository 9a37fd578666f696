/**
 * Pathological input for the two scanners of untrusted text, the Markdown parser and
 * the masker: each must stay linear (`markdown.property.test.tsx`, `masking.property.test.ts`).
 */

const N = 100_000;

/** 100,000 characters that would make a backtracking Markdown parser quadratic. */
export const MARKDOWN_COST_CASES: ReadonlyArray<readonly [name: string, text: string]> = [
  ['opening brackets', '['.repeat(N)],
  ['unclosed links', '[a]('.repeat(N / 4)],
  ['nested brackets', '[['.repeat(N / 4) + ']]'.repeat(N / 4)],
  ['stray asterisks', '*a'.repeat(N / 2)],
  ['underscore runs', '_a_ _'.repeat(N / 5)],
  ['backtick runs', '` `` ```'.repeat(N / 9)],
  ['autolink starts', '<http://'.repeat(N / 8)],
  ['bare URL starts', 'https://'.repeat(N / 8)],
  ['escapes', '\\*'.repeat(N / 2)],
  ['list markers', '- '.repeat(N / 2)],
];

/** Units repeated to 100,000 characters: Markdown-shaped text full of digits, for the masker. */
export const MASKING_COST_CASES: ReadonlyArray<readonly [name: string, unit: string]> = [
  ['link openers with digits', '[4'],
  ['link targets with digits', '](4'],
  ['code spans of digit groups', '`4242 '],
  ['emphasis around digits', '**4_'],
  ['URLs full of digits', 'https://x/4242?c=4'],
  ['list items of digit groups', '- 4242 4242\n'],
];
