import { createContext } from 'preact';
import type { Chat } from '../core/chat.js';
import type { StringKey } from '../i18n/strings.js';
import type { HostBridge } from './host-bridge.js';

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
  /**
   * The page the widget runs on (network, viewport, media queries, `pagehide`).
   * Optional, like `refocus`, so a bare context (a test rendering one component) works.
   */
  host?: HostBridge;
  /**
   * Call from the handler of a control that the action is about to remove (a quick
   * reply, "Cancel request", "Retry"…): when focus was on it (or, for a form, inside
   * `scope`), focus moves to the message box (the human control when there is none),
   * so keyboard and screen-reader users are not dropped onto the page.
   */
  refocus?(event: Event, scope?: Element): void;
}

/** Provided by `Widget`; read it with `useUi()`. */
export const UiContext = createContext<UiContextValue | undefined>(undefined);
