import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';

/** How close to the bottom (px) still counts as "reading the latest". */
const NEAR_BOTTOM = 48;

/**
 * Keeps a scroller at the bottom as content arrives, unless the customer scrolled up
 * to read history; `force` (their own message, opening the panel) scrolls anyway.
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
    return () => el.removeEventListener('scroll', onScroll);
  }, [ref]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && (force || atBottom.current)) {
      el.scrollTop = el.scrollHeight;
      atBottom.current = true;
    }
  }, [key, force]);
}
