/**
 * `dist/handoff-chat.rasa.js`: the Rasa preset as an add-on of the script-tag
 * bundle, which fetches it when a page uses it (see ../addons.ts). Everything it shares
 * with the bundle comes from `HandoffChat.internals`.
 */
import { createRasaTransport } from '../../transports/rasa.js';
import { defineAddon } from '../addon-internals.js';

defineAddon('rasa', '__HC_VERSION__', { createRasaTransport });
