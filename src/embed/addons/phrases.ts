/**
 * `dist/handoff-chat.phrases.js`: the escalation phrase lists of Swedish, German, French,
 * Spanish and Arabic, without their widget texts. The script-tag bundle has English built
 * in and fetches this file when a chat opens, so its triggers listen in every language,
 * as the npm entries do: customers do not always write in the page's language
 * (see ../languages/registry.ts).
 */
import { ar } from '../../core/phrases/ar.js';
import { de } from '../../core/phrases/de.js';
import { es } from '../../core/phrases/es.js';
import { fr } from '../../core/phrases/fr.js';
import { sv } from '../../core/phrases/sv.js';
import { defineAddon } from '../addon-internals.js';

defineAddon('phrases', '__HC_VERSION__', { sv, de, fr, es, ar });
