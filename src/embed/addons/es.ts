/**
 * `dist/handoff-chat.es.js`: Spanish for the script-tag bundle, its widget texts and
 * escalation phrase lists, fetched when the widget shows Spanish or its escalation
 * options name it (see ../languages/registry.ts).
 */
import { es as phrases } from '../../core/phrases/es.js';
import { es as strings } from '../../i18n/es.js';
import { defineAddon } from '../addon-internals.js';

defineAddon('es', '__HC_VERSION__', { strings, phrases });
