import type { WebVitalsModule } from './page-vitals.js';

/**
 * Where the widget gets `web-vitals`: a dynamic import, so npm apps' bundlers split it
 * off and sites that never open the chat never download it. The script-tag build swaps
 * this module for web-vitals-addon.ts (rollup.config.mjs).
 *
 * @example
 * const { onLCP } = await loadWebVitals()
 */
export const loadWebVitals = (): Promise<WebVitalsModule> => import('web-vitals');
