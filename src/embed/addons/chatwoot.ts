/**
 * `dist/handoff-chat.chatwoot.js`: the Chatwoot preset as an add-on of the script-tag
 * bundle, which fetches it when a page uses it (see ../addons.ts). Everything it shares
 * with the bundle comes from `HandoffChat.internals`.
 */
import { createChatwootTransport } from '../../transports/chatwoot.js';
import { defineAddon } from '../addon-internals.js';

defineAddon('chatwoot', '__HC_VERSION__', { createChatwootTransport });
