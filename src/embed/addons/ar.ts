/**
 * `dist/handoff-chat.ar.js`: Arabic for the script-tag bundle, its widget texts and
 * escalation phrase lists, fetched when the widget shows Arabic or its escalation
 * options name it (see ../languages/registry.ts).
 */
import { ar as phrases } from '../../core/phrases/ar.js';
import { ar as strings } from '../../i18n/ar.js';
import { defineAddon } from '../addon-internals.js';

defineAddon('ar', '__HC_VERSION__', { strings, phrases });
