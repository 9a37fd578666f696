import type { Attachment } from '../core/types.js';
import { safeLinkUrl } from './safe-url.js';
import { stripBidiControls } from './strip-bidi-controls.js';
import { useUi } from './useUi.js';

/**
 * Attachments of a message. Images load only from `https:` URLs on an allowed origin
 * (the `imageOrigins` option); any other image or file is a plain link, and a URL
 * that is not http(s) is not even that.
 */
export function Attachments({ items }: { items: readonly Attachment[] }) {
  const { allowsImage, t } = useUi();
  return (
    <div class="attachments">
      {items.map((a, i) => {
        const name = stripBidiControls(a.name || a.alt || fileName(a.url));
        if (a.kind === 'image' && allowsImage(a.url)) {
          return <img key={i} class="attachment-image" src={a.url} alt={a.alt ?? a.name ?? ''} loading="lazy" decoding="async" referrerpolicy="no-referrer" />;
        }
        const href = safeLinkUrl(a.url);
        const text = a.kind === 'image' ? t('imageLink', { name }) : name;
        if (!href || href.startsWith('mailto:')) return <span key={i} class="attachment-link">{text}</span>;
        return (
          <a key={i} class="attachment-link" href={href} target="_blank" rel="noopener noreferrer">
            {text}
            <span class="sr-only"> {t('opensInNewTab')}</span>
          </a>
        );
      })}
    </div>
  );
}

function fileName(url: string): string {
  try {
    const path = new URL(url).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || url;
  } catch {
    return url;
  }
}
