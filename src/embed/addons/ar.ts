/**
 * `dist/handoff-chat.ar.js`: Arabic for the script-tag bundle, its widget texts and
 * escalation phrase lists, fetched when the widget shows Arabic or its escalation
 * options name it (see ../languages/registry.ts). It may run before the bundle: the
 * loader fetches a page's language together with it (./define-language.ts).
 */
import { ar as phrases } from '../../core/phrases/ar.js';
import { ar as strings } from '../../i18n/ar.js';
import { defineLanguage } from './define-language.js';

defineLanguage('ar', { strings, phrases });
