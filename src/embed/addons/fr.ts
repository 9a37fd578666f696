/**
 * `dist/handoff-chat.fr.js`: French for the script-tag bundle, its widget texts and
 * escalation phrase lists, fetched when the widget shows French or its escalation
 * options name it (see ../languages/registry.ts). It may run before the bundle: the
 * loader fetches a page's language together with it (./define-language.ts).
 */
import { fr as phrases } from '../../core/phrases/fr.js';
import { fr as strings } from '../../i18n/fr.js';
import { defineLanguage } from './define-language.js';

defineLanguage('fr', { strings, phrases });
