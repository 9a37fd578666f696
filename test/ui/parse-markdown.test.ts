import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, type InlineNode } from '../../src/ui/parse-markdown';
import { createImagePolicy, safeLinkUrl } from '../../src/ui/safe-url';

const text = (t: string): InlineNode => ({ type: 'text', text: t });

describe('parseInline', () => {
  it('reads bold, italic and code', () => {
    expect(parseInline('a **b** *c* _d_ `e`')).toEqual([
      text('a '),
      { type: 'strong', children: [text('b')] },
      text(' '),
      { type: 'em', children: [text('c')] },
      text(' '),
      { type: 'em', children: [text('d')] },
      text(' '),
      { type: 'code', text: 'e' },
    ]);
  });

  it('nests emphasis and keeps code literal', () => {
    expect(parseInline('*a **b** c*')).toEqual([
      { type: 'em', children: [text('a '), { type: 'strong', children: [text('b')] }, text(' c')] },
    ]);
    expect(parseInline('`**not bold** <b>`')).toEqual([{ type: 'code', text: '**not bold** <b>' }]);
  });

  it('leaves unpaired delimiters, snake_case and spaced asterisks as text', () => {
    expect(parseInline('2 * 3 * 4')).toEqual([text('2 * 3 * 4')]);
    expect(parseInline('my_var_name')).toEqual([text('my_var_name')]);
    expect(parseInline('**open')).toEqual([text('**open')]);
    expect(parseInline('`open')).toEqual([text('`open')]);
  });

  it('honours backslash escapes', () => {
    expect(parseInline('\\*not em\\*')).toEqual([text('*not em*')]);
  });

  it('turns line breaks into break nodes', () => {
    expect(parseInline('a\nb')).toEqual([text('a'), { type: 'break' }, text('b')]);
  });

  it('links only http, https and mailto, keeping the label of anything else as text', () => {
    expect(parseInline('[docs](https://example.com/a_(b))')).toEqual([
      { type: 'link', href: 'https://example.com/a_(b)', children: [text('docs')] },
    ]);
    expect(parseInline('[x](javascript:alert(1))')).toEqual([text('x')]);
    expect(parseInline('[x](data:text/html,hi)')).toEqual([text('x')]);
    expect(parseInline('[x](/relative)')).toEqual([text('x')]);
    expect(parseInline('[x](//evil.example)')).toEqual([text('x')]);
    expect(parseInline('[mail](mailto:help@example.com)')).toEqual([
      { type: 'link', href: 'mailto:help@example.com', children: [text('mail')] },
    ]);
    expect(parseInline('see [1] and [docs](https://e.com)')).toEqual([
      text('see [1] and '),
      { type: 'link', href: 'https://e.com/', children: [text('docs')] },
    ]);
  });

  it('autolinks bare and bracketed URLs without swallowing punctuation', () => {
    expect(parseInline('Go to https://example.com/x.')).toEqual([
      text('Go to '),
      { type: 'link', href: 'https://example.com/x', children: [text('https://example.com/x')] },
      text('.'),
    ]);
    expect(parseInline('(see https://example.com/a)')).toEqual([
      text('(see '),
      { type: 'link', href: 'https://example.com/a', children: [text('https://example.com/a')] },
      text(')'),
    ]);
    expect(parseInline('<https://example.com>')).toEqual([
      { type: 'link', href: 'https://example.com/', children: [text('https://example.com')] },
    ]);
    expect(parseInline('<javascript:alert(1)>')).toEqual([text('<javascript:alert(1)>')]);
    expect(parseInline('xhttps://example.com')).toEqual([text('xhttps://example.com')]);
  });

  it('does not put links inside links', () => {
    expect(parseInline('[see https://a.example](https://b.example)')).toEqual([
      { type: 'link', href: 'https://b.example/', children: [text('see https://a.example')] },
    ]);
  });

  it('stays fast on hostile input', () => {
    const hostile = '*a '.repeat(6000) + '['.repeat(6000) + '`'.repeat(3000) + '_x'.repeat(3000);
    const started = performance.now();
    parseMarkdown(hostile);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('parseMarkdown', () => {
  it('splits paragraphs and lists', () => {
    expect(parseMarkdown('Hello\nthere\n\n- one\n- **two**\n  continued\n1. first\n2. second\nafter')).toEqual([
      { type: 'paragraph', children: [text('Hello'), { type: 'break' }, text('there')] },
      {
        type: 'list',
        ordered: false,
        start: 1,
        items: [[text('one')], [{ type: 'strong', children: [text('two')] }, { type: 'break' }, text('continued')]],
      },
      { type: 'list', ordered: true, start: 1, items: [[text('first')], [text('second')]] },
      { type: 'paragraph', children: [text('after')] },
    ]);
  });

  it('keeps the start number of an ordered list', () => {
    expect(parseMarkdown('3. three\n4. four')[0]).toMatchObject({ type: 'list', ordered: true, start: 3 });
  });

  it('treats HTML as text', () => {
    expect(parseMarkdown('<script>alert(1)</script>')).toEqual([{ type: 'paragraph', children: [text('<script>alert(1)</script>')] }]);
  });

  it('shows very long texts as plain text', () => {
    const long = '**x** '.repeat(5000);
    expect(parseMarkdown(long)).toEqual([{ type: 'paragraph', children: [text(long)] }]);
  });
});

describe('URL policies', () => {
  it('accepts only absolute http, https and mailto links', () => {
    expect(safeLinkUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(safeLinkUrl('HTTP://EXAMPLE.com')).toBe('http://example.com/');
    for (const bad of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '/path', 'https:', 'java\tscript:x']) {
      expect(safeLinkUrl(bad), bad).toBeUndefined();
    }
  });

  it('loads images only over https from allowed origins', () => {
    const allows = createImagePolicy(['https://cdn.example.com']);
    expect(allows('https://cdn.example.com/a.png')).toBe(true);
    expect(allows('https://cdn.example.com.evil.net/a.png')).toBe(false);
    expect(allows('http://cdn.example.com/a.png')).toBe(false);
    expect(allows('https://user:pw@cdn.example.com/a.png')).toBe(false);
    expect(createImagePolicy([])('https://cdn.example.com/a.png')).toBe(false);
    expect(createImagePolicy(['https:'])('https://any.example/a.png')).toBe(true);
    expect(createImagePolicy(['https:'])('data:image/png;base64,AAAA')).toBe(false);
  });
});
