import { useLayoutEffect, useState } from 'preact/hooks';
import type { Chat, ChatState } from '../core/chat.js';

/** The chat's current state; re-renders on every change. */
export function useChatState(chat: Chat): ChatState {
  const [state, setState] = useState(chat.state);
  // A layout effect subscribes right after the first render, not after a paint, so a
  // change made by the caller straight after mounting (open(), close()) is not missed.
  useLayoutEffect(() => {
    setState(chat.state);
    return chat.on('change', setState);
  }, [chat]);
  return state;
}
