/**
 * Whether the chat has a conversation to restore on this page: messages that the core
 * keeps in `localStorage` under `hc:<storageKey>:conversation` (src/core/chat.ts; what
 * its outbox still has to deliver is among them). A plain look at the text, without
 * the core, so that the loader fetches the widget at once for a returning customer
 * (answers to show, a handoff in progress, messages to send) and waits for intent
 * otherwise.
 *
 * @example
 * hasStoredConversation(window, script.getAttribute('data-storage-key')) // true after a chat on this site
 */
export function hasStoredConversation(win: Window, storageKey: string | null): boolean {
  try {
    // Only stored messages have an author; an empty conversation has none.
    return /"author"/.test(win.localStorage[`hc:${storageKey || 'default'}:conversation`]);
  } catch {
    // Storage blocked (sandboxed frame, cookies off): the widget cannot restore anything either.
    return false;
  }
}
