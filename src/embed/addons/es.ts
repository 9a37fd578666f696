/**
 * `dist/handoff-chat.es.js`: Spanish for the script-tag bundle, its widget texts and
 * escalation phrase lists, fetched when the widget shows Spanish or its escalation
 * options name it (see ../languages/registry.ts). It may run before the bundle: the
 * loader fetches a page's language together with it (./define-language.ts).
 */
import { es as phrases } from '../../core/phrases/es.js';
import { es as strings } from '../../i18n/es.js';
import { defineLanguage } from './define-language.js';

defineLanguage('es', { strings, phrases });
