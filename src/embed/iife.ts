/**
 * The script-tag bundle, `dist/handoff-chat.iife.js`. Defines `window.HandoffChat`:
 * a function for commands (`HandoffChat('open')`) carrying everything the npm entry
 * exports (`init`, `createChat`, the errors, …) plus `transports`, every built-in
 * transport factory. The four product presets (Rasa, Direct Line, OpenAI, Chatwoot)
 * are add-on files fetched from next to this one when a page uses them
 * (`HandoffChat.load('rasa')`, see addons.ts), and so are the languages other than
 * English (`handoff-chat.fr.js`, …, see languages/registry.ts). When its own tag (or the loader's) has
 * data attributes, it starts the widget they describe; calls queued by the async
 * snippet are replayed.
 *
 * @example
 * <script src="handoff-chat.iife.js" defer data-bot="sse" data-bot-url="/bot/sse" data-human="handoff" data-human-url="/hub"></script>
 *
 * @example
 * <script src="handoff-chat.iife.js"></script>
 * <script src="/chat-setup.js"></script>  // HandoffChat.init({ bot: HandoffChat.transports.createMemoryBot(), human: … })
 */
import * as api from '../index.js';
import * as base from '../transports/base.js';
import * as internals from './addon-internals.js';
import { createAddonLoader } from './addons.js';
import { installGlobal } from './install-global.js';
import type { GlobalWithHandoffChat } from './loader-handle.js';

const script = document.currentScript;
const transports: Record<string, unknown> = { ...base };
const addons = createAddonLoader(window, script, transports, api.version);
installGlobal(window as GlobalWithHandoffChat, { ...api, transports, internals, load: addons.load }, script, undefined, addons);
