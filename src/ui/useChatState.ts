import { options } from 'preact';
import { useLayoutEffect, useReducer, useRef } from 'preact/hooks';
import type { Chat, ChatState } from '../core/chat.js';
import type { HostBridge } from './host-bridge.js';

/**
 * Just before the next paint. A hidden tab has no frames: nothing is drawn there, and
 * the first frame back shows the latest state.
 */
const nextFrame = (fn: () => void): void => void (globalThis.requestAnimationFrame ?? setTimeout)(fn);

/**
 * The chat's current state, rendered at most once per frame. A lone change renders
 * at once (as Preact batches it), so a click, a send or a focus move never waits;
 * further changes until the next frame (a burst of inbound messages, a fast stream)
 * are drawn together, from the latest state, just before that frame paints.
 *
 * @example
 * const state = useChatState(chat, host);
 */
export function useChatState(chat: Chat, host?: HostBridge): ChatState {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  // Read at render time, never stored: whichever render comes last shows the final state.
  const state = chat.state;
  const drawn = useRef({ state, stale: false }).current;
  drawn.state = state;
  drawn.stale = false;
  // A layout effect subscribes right after the first render, not after a paint, so a
  // change made by the caller straight after mounting (open(), close()) is not missed.
  useLayoutEffect(() => {
    let busy = false;
    // Looked up on each use: test helpers (act) swap Preact's frame hook in and out, and flush it.
    const frame = (fn: () => void): void => (host?.nextFrame ?? options.requestAnimationFrame ?? nextFrame)(fn);
    const tick = (): void => {
      if (drawn.stale) {
        redraw(0);
        frame(tick);
      } else busy = false;
    };
    const off = chat.on('change', () => {
      drawn.stale = true;
      if (busy) return;
      busy = true;
      redraw(0);
      frame(tick);
    });
    if (chat.state !== drawn.state) redraw(0);
    return () => {
      off();
      // A frame still to come finds nothing to draw and stops.
      drawn.stale = false;
    };
  }, [chat, host]);
  return state;
}
