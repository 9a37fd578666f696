/**
 * The structural check every adversarial case ends with: does the widget's DOM hold
 * anything the widget itself would never render? It is an allow-list of the widget's
 * own elements and attributes, plus URL rules for `href` and `src`.
 *
 * `scanForUnsafe` is self-contained (no imports, no closures) so the very same code
 * runs in happy-dom and, via `toString()`, inside real Chromium.
 */

/**
 * Problems found under `root` (empty when clean). `imageOrigins` follows the widget
 * option: https origins images may load from, or `'https:'` for any.
 *
 * @example expect(scanForUnsafe(container, [])).toEqual([])
 */
export function scanForUnsafe(root: ParentNode, imageOrigins: readonly string[]): string[] {
  // Every element the widget renders (src/ui), plus the embed's container and style fallback.
  const tags = [
    'a', 'br', 'button', 'code', 'details', 'div', 'em', 'fieldset', 'form', 'h2', 'h3', 'header', 'i', 'img', 'input',
    'label', 'legend', 'li', 'ol', 'p', 'pre', 'section', 'span', 'strong', 'summary', 'textarea', 'time', 'ul', 'style',
    'svg', 'path', 'rect', 'circle',
  ];
  const svgParts = ['path', 'rect', 'circle'];
  const attributes = [
    'class', 'id', 'part', 'role', 'href', 'target', 'rel', 'src', 'alt', 'loading', 'decoding', 'referrerpolicy', 'type',
    'dir', 'lang', 'for', 'hidden', 'tabindex', 'datetime', 'start', 'rows', 'placeholder', 'name', 'autocomplete',
    'inputmode', 'required', 'novalidate', 'style', 'open', 'disabled', 'value', 'maxlength', 'checked', 'nonce',
    'data-author', 'data-kind', 'data-available', 'data-mode', 'data-color-scheme',
    'focusable', 'viewbox', 'width', 'height', 'fill', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin',
    'd', 'x', 'y', 'rx', 'cx', 'cy', 'r',
  ];
  const svgAttributes = ['d', 'x', 'y', 'rx', 'cx', 'cy', 'r', 'width', 'height'];
  const problems: string[] = [];
  const describe = (el: Element): string => `<${el.localName}${el.id ? `#${el.id}` : ''}>`;

  const linkOk = (value: string): boolean => {
    if (/[\u0000-\u001f\u007f\s]/.test(value)) return false;
    try {
      const url = new URL(value);
      if (url.protocol === 'mailto:') return true;
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
    } catch {
      return false;
    }
  };
  const imageOk = (value: string): boolean => {
    try {
      const url = new URL(value);
      if (url.protocol !== 'https:' || url.username || url.password) return false;
      return imageOrigins.includes('https:') || imageOrigins.includes(url.origin);
    } catch {
      return false;
    }
  };

  // An element root is checked too (a node caught by a MutationObserver, say).
  const elements = [...((root as Node).nodeType === 1 ? [root as Element] : []), ...Array.from(root.querySelectorAll('*'))];
  for (const el of elements) {
    const tag = el.localName;
    if (!tags.includes(tag)) {
      problems.push(`element ${describe(el)} is not one the widget renders`);
      continue;
    }
    const inSvg = tag === 'svg' || svgParts.includes(tag);
    if (tag === 'svg') {
      // The widget's icons: decorative, aria-hidden, class "icon".
      if (el.getAttribute('aria-hidden') !== 'true' || !/(^| )icon( |$)/.test(el.getAttribute('class') ?? '')) {
        problems.push(`svg that is not one of the widget's icons`);
      }
    }
    if (svgParts.includes(tag) && el.parentElement?.localName !== 'svg') problems.push(`${describe(el)} outside an icon`);
    // The embed's CSP fallback puts one <style> straight into the shadow root; nowhere else.
    if (tag === 'style' && el.parentNode?.nodeType !== 11) problems.push('a <style> element inside the widget');

    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value;
      if (name.startsWith('on')) problems.push(`event handler attribute ${name} on ${describe(el)}`);
      else if (!attributes.includes(name) && !name.startsWith('aria-')) problems.push(`attribute ${name}="${value.slice(0, 60)}" on ${describe(el)}`);
      if (inSvg && tag !== 'svg' && !svgAttributes.includes(name)) problems.push(`attribute ${name} on icon part ${describe(el)}`);
      if (name === 'href') {
        if (tag !== 'a') problems.push(`href on ${describe(el)}`);
        else if (!linkOk(value)) problems.push(`unsafe link href="${value.slice(0, 80)}"`);
      }
      if (name === 'src') {
        if (tag !== 'img') problems.push(`src on ${describe(el)}`);
        else if (!imageOk(value)) problems.push(`image from a disallowed URL src="${value.slice(0, 80)}"`);
      }
      if (name === 'target' && value !== '_blank') problems.push(`target="${value}"`);
      if (name === 'id' && !/^hc-[a-z-]+$/.test(value)) problems.push(`id="${value.slice(0, 60)}" is not the widget's`);
      if (name === 'name' && value !== 'hc-score') problems.push(`name="${value.slice(0, 60)}" is not the widget's`);
      if (name === 'style' && !/^(\s*--hc-[a-z-]+:\s*-?[\d.]+px;?)*\s*$/.test(value)) problems.push(`style="${value.slice(0, 80)}"`);
      // Alt text is text; anywhere else a trace of a payload means it reached an attribute that acts.
      if (/__pwned|javascript:|vbscript:|data:/i.test(value) && name !== 'href' && name !== 'alt') problems.push(`payload text in ${name} of ${describe(el)}`);
    }
    if (tag === 'a' && el.getAttribute('href') !== null) {
      const rel = ` ${el.getAttribute('rel') ?? ''} `;
      if (el.getAttribute('target') !== '_blank' || !rel.includes(' noopener ') || !rel.includes(' noreferrer ')) {
        problems.push(`link without target=_blank rel="noopener noreferrer": ${el.getAttribute('href')?.slice(0, 60)}`);
      }
    }
    if (tag === 'img' && el.getAttribute('referrerpolicy') !== 'no-referrer') problems.push('image sent with a referrer');
  }
  return problems;
}
