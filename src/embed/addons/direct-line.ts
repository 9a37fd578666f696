/**
 * `dist/handoff-chat.direct-line.js`: the Direct Line preset as an add-on of the script-tag
 * bundle, which fetches it when a page uses it (see ../addons.ts). Everything it shares
 * with the bundle comes from `HandoffChat.internals`.
 */
import { createDirectLineTransport } from '../../transports/direct-line.js';
import { defineAddon } from '../addon-internals.js';

defineAddon('direct-line', '__HC_VERSION__', { createDirectLineTransport });
