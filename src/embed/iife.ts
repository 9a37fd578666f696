/**
 * The script-tag bundle, `dist/handoff-chat.iife.js`. Defines `window.HandoffChat`:
 * a function for commands (`HandoffChat('open')`) carrying everything the npm entry
 * exports (`init`, `createChat`, the errors, …) plus `transports`, every built-in
 * transport factory. When its own tag (or the loader's) has data attributes, it
 * starts the widget they describe; calls queued by the async snippet are replayed.
 *
 * @example
 * <script src="handoff-chat.iife.js" defer data-bot="sse" data-bot-url="/bot/sse" data-human="handoff" data-human-url="/hub"></script>
 *
 * @example
 * <script src="handoff-chat.iife.js"></script>
 * <script src="/chat-setup.js"></script>  // HandoffChat.init({ bot: HandoffChat.transports.createMemoryBot(), human: … })
 */
import * as api from '../index.js';
import * as transports from '../transports/index.js';
import type { GlobalWithHandoffChat } from './loader-handle.js';
import { installGlobal } from './install-global.js';

installGlobal(window as GlobalWithHandoffChat, { ...api, transports }, document.currentScript);
