// @vitest-environment happy-dom
/**
 * Property-based tests of the Markdown renderer (parse-markdown.ts + Markdown.tsx) on
 * arbitrary input built from the pieces attacks are made of: whatever the text, and
 * however it is split into streamed chunks, the output holds only the allowed
 * elements, only http(s)/mailto links, no image, and streaming ends exactly where a
 * one-shot render does. Parsing stays linear on pathological input.
 */
import fc from 'fast-check';
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import type { Chat } from '../../src/core/chat';
import { catalogueFor } from '../../src/i18n/catalogues';
import { formatString } from '../../src/core/format-string';
import { Markdown } from '../../src/ui/Markdown';
import { parseMarkdown, type BlockNode, type InlineNode } from '../../src/ui/parse-markdown';
import { UiContext, type UiContextValue } from '../../src/ui/ui-context';
import { MARKDOWN_COST_CASES } from './cases/cost-cases';
import { scanForUnsafe } from './support/scan-dom';

const { strings } = catalogueFor('en');
const ui: UiContextValue = {
  chat: {} as Chat,
  t: (key, params) => formatString(strings[key], params),
  allowsImage: () => false,
  formatTime: () => '',
  mode: 'inline',
};

/** The pieces hostile Markdown is made of. */
const TOKENS = [
  '[', ']', '(', ')', '](', '<', '>', '!', '![', '*', '**', '_', '__', '`', '``', '\\', '"', "'", ' ', '\t', '\n', '\n\n', '\r\n',
  '- ', '1. ', '  ', '#', '&', '&#106;', '&#x09;', '%0a', '%3A', ':', '//', '@', '?', '=',
  'javascript:', 'JaVaScRiPt:', 'java\tscript:', 'vbscript:', 'data:', 'data:text/html,', 'file:', 'mailto:', 'http:', 'https:', 'https://',
  'ok.example', 'evil.example/x.png', '<script>', '</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<a href="javascript:x">',
  ' onmouseover=', 'alert(1)', '\u0000', '\u0001', '\u00a0', '\u2028', '\u202e', '\u200b', '\ufeff', '\ud800', '\udc00', 'ｊ', 'é', '👋',
];

/** Link targets made of schemes (safe, unsafe and disguised) and URL pieces. */
const TARGET_PARTS = [
  'javascript:', 'JaVaScRiPt:', ' javascript:', 'java\tscript:', 'java\nscript:', '\u0001javascript:', '\u2028javascript:', 'jav&#x61;script:',
  'vbscript:', 'data:', 'data:text/html,', 'DATA:image/svg+xml,', 'file:', 'mailto:', 'http:', 'https:', 'https://', 'http://', '//',
  'ok.example', 'evil.example', '/x.png', 'alert(1)', 'a(b)c', '%0a', '%3A', '?q=1', '#frag', '@', ' "title"', " 'title'", '<', '>', ')', '(',
];
const target = fc.array(fc.constantFrom(...TARGET_PARTS), { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('', '!', '\\'), fc.constantFrom('x', 'Track', '**b**', '[a](https://ok.example)', '`c`', ''), target).map(([bang, label, t]) => `${bang}[${label}](${t})`) },
  { weight: 1, arbitrary: target.map((t) => `<${t}>`) },
  { weight: 1, arbitrary: target },
);
/** Arbitrary text built from the pieces hostile Markdown is made of. */
const soup = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));

const ALLOWED_NODES = new Set(['text', 'strong', 'em', 'code', 'link', 'break']);

/** An independent check of a link target: absolute http(s) with a host, or mailto, nothing hidden. */
function isSafeHref(href: string): boolean {
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(href)) return false;
  try {
    const url = new URL(href);
    if (url.protocol === 'mailto:') return true;
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 && url.href === href;
  } catch {
    return false;
  }
}

function checkInline(nodes: InlineNode[], problems: string[]): void {
  for (const node of nodes) {
    if (!ALLOWED_NODES.has(node.type)) problems.push(`node ${node.type}`);
    if (node.type === 'link' && !isSafeHref(node.href)) problems.push(`href ${node.href}`);
    if (node.type === 'strong' || node.type === 'em' || node.type === 'link') checkInline(node.children, problems);
  }
}

function treeProblems(blocks: BlockNode[]): string[] {
  const problems: string[] = [];
  for (const block of blocks) {
    if (block.type === 'paragraph') checkInline(block.children, problems);
    else if (block.type === 'list') block.items.forEach((item) => checkInline(item, problems));
    else problems.push(`block ${(block as { type: string }).type}`);
  }
  return problems;
}

const host = document.createElement('div');
document.body.appendChild(host);

function renderText(text: string): string {
  render(
    <UiContext.Provider value={ui}>
      <Markdown text={text} />
    </UiContext.Provider>,
    host,
  );
  return host.innerHTML;
}

describe('the Markdown renderer, for arbitrary input', () => {
  it('parses into allowed nodes only, with only safe link targets', () => {
    fc.assert(
      fc.property(soup, (text) => {
        expect(treeProblems(parseMarkdown(text))).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });

  it('renders only the allowed elements and safe links, and never an image', () => {
    fc.assert(
      fc.property(soup, (text) => {
        renderText(text);
        expect(scanForUnsafe(host, [])).toEqual([]);
        const tags = new Set(Array.from(host.querySelectorAll('*')).map((el) => el.localName));
        for (const tag of tags) expect(['div', 'p', 'br', 'strong', 'em', 'code', 'a', 'span', 'ul', 'ol', 'li']).toContain(tag);
      }),
      { numRuns: 500 },
    );
  });

  it('streamed in arbitrary chunks, is safe at every step and ends exactly as a one-shot render', () => {
    const splits = soup.chain((text) =>
      fc.tuple(fc.constant(text), fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, text.length - 1) }), { maxLength: 8 })),
    );
    fc.assert(
      fc.property(splits, ([text, cuts]) => {
        const expected = renderText(text);
        const points = [0, ...cuts.filter((c) => c < text.length).sort((a, b) => a - b), text.length];
        let shown = '';
        for (let i = 1; i < points.length; i++) {
          // The core appends each delta to what is there; the widget re-renders the whole text.
          shown += text.slice(points[i - 1], points[i]);
          renderText(shown);
          expect(scanForUnsafe(host, [])).toEqual([]);
        }
        expect(shown).toBe(text);
        expect(host.innerHTML).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a link split at every position inside it safe while it streams', () => {
    const link = '[Track your order](javascript:window.__pwned=1) then [real](https://ok.example/a_(b)) and <javascript:x>';
    for (let cut = 1; cut < link.length; cut++) {
      renderText(link.slice(0, cut));
      expect(scanForUnsafe(host, [])).toEqual([]);
      renderText(link);
      expect(scanForUnsafe(host, [])).toEqual([]);
    }
    expect(Array.from(host.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual(['https://ok.example/a_(b)']);
  });
});

describe('parsing cost on pathological input', () => {
  it.each(MARKDOWN_COST_CASES)('%s (100,000 characters) in well under a second', (_name, text) => {
    // Long texts skip Markdown entirely, so also time the longest text that is parsed.
    for (const sample of [text, text.slice(0, 20_000)]) {
      const started = performance.now();
      parseMarkdown(sample);
      expect(performance.now() - started).toBeLessThan(400);
    }
  });
});
