/**
 * How a language file (`handoff-chat.<lang>.js`) hands its texts and phrase lists to the
 * bundle: as `HandoffChat('addon', …)`, a call the loader's command queue keeps until the
 * bundle runs and the bundle takes at once. So the loader may fetch a page's language
 * together with the bundle, and either may arrive first (see ../addons.ts).
 */
import type { GlobalWithHandoffChat } from '../loader-handle.js';
import type { LanguageData } from '../languages/registry.js';

export function defineLanguage(name: string, data: LanguageData): void {
  (window as GlobalWithHandoffChat).HandoffChat?.('addon', name, '__HC_VERSION__', data);
}
