/**
 * `dist/handoff-chat.de.js`: German for the script-tag bundle, its widget texts and
 * escalation phrase lists, fetched when the widget shows German or its escalation
 * options name it (see ../languages/registry.ts). It may run before the bundle: the
 * loader fetches a page's language together with it (./define-language.ts).
 */
import { de as phrases } from '../../core/phrases/de.js';
import { de as strings } from '../../i18n/de.js';
import { defineLanguage } from './define-language.js';

defineLanguage('de', { strings, phrases });
