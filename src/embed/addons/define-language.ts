/**
 * How a language file (`handoff-chat.<lang>.js`) hands its texts and phrase lists to the
 * bundle: as `HandoffChat('addon', …)`, a call the loader's command queue (or the async
 * snippet's, made here when there is none) keeps until the bundle runs, and the bundle
 * takes at once. So the loader may fetch a page's language
 * together with the bundle, and either may arrive first (see ../addons.ts).
 */
import type { GlobalWithHandoffChat, HandoffChatStub } from '../loader-handle.js';
import type { LanguageData } from '../languages/registry.js';

export function defineLanguage(name: string, data: LanguageData): void {
  const win = window as GlobalWithHandoffChat;
  // Run before the bundle and without the loader (a page's own tag): the async snippet's
  // queue, which the bundle replays, keeps the data until it comes.
  const queue: HandoffChatStub = (win.HandoffChat ??= function snippet(...args: unknown[]) {
    (queue.q ??= []).push(args);
  });
  queue('addon', name, '__HC_VERSION__', data);
}
