/**
 * `dist/handoff-chat.openai.js`: the OpenAI-compatible preset as an add-on of the script-tag
 * bundle, which fetches it when a page uses it (see ../addons.ts). Everything it shares
 * with the bundle comes from `HandoffChat.internals`.
 */
import { createOpenAITransport } from '../../transports/openai.js';
import { defineAddon } from '../addon-internals.js';

defineAddon('openai', '__HC_VERSION__', { createOpenAITransport });
