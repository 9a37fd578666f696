/** @jsxImportSource react */
import { useEffect, useRef } from 'react';
import { init, type HandoffChatWidget, type WidgetOptions } from 'handoff-chat';

/** Props: every `init()` option except `target`, plus how to place it. */
export interface HandoffChatProps extends Omit<WidgetOptions, 'target'> {
  /** Render the panel inside this component instead of as a floating launcher. */
  inline?: boolean;
  /** Called with the widget once it is on the page, and with `undefined` when it goes. */
  onReady?: (chat: HandoffChatWidget | undefined) => void;
  /** Class of the inline container. */
  className?: string;
}

/**
 * A thin React wrapper: `init()` in an effect, `destroy()` in its cleanup, so the
 * widget follows the component's life (React's StrictMode double mount included).
 *
 * Create the transports once (module scope or `useMemo`): a new `bot` or `human`
 * starts a new widget. Other options are read when the widget starts; give the
 * component a new `key` to apply changed ones.
 *
 * @example
 * const bot = createSseTransport({ url: '/bot/sse' })
 * const human = createHandoffTransport({ url: '/hub' })
 * <HandoffChat bot={bot} human={human} theme={{ accent: '#0a7d5a' }} onReady={(chat) => (chatRef.current = chat)} />
 */
export function HandoffChat({ inline = false, onReady, className, ...options }: HandoffChatProps) {
  const box = useRef<HTMLDivElement>(null);
  const latest = useRef({ options, onReady });
  latest.current = { options, onReady };

  useEffect(() => {
    const chat = init({ ...latest.current.options, ...(inline && box.current ? { target: box.current } : {}) });
    latest.current.onReady?.(chat);
    return () => {
      chat.destroy();
      latest.current.onReady?.(undefined);
    };
  }, [options.bot, options.human, inline]);

  return inline ? <div ref={box} className={className} /> : null;
}
