// @vitest-environment happy-dom
/**
 * The DOM check every adversarial case ends with must itself be able to fail: each
 * kind of injection it exists to catch is planted here and must be reported.
 */
import { describe, expect, it } from 'vitest';
import { scanForUnsafe } from './support/scan-dom';

function scan(html: string, origins: string[] = []): string[] {
  const root = document.createElement('div');
  // Test fixture only: the scanner's input is made from known HTML on purpose.
  root.innerHTML = html;
  return scanForUnsafe(root, origins);
}

const PLANTED: Array<[string, string, RegExp]> = [
  ['a script element', '<p>hi</p><script>x</script>', /element <script>/],
  ['an iframe', '<iframe src="https://evil.example"></iframe>', /element <iframe>/],
  ['an event handler', '<p onclick="x()">hi</p>', /event handler attribute onclick/],
  ['a javascript: link', '<a href="javascript:alert(1)" target="_blank" rel="noopener noreferrer">x</a>', /unsafe link/],
  ['a data: link', '<a href="data:text/html,x" target="_blank" rel="noopener noreferrer">x</a>', /unsafe link/],
  ['a relative link', '<a href="/account" target="_blank" rel="noopener noreferrer">x</a>', /unsafe link/],
  ['a link that keeps the opener', '<a href="https://ok.example/">x</a>', /without target=_blank/],
  ['an image from a disallowed origin', '<img src="https://evil.example/x.png" referrerpolicy="no-referrer" alt="">', /disallowed URL/],
  ['an image that sends a referrer', '<img src="https://cdn.example.com/x.png" alt="">', /referrer/],
  ['an svg that is not an icon', '<svg><circle r="1"></circle></svg>', /not one of the widget's icons/],
  ['an attribute the widget never sets', '<p title="x">hi</p>', /attribute title/],
  ['an id that clobbers', '<form id="chat"></form>', /id="chat"/],
  ['a name that clobbers', '<input name="HandoffChat">', /name="HandoffChat"/],
  ['a style with a URL', '<p style="background:url(https://evil.example/x)">x</p>', /style=/],
  ['an href on something else', '<div href="https://ok.example/">x</div>', /href on <div>/],
  ['MathML', '<math><mi>x</mi></math>', /element <math>/],
];

describe('the DOM check', () => {
  it.each(PLANTED)('reports %s', (_name, html, expected) => {
    const problems = scan(html, ['https://cdn.example.com']);
    expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
  });

  it('accepts what the widget renders: its icons, safe links and allowed images', () => {
    const html =
      '<div class="md" dir="auto"><p>Hi <strong>there</strong> <a href="https://ok.example/" target="_blank" rel="noopener noreferrer">x<span class="sr-only"> (opens in a new tab)</span></a></p></div>' +
      '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" class="icon"><path d="M1 1"></path></svg>' +
      '<img class="attachment-image" src="https://cdn.example.com/a.png" alt="<script>" referrerpolicy="no-referrer">' +
      '<button type="button" part="human-button" data-kind="request" aria-describedby="hc-availability">Talk</button>';
    expect(scan(html, ['https://cdn.example.com'])).toEqual([]);
  });
});
