import { createCommandRunner } from './command-api.js';
import type { HandoffChatWidget } from './init.js';
import type { GlobalWithHandoffChat, HandoffChatStub } from './loader-handle.js';
import { pageLocale } from './page-locale.js';
import { readAttributes } from './read-attributes.js';
import { showFallback, startFromAttributes, takeOver } from './start-from-attributes.js';
import type { TransportFactories } from './transport-presets.js';
import type { WidgetOptions } from './widget-options.js';

/** What the script-tag bundle puts on `window.HandoffChat`. */
export interface ScriptTagApi {
  init(options: WidgetOptions): HandoffChatWidget;
  transports: TransportFactories;
  version: string;
  [name: string]: unknown;
}

/** `HandoffChat(command, …args)` with every export of the bundle as a property. */
export type HandoffChatGlobal = ((command: string, ...args: unknown[]) => unknown) & ScriptTagApi;

/**
 * Makes `window.HandoffChat` the full API: a function for commands
 * (`HandoffChat('open')`) that also carries every export (`HandoffChat.init`,
 * `HandoffChat.transports`). Then, in this order: starts the widget the loader's
 * script tag (or this bundle's own tag) describes, given `data-human` or `data-bot`,
 * and replays the commands queued before the bundle arrived. A loader tag without
 * them keeps its placeholder for the widget a queued `HandoffChat('init', …)` makes.
 *
 * @example
 * installGlobal(window, { ...exports, transports }, document.currentScript)
 */
export function installGlobal(win: GlobalWithHandoffChat, api: ScriptTagApi, ownScript: Element | null): HandoffChatGlobal | undefined {
  const previous: HandoffChatStub | undefined = typeof win.HandoffChat === 'function' ? win.HandoffChat : undefined;
  if (previous?.version) {
    win.console.error('handoff-chat: handoff-chat.iife.js was loaded twice; the second copy does nothing. Keep one script tag.');
    return undefined;
  }
  const queued = Array.from(previous?.q ?? [], (args) => Array.from(args));
  const configures = (el: Element | null | undefined): el is Element => !!el && (el.hasAttribute('data-human') || el.hasAttribute('data-bot'));

  const claim = previous?.loader?.claim();
  const tag = previous?.loader ? previous.loader.script : ownScript;
  /** The loader's placeholder, waiting for a widget made by HandoffChat('init', …). */
  let placeholder = claim && !configures(tag) ? claim : undefined;

  const runner = createCommandRunner(win, (options) => {
    const waiting = placeholder;
    placeholder = undefined;
    let widget: HandoffChatWidget;
    try {
      widget = api.init(options);
    } catch (error) {
      // The placeholder keeps its look (position, theme, contact link) from the loader's tag.
      const lite = tag ? readAttributes(tag, api.transports, win.document).lite : { locale: pageLocale(win.document, win.navigator) };
      if (waiting) showFallback(win.document, lite, waiting);
      throw error;
    }
    takeOver(widget, waiting);
    return widget;
  });
  const global = Object.assign((command: string, ...args: unknown[]) => runner.run(command, args), api) as HandoffChatGlobal;
  win.HandoffChat = global as unknown as HandoffChatStub;

  if (configures(tag)) {
    runner.start((prepare) => startFromAttributes(tag, win, api.transports, (options) => api.init(prepare(options)), claim));
  } else if (placeholder && !queued.some(([command]) => command === 'init')) {
    // A loader tag without data-human or data-bot and no HandoffChat('init', …) queued: nothing to start.
    placeholder.release();
    placeholder = undefined;
    win.console.warn(
      "handoff-chat: the loader's tag has no data-human (or data-bot) and no HandoffChat('init', options) was queued, so no chat is shown until HandoffChat('init', options) is called.",
    );
  }
  for (const [command, ...args] of queued) runner.run(command, args);
  return global;
}
