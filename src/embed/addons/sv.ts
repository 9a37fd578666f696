/**
 * `dist/handoff-chat.sv.js`: Swedish for the script-tag bundle, its widget texts and
 * escalation phrase lists, fetched when the widget shows Swedish or its escalation
 * options name it (see ../languages/registry.ts).
 */
import { sv as phrases } from '../../core/phrases/sv.js';
import { sv as strings } from '../../i18n/sv.js';
import { defineAddon } from '../addon-internals.js';

defineAddon('sv', '__HC_VERSION__', { strings, phrases });
