/**
 * `handoff-chat`: the npm face. Re-exports only.
 */
export * from './core/index.js';
export { init } from './embed/init.js';
export type { HandoffChatWidget } from './embed/init.js';
export type { WidgetOptions } from './embed/widget-options.js';
export { THEME_TOKENS } from './theme/tokens.js';
export type { ThemeKey, ThemeOptions, ThemeToken } from './theme/tokens.js';
export type { StringKey, Strings } from './i18n/strings.js';
export { createMemoryBot, createMemoryHuman } from './transports/memory.js';
export type { MemoryBackend, MemoryBotOptions, MemoryHumanOptions, ScriptedReply } from './transports/memory.js';

/** The library version. */
export const version = '__HC_VERSION__';
