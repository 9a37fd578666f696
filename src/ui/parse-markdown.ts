import { safeLinkUrl } from './safe-url.js';

/**
 * A deliberately small Markdown subset for bot and agent messages: **bold**,
 * *italic* / _italic_, `code`, bullet and numbered lists, line breaks, and links
 * (`[text](url)`, `<url>` and bare `https://…`) limited to http, https and mailto.
 * It produces a tree of plain data that `Markdown.tsx` turns into elements; nothing
 * is ever parsed as HTML, so `<script>` in a message stays visible text.
 */

/** An inline piece of a message. */
export type InlineNode =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: InlineNode[] }
  | { type: 'em'; children: InlineNode[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: InlineNode[] }
  | { type: 'break' };

/** A block of a message. */
export type BlockNode =
  | { type: 'paragraph'; children: InlineNode[] }
  | { type: 'list'; ordered: boolean; start: number; items: InlineNode[][] };

/** Longer texts are shown as plain text: the parser stays linear-time on what it accepts. */
const MAX_MARKDOWN_LENGTH = 20000;
const MAX_DEPTH = 4;
const ESCAPABLE = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;
const BULLET = /^ {0,3}[-*+][ \t]+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)][ \t]+(.*)$/;

/**
 * Parses a message into blocks.
 *
 * @example
 * parseMarkdown('Hi **there**\n- one\n- two')
 * // [{ type: 'paragraph', children: [text 'Hi ', strong 'there'] }, { type: 'list', ordered: false, ... }]
 */
export function parseMarkdown(source: string): BlockNode[] {
  const text = source.replace(/\r\n?/g, '\n');
  if (text.length > MAX_MARKDOWN_LENGTH) return [{ type: 'paragraph', children: plainInline(text) }];
  const blocks: BlockNode[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; start: number; items: string[] } | undefined;

  const flushParagraph = (): void => {
    if (paragraph.length) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
    paragraph = [];
  };
  const flushList = (): void => {
    if (list) blocks.push({ type: 'list', ordered: list.ordered, start: list.start, items: list.items.map((i) => parseInline(i)) });
    list = undefined;
  };

  for (const line of text.split('\n')) {
    if (!line.trim()) {
      flushParagraph();
      flushList();
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    if (bullet || ordered) {
      flushParagraph();
      const isOrdered = Boolean(ordered);
      if (!list || list.ordered !== isOrdered) {
        flushList();
        list = { ordered: isOrdered, start: ordered ? Number(ordered[1]) : 1, items: [] };
      }
      list.items.push((bullet ? bullet[1] : (ordered as RegExpExecArray)[2]) ?? '');
      continue;
    }
    if (list && /^[ \t]{2,}\S/.test(line)) {
      // An indented line continues the previous list item.
      list.items[list.items.length - 1] += `\n${line.trim()}`;
      continue;
    }
    flushList();
    paragraph.push(line);
  }
  flushParagraph();
  flushList();
  return blocks;
}

function plainInline(text: string): InlineNode[] {
  const out: InlineNode[] = [];
  text.split('\n').forEach((part, i) => {
    if (i > 0) out.push({ type: 'break' });
    if (part) out.push({ type: 'text', text: part });
  });
  return out;
}

/**
 * Parses inline Markdown. Delimiters without a partner stay as text. Each kind of
 * opener remembers when it found no closer, so a text full of stray `*` stays linear.
 */
export function parseInline(src: string, depth = 0, inLink = false): InlineNode[] {
  const out: InlineNode[] = [];
  const noCloser = new Set<string>();
  let text = '';
  const pushText = (): void => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  const push = (node: InlineNode): void => {
    pushText();
    out.push(node);
  };

  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    const next = src[i + 1];

    if (ch === '\\' && next !== undefined && ESCAPABLE.test(next)) {
      text += next;
      i += 2;
      continue;
    }
    if (ch === '\n') {
      push({ type: 'break' });
      i++;
      continue;
    }
    if (ch === '`') {
      const run = runLength(src, i, '`');
      const key = `\`${run}`;
      const close = noCloser.has(key) ? -1 : findCodeClose(src, i + run, run);
      if (close < 0) {
        noCloser.add(key);
        text += '`'.repeat(run);
        i += run;
        continue;
      }
      let code = src.slice(i + run, close).replace(/\n/g, ' ');
      if (code.length > 1 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
      push({ type: 'code', text: code });
      i = close + run;
      continue;
    }
    if (ch === '[' && !inLink && depth < MAX_DEPTH && !noCloser.has('[')) {
      const link = matchLink(src, i, depth);
      if (link === 'unclosed') noCloser.add('[');
      else if (link) {
        if (link.href) push({ type: 'link', href: link.href, children: link.children });
        else {
          pushText();
          out.push(...link.children);
        }
        i = link.end;
        continue;
      }
    }
    if (ch === '<' && !inLink) {
      const auto = /^<((?:https?|mailto):[^\s<>]+)>/i.exec(src.slice(i, i + 2048));
      const href = auto ? safeLinkUrl(auto[1] as string) : undefined;
      if (auto && href) {
        push({ type: 'link', href, children: [{ type: 'text', text: auto[1] as string }] });
        i += auto[0].length;
        continue;
      }
    }
    if ((ch === 'h' || ch === 'H') && !inLink && (i === 0 || !WORD.test(src[i - 1] as string))) {
      const bare = matchBareUrl(src, i);
      if (bare) {
        push({ type: 'link', href: bare.href, children: [{ type: 'text', text: bare.text }] });
        i += bare.text.length;
        continue;
      }
    }
    if ((ch === '*' || ch === '_') && depth < MAX_DEPTH) {
      const emphasis = matchEmphasis(src, i, ch, depth, inLink, noCloser);
      if (emphasis) {
        push(emphasis.node);
        i = emphasis.end;
        continue;
      }
      const run = runLength(src, i, ch);
      text += ch.repeat(run);
      i += run;
      continue;
    }
    text += ch;
    i++;
  }
  pushText();
  return out;
}

function runLength(src: string, at: number, ch: string): number {
  let n = 0;
  while (src[at + n] === ch) n++;
  return n;
}

function findCodeClose(src: string, from: number, run: number): number {
  let at = src.indexOf('`', from);
  while (at >= 0) {
    const n = runLength(src, at, '`');
    if (n === run) return at;
    at = src.indexOf('`', at + n);
  }
  return -1;
}

/**
 * `[label](url)`. An unsafe URL keeps the label and drops the link (`href` undefined);
 * `'unclosed'` means no `]` follows at all, so later `[` need not look again.
 */
function matchLink(
  src: string,
  at: number,
  depth: number,
): { href: string | undefined; children: InlineNode[]; end: number } | 'unclosed' | undefined {
  let level = 0;
  let close = -1;
  // Labels are short; bounding the scan keeps a text full of "[" linear.
  const limit = Math.min(src.length, at + 1024);
  for (let j = at; j < limit; j++) {
    const c = src[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '[') level++;
    else if (c === ']' && --level === 0) {
      close = j;
      break;
    }
  }
  if (close < 0) return src.indexOf(']', at) < 0 ? 'unclosed' : undefined;
  if (src[close + 1] !== '(') return undefined;
  const target = /^\(\s*<?([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)>?(?:\s+"[^"]*")?\s*\)/.exec(src.slice(close + 1, close + 2050));
  if (!target) return undefined;
  const children = parseInline(src.slice(at + 1, close), depth + 1, true);
  const end = close + 1 + target[0].length;
  return { href: safeLinkUrl(target[1] as string), children, end };
}

function matchBareUrl(src: string, at: number): { href: string; text: string } | undefined {
  const m = /^https?:\/\/[^\s<>]+/i.exec(src.slice(at, at + 2048));
  if (!m) return undefined;
  let text = m[0];
  // Trailing punctuation belongs to the sentence, and a ")" only to the URL when it opened one.
  for (;;) {
    const last = text[text.length - 1] as string;
    if (/[.,:;!?'"*_]/.test(last)) text = text.slice(0, -1);
    else if (last === ')' && (text.match(/\(/g)?.length ?? 0) < (text.match(/\)/g)?.length ?? 0)) text = text.slice(0, -1);
    else break;
  }
  const href = safeLinkUrl(text);
  return href && text.length > 'https://'.length ? { href, text } : undefined;
}

function matchEmphasis(
  src: string,
  at: number,
  ch: '*' | '_',
  depth: number,
  inLink: boolean,
  noCloser: Set<string>,
): { node: InlineNode; end: number } | undefined {
  const run = runLength(src, at, ch);
  const size = run >= 2 ? 2 : 1;
  const key = `${ch}${size}`;
  if (run > 2 || noCloser.has(key)) return undefined;
  const after = src[at + size];
  if (after === undefined || /\s/.test(after)) return undefined;
  // Underscores inside words (snake_case) are not emphasis.
  if (ch === '_' && at > 0 && WORD.test(src[at - 1] as string)) return undefined;

  let j = src.indexOf(ch, at + size);
  while (j >= 0) {
    const n = runLength(src, j, ch);
    const before = src[j - 1] as string;
    const following = src[j + n];
    const closes =
      n === size &&
      j > at + size &&
      !/\s/.test(before) &&
      !(ch === '_' && following !== undefined && WORD.test(following));
    if (closes) {
      const children = parseInline(src.slice(at + size, j), depth + 1, inLink);
      return { node: { type: size === 2 ? 'strong' : 'em', children }, end: j + size };
    }
    j = src.indexOf(ch, j + n);
  }
  noCloser.add(key);
  return undefined;
}
