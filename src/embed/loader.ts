/**
 * `dist/handoff-chat.loader.js`: the one file a site puts in its page. It shows the
 * launcher at once and fetches the full widget (`handoff-chat.iife.js`, next to it)
 * when the customer reaches for the launcher or the browser is idle after the page
 * has loaded (at once for a returning customer's conversation); see `startLoader`.
 *
 * @example
 * <script src="https://cdn.example/handoff-chat.loader.js" defer
 *   data-bot="sse" data-bot-url="/bot/sse" data-human="handoff" data-human-url="/hub"></script>
 */
import type { GlobalWithHandoffChat } from './loader-handle.js';
import { startLoader } from './start-loader.js';

const doc = document;
startLoader(
  window as GlobalWithHandoffChat,
  // currentScript is set for classic scripts, `async` and `defer` included; the query covers odd hosts.
  (doc.currentScript as HTMLScriptElement | null) ?? doc.querySelector<HTMLScriptElement>('script[src*="handoff-chat.loader"]'),
);
