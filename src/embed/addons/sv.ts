/**
 * `dist/handoff-chat.sv.js`: Swedish for the script-tag bundle, its widget texts and
 * escalation phrase lists, fetched when the widget shows Swedish or its escalation
 * options name it (see ../languages/registry.ts). It may run before the bundle: the
 * loader fetches a page's language together with it (./define-language.ts).
 */
import { sv as phrases } from '../../core/phrases/sv.js';
import { sv as strings } from '../../i18n/sv.js';
import { defineLanguage } from './define-language.js';

defineLanguage('sv', { strings, phrases });
