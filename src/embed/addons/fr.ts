/**
 * `dist/handoff-chat.fr.js`: French for the script-tag bundle, its widget texts and
 * escalation phrase lists, fetched when the widget shows French or its escalation
 * options name it (see ../languages/registry.ts).
 */
import { fr as phrases } from '../../core/phrases/fr.js';
import { fr as strings } from '../../i18n/fr.js';
import { defineAddon } from '../addon-internals.js';

defineAddon('fr', '__HC_VERSION__', { strings, phrases });
