import { createContext } from 'preact';
import type { Chat } from '../core/chat.js';
import type { StringKey } from '../i18n/strings.js';

/** What every component needs: the chat, the texts and the display policies. */
export interface UiContextValue {
  chat: Chat;
  /** A catalogue text with its placeholders filled in. */
  t(key: StringKey, params?: Record<string, string | number>): string;
  /** Whether an image URL may load (else it is shown as a link). */
  allowsImage(url: string): boolean;
  formatTime(time: number): string;
  /** `floating` (launcher + panel) or `inline` (inside a page element). */
  mode: 'floating' | 'inline';
}

/** Provided by `Widget`; read it with `useUi()`. */
export const UiContext = createContext<UiContextValue | undefined>(undefined);
