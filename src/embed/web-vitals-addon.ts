import { addonModule } from './addons.js';
import type { WebVitalsModule } from './page-vitals.js';

/**
 * The script-tag build's `web-vitals`: the add-on file `handoff-chat.vitals.js`, fetched
 * from next to the widget once a chat is open (see web-vitals-source.ts).
 *
 * @example
 * const { onLCP } = await loadWebVitals()
 */
export const loadWebVitals = (): Promise<WebVitalsModule> => addonModule('vitals') as unknown as Promise<WebVitalsModule>;
