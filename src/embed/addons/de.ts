/**
 * `dist/handoff-chat.de.js`: German for the script-tag bundle, its widget texts and
 * escalation phrase lists, fetched when the widget shows German or its escalation
 * options name it (see ../languages/registry.ts).
 */
import { de as phrases } from '../../core/phrases/de.js';
import { de as strings } from '../../i18n/de.js';
import { defineAddon } from '../addon-internals.js';

defineAddon('de', '__HC_VERSION__', { strings, phrases });
