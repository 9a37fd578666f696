// The host page every scenario shares: an ordinary content page (header, navigation,
// an article, a footer; no widget), so the baseline is what a site costs without a chat
// and each scenario differs from it only by the snippet it adds.

/** Escapes text for a double-quoted HTML attribute. */
export const attr = (value) => String(value).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** `<script src … data-…>` with the given attributes, in order. */
export function scriptTag(src, attributes = {}) {
  const rest = Object.entries(attributes)
    .map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${attr(value)}"`))
    .join('');
  return `<script src="${attr(src)}"${rest}></script>`;
}

const STYLE = `
  body { margin: 0; font: 16px/1.6 system-ui, sans-serif; color: #1d2433; background: #fff; }
  header { display: flex; gap: 24px; align-items: center; padding: 16px 32px; background: #0f2d52; color: #fff; }
  header a { color: #cfe0ff; text-decoration: none; }
  main { max-width: 720px; margin: 0 auto; padding: 24px 32px 96px; }
  footer { padding: 24px 32px; background: #f2f4f8; color: #5b6475; }`;

const PARAGRAPHS = [
  'Every order ships within two working days from our warehouse. You get a tracking link by e-mail as soon as the parcel leaves us, and you can follow it from your account page.',
  'Returns are free for thirty days. Print the label from your order page, pack the item in its original box if you still have it, and drop it at any parcel point.',
  'Refunds reach your card within five working days of the return arriving. If you paid by invoice, the invoice is cancelled or credited instead.',
  'Our team answers Monday to Friday, 8:00 to 20:00. Outside those hours you can leave a message and we reply on the next working day.',
  'Gift cards never expire and can be combined with any other payment method. A gift card cannot be exchanged for cash.',
  'For business orders of more than fifty items, ask for a quote: we offer volume pricing, delivery on pallets and payment on account.',
];

/**
 * The HTML of one bench page: the shared content page plus `head` (script tags) and
 * `body` (elements after the content).
 *
 * @example
 * pageHtml({ title: 'baseline' })
 * pageHtml({ title: 'ours', head: scriptTag('/dist/handoff-chat.loader.js', { defer: true, 'data-human': 'handoff' }) })
 */
export function pageHtml({ title, head = '', body = '' }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Help centre (${attr(title)})</title>
<style>${STYLE}</style>
${head}
</head>
<body>
<header><strong>Fernway</strong><nav><a href="#orders">Orders</a> · <a href="#returns">Returns</a> · <a href="#contact">Contact</a></nav></header>
<main>
<h1>Help centre</h1>
${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}
<h2 id="contact">Still stuck?</h2>
<p>${PARAGRAPHS[3]}</p>
</main>
<footer>© Fernway. Prices include VAT.</footer>
${body}
</body>
</html>`;
}
