import type { ComponentChildren } from 'preact';
import { parseMarkdown, type InlineNode } from './parse-markdown.js';
import { useUi } from './useUi.js';

/** Renders bot and agent text through the safe Markdown subset, as elements (never HTML). */
export function Markdown({ text }: { text: string }) {
  const { t } = useUi();
  const newTab = t('opensInNewTab');
  return (
    <div class="md" dir="auto">
      {parseMarkdown(text).map((block, i) =>
        block.type === 'paragraph' ? (
          <p key={i}>{renderInline(block.children, newTab)}</p>
        ) : block.ordered ? (
          <ol key={i} start={block.start}>
            {block.items.map((item, j) => (
              <li key={j}>{renderInline(item, newTab)}</li>
            ))}
          </ol>
        ) : (
          <ul key={i}>
            {block.items.map((item, j) => (
              <li key={j}>{renderInline(item, newTab)}</li>
            ))}
          </ul>
        ),
      )}
    </div>
  );
}

function renderInline(nodes: InlineNode[], newTab: string): ComponentChildren {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'break':
        return <br key={i} />;
      case 'code':
        return <code key={i}>{node.text}</code>;
      case 'strong':
        return <strong key={i}>{renderInline(node.children, newTab)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(node.children, newTab)}</em>;
      case 'link':
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer">
            {renderInline(node.children, newTab)}
            <span class="sr-only"> {newTab}</span>
          </a>
        );
    }
  });
}
