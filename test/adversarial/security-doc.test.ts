/**
 * SECURITY.md states numbers and a policy; this keeps them true. The adversarial table
 * must list every class with the number of cases its data table really holds and the
 * test files that really run it, and the recommended CSP must be exactly the one the
 * browser tests serve.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_CASES, REST_CASES, SSE_CASES, WS_CASES } from './cases/backend-cases';
import { MARKDOWN_COST_CASES, MASKING_COST_CASES } from './cases/cost-cases';
import { FLOOD_CASES } from './cases/flood-cases';
import { HOST_PAGE_CASES } from './cases/host-page-cases';
import { IMPERSONATION_CASES } from './cases/impersonation-cases';
import { MARKDOWN_CARD_WRAPPERS } from './cases/markdown-card-cases';
import { PRIVACY_CASES } from './cases/privacy-cases';
import { STORAGE_CASES } from './cases/storage-cases';
import { IME_CASES, UNICODE_CASES } from './cases/unicode-cases';
import { PAYLOADS, type PayloadClass } from './payloads';
import { documentedCsp } from './support/csp';
import { TEXT_PATHS } from './support/text-paths';

const DIR = 'test/adversarial';
const doc = readFileSync('SECURITY.md', 'utf8');
const source = (file: string): string => readFileSync(join(DIR, file), 'utf8');
const count = (file: string, pattern: RegExp): number => source(file).match(pattern)?.length ?? 0;
const payloads = (c: PayloadClass): number => PAYLOADS.filter((p) => p.class === c).length;

const TEXT_FILES = ['content.test.tsx', 'content.browser.test.ts', 'agent-console.browser.test.ts'];

/** Every class: how many cases its data holds, which files run them, and what those files must use. */
const ROWS: Array<{ label: string; cases: number; files: string[]; uses: string }> = [
  { label: 'HTML injection', cases: payloads('html'), files: TEXT_FILES, uses: 'PAYLOADS' },
  { label: 'SVG and MathML injection', cases: payloads('svg-mathml'), files: TEXT_FILES, uses: 'PAYLOADS' },
  { label: 'Mutation XSS (DOMPurify bypass history)', cases: payloads('mutation'), files: TEXT_FILES, uses: 'PAYLOADS' },
  { label: 'DOM clobbering names', cases: payloads('clobbering'), files: TEXT_FILES, uses: 'PAYLOADS' },
  { label: 'Markdown links with javascript:/data:/vbscript:, obfuscated', cases: payloads('link-scheme'), files: TEXT_FILES, uses: 'PAYLOADS' },
  { label: 'Images that would leak data on load', cases: payloads('image-leak'), files: TEXT_FILES, uses: 'PAYLOADS' },
  { label: 'Title attribute breakout', cases: payloads('title-breakout'), files: TEXT_FILES, uses: 'PAYLOADS' },
  { label: 'Unicode in message text', cases: payloads('unicode'), files: TEXT_FILES, uses: 'PAYLOADS' },
  { label: 'A bot claiming to be a person, in text', cases: payloads('impersonation'), files: [...TEXT_FILES, 'impersonation.test.tsx'], uses: 'PAYLOADS' },
  { label: 'A bot claiming to be a person, with desk events', cases: IMPERSONATION_CASES.length, files: ['impersonation.test.tsx'], uses: 'IMPERSONATION_CASES' },
  { label: 'Unicode in names, hidden card digits, huge and broken text', cases: UNICODE_CASES.length, files: ['unicode.test.tsx'], uses: 'UNICODE_CASES' },
  { label: 'IME composition', cases: IME_CASES.length, files: ['unicode.test.tsx'], uses: 'IME_CASES' },
  {
    label: 'Malformed backend responses (REST, SSE, WebSocket, real servers)',
    cases: EVENT_CASES.length * 3 + REST_CASES.length + SSE_CASES.length + WS_CASES.length,
    files: ['backend.test.ts'],
    uses: 'EVENT_CASES',
  },
  { label: 'Storage that fails, lies or is hostile', cases: STORAGE_CASES.length, files: ['storage.test.tsx'], uses: 'STORAGE_CASES' },
  { label: 'Hostile host pages, CSP per transport (Chromium)', cases: HOST_PAGE_CASES.length, files: ['host-page.browser.test.ts'], uses: 'HOST_PAGE_CASES' },
  { label: 'Flooding and leaks', cases: FLOOD_CASES.length, files: ['flooding.test.tsx'], uses: 'FLOOD_CASES' },
  { label: 'Identity and privacy', cases: PRIVACY_CASES.length, files: ['privacy.test.ts'], uses: 'PRIVACY_CASES' },
  { label: 'Markdown renderer, property-based', cases: count('markdown.property.test.tsx', /\bit\(/g), files: ['markdown.property.test.tsx'], uses: 'fc.assert' },
  { label: 'Card numbers inside Markdown, property-based', cases: MARKDOWN_CARD_WRAPPERS.length, files: ['masking.property.test.ts'], uses: 'MARKDOWN_CARD_WRAPPERS' },
  { label: 'Response validators and SSE parser, property-based', cases: count('validators.property.test.ts', /\bit\(/g), files: ['validators.property.test.ts'], uses: 'fc.assert' },
  {
    label: 'Linear time on pathological input',
    cases: MARKDOWN_COST_CASES.length + MASKING_COST_CASES.length,
    files: ['markdown.property.test.tsx', 'masking.property.test.ts'],
    uses: 'COST_CASES',
  },
  { label: 'Core findings, fixed, kept as regression tests', cases: count('core-findings.test.ts', /\bit\(/g), files: ['core-findings.test.ts'], uses: 'describe(' },
];

/** The rows of the table between the markers, as [label, cases, files]. */
function tableRows(): Array<[string, number, string[]]> {
  const start = doc.indexOf('<!-- adversarial-table:start -->');
  const end = doc.indexOf('<!-- adversarial-table:end -->');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return doc
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| class') && !line.startsWith('|---'))
    .map((line) => {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      const files = [...(cells[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
      return [cells[0] as string, Number(cells[1]), files];
    });
}

describe('SECURITY.md', () => {
  it('lists every adversarial class with the number of cases its data holds and the files that run them', () => {
    expect(tableRows()).toEqual(ROWS.map((r) => [r.label, r.cases, r.files]));
  });

  it('names only files that exist and really use the data they are counted from', () => {
    for (const row of ROWS) {
      for (const file of row.files) {
        expect(existsSync(join(DIR, file)), file).toBe(true);
        expect(source(file), `${file} should use ${row.uses}`).toContain(row.uses);
      }
    }
  });

  it('states the corpus size and the number of text paths truthfully', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(60);
    expect(doc).toContain(`**${PAYLOADS.length} hostile texts**`);
    expect(doc).toContain(`**${TEXT_PATHS.length} paths**`);
    const total = ROWS.reduce((n, r) => n + r.cases, 0);
    expect(doc).toContain(`**${total} cases** in all`);
  });

  it('prints exactly the CSP the host-page tests serve', () => {
    expect(doc).toContain(`Content-Security-Policy: ${documentedCsp({ connect: ['https://bot.example.com', 'wss://desk.example.com'], images: ['https://cdn.example.com'] })}`);
    expect(doc).toContain(documentedCsp({ connect: ['https://bot.example.com'] }));
  });

  it('gives a security contact and the private advisory route', () => {
    expect(doc).toContain('security@handoff-chat.example');
    expect(doc).toMatch(/private (vulnerability reporting|security advisor)/i);
  });
});
