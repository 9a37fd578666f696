import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';

/** How close to the bottom (px) still counts as "reading the latest". */
const NEAR_BOTTOM = 48;

/**
 * Keeps a scroller at the bottom as content arrives or the scroller shrinks, unless
 * the customer scrolled up to read history; `force` (their own message, opening the
 * panel) scrolls anyway.
 */
export function useStickToBottom(ref: RefObject<HTMLElement>, key: string, force: boolean): void {
  const atBottom = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const onScroll = (): void => {
      atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    // The header growing (an availability note arrives) shrinks the scroller: the latest stays in view.
    let height = el.clientHeight;
    const resize =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver(() => {
            if (el.clientHeight < height && atBottom.current) el.scrollTop = el.scrollHeight;
            height = el.clientHeight;
          })
        : undefined;
    resize?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      resize?.disconnect();
    };
  }, [ref]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && (force || atBottom.current)) {
      el.scrollTop = el.scrollHeight;
      atBottom.current = true;
    }
  }, [key, force]);
}
