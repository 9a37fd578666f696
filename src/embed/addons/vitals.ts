/**
 * `dist/handoff-chat.vitals.js`: the `web-vitals` library as an add-on of the script-tag
 * bundle, fetched once a chat is open so the page's figures can go to the agent
 * (see ../web-vitals-addon.ts).
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import { defineAddon } from '../addon-internals.js';

defineAddon('vitals', '__HC_VERSION__', { onCLS, onFCP, onINP, onLCP, onTTFB });
