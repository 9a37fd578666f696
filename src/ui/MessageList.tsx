import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useReducer, useRef } from 'preact/hooks';
import type { Message } from '../core/types.js';
import { MessageRow } from './MessageItem.js';
import { useUi } from './useUi.js';

/** How many of the newest messages a long history shows at first. */
export const FIRST_MESSAGES = 50;
/**
 * How many older messages each request brings in: small enough that drawing them
 * stays under 50 ms on a slow phone (Chromium at 4x CPU slowdown).
 */
export const EARLIER_MESSAGES = 25;

export interface MessageListProps {
  messages: readonly Message[];
  /** The current agent's name, for agent messages that do not carry their author. */
  agentName: string | undefined;
  /** The element that scrolls the list: what the customer reads stays put while older messages come in. */
  scrollerRef: RefObject<HTMLElement>;
}

/**
 * The conversation as a polite live log: screen readers announce new messages
 * without interrupting. A reply that is still streaming marks itself busy (not the
 * whole log), so it is read once complete rather than word by word, and a stream that
 * never finishes cannot silence the rest of the conversation.
 *
 * A long history draws only its newest messages; "Show earlier messages" (or
 * scrolling up to it) brings older ones in, above the log, so they are not
 * announced as if they were new. Messages arriving later are always drawn: the
 * live log must announce them.
 */
export function MessageList({ messages, agentName, scrollerRef }: MessageListProps) {
  const { t } = useUi();
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const newest = Math.max(0, messages.length - FIRST_MESSAGES);
  /** First message drawn, and first one in the live log (older ones are not news). */
  const range = useRef({ first: newest, live: newest }).current;
  /** Puts the scroll position back once older messages are in. */
  const restore = useRef<(() => void) | undefined>(undefined);
  const first = Math.min(range.first, messages.length);
  const live = Math.min(range.live, messages.length);

  const buttonFocused = (): boolean => {
    const button = buttonRef.current;
    return !!button && (button.getRootNode() as Document | ShadowRoot).activeElement === button;
  };

  const reveal = (byButton: boolean): void => {
    const scroller = scrollerRef.current;
    const focused = byButton && buttonFocused();
    const top = scroller?.scrollTop ?? 0;
    const fromEnd = (scroller?.scrollHeight ?? 0) - top;
    range.first = Math.max(0, first - EARLIER_MESSAGES);
    restore.current = () => {
      // Scrolled up to them: the messages read before stay in view. Asked by the button: it stays in view.
      if (scroller) scroller.scrollTop = byButton ? top : scroller.scrollHeight - fromEnd;
      // The button went away under the keyboard: reading goes on at the oldest message.
      if (focused && !range.first) scroller?.querySelector<HTMLElement>('.page')?.focus({ preventScroll: true });
    };
    redraw(0);
  };

  useLayoutEffect(() => {
    restore.current?.();
    restore.current = undefined;
  });

  // Scrolling near the top loads more by itself (where IntersectionObserver exists; the button always works).
  useEffect(() => {
    const button = buttonRef.current;
    if (!button || typeof IntersectionObserver !== 'function') return undefined;
    const observer = new IntersectionObserver(
      (entries) => {
        // A keyboard user on the button decides: loading now would push it out of view.
        if (entries.some((e) => e.isIntersecting) && !buttonFocused()) reveal(false);
      },
      { root: scrollerRef.current, rootMargin: '200px 0px 0px' },
    );
    observer.observe(button);
    return () => observer.disconnect();
  }, [first]);

  const rows = (from: number, to: number) =>
    messages.slice(from, to).map((m, j) => {
      const prev = messages[from + j - 1];
      const showAuthor = !prev || prev.author !== m.author || (m.author === 'agent' && prev.agent?.name !== m.agent?.name);
      return <MessageRow key={m.id} message={m} showAuthor={showAuthor} agentName={agentName} />;
    });

  // One block per request: a block off screen costs nothing to lay out (see styles.ts).
  const pages = [];
  for (let end = live; end > first; end -= EARLIER_MESSAGES) {
    pages.unshift(
      <div key={end} class="log page" tabIndex={-1}>
        {rows(Math.max(first, end - EARLIER_MESSAGES), end)}
      </div>,
    );
  }

  return (
    <>
      {first ? (
        <button type="button" class="link-button earlier" part="earlier-button" ref={buttonRef} onClick={() => reveal(true)}>
          {t('showEarlier')}
        </button>
      ) : null}
      {pages}
      <div class="log" role="log" aria-live="polite" aria-label={t('messages')} part="messages">
        {rows(live, messages.length)}
      </div>
    </>
  );
}
