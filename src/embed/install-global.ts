import { defineAddon, type AddonLoader } from './addons.js';
import { FETCHED_LANGUAGES } from './languages/registry.js';
import { createCommandRunner } from './command-api.js';
import { mountWidget, type HandoffChatWidget } from './init.js';
import type { LiteLauncher } from './lite-launcher.js';
import type { GlobalWithHandoffChat, HandoffChatStub, LoaderClaim } from './loader-handle.js';
import { pageLocale } from './page-locale.js';
import { readAttributes, type AttributeConfig } from './read-attributes.js';
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

/** Timing of the script-tag start, in milliseconds. */
export interface InstallTiming {
  /**
   * How long a loader's placeholder waits for a later `HandoffChat('init', …)` (a set-up
   * that waits for a consent banner, say) before giving up. Default 30000.
   */
  initWaitMs: number;
}

const DEFAULT_TIMING: InstallTiming = { initWaitMs: 30000 };

/** Commands that belong to the page rather than to a widget: replayed before any widget starts. */
const PAGE_COMMANDS = new Set(['on', 'off', 'context']);

/**
 * Makes `window.HandoffChat` the full API: a function for commands
 * (`HandoffChat('open')`) that also carries every export (`HandoffChat.init`,
 * `HandoffChat.transports`). Then, in this order: replays the queued listeners and
 * context (`on`, `off`, `context`), starts the widget the loader's script tag (or
 * this bundle's own tag) describes, given `data-human` or `data-bot`, and replays
 * the other commands queued before the bundle arrived.
 *
 * A loader tag without them keeps its placeholder for the widget a later
 * `HandoffChat('init', …)` makes (queued, or called after a consent banner): a click
 * on it meanwhile opens the chat once it exists. After `timing.initWaitMs` without
 * one, the placeholder goes (with a console warning), or turns into the fallback
 * panel if the customer had clicked it.
 *
 * A tag naming a preset that lives in an add-on file (`data-bot="rasa"`) starts once
 * `addons` has fetched it; when it cannot, the reason is among the attribute problems.
 *
 * @example
 * installGlobal(window, { ...exports, transports }, document.currentScript)
 */
export function installGlobal(
  win: GlobalWithHandoffChat,
  api: ScriptTagApi,
  ownScript: Element | null,
  timing: InstallTiming = DEFAULT_TIMING,
  addons?: AddonLoader,
): HandoffChatGlobal | undefined {
  const previous: HandoffChatStub | undefined = typeof win.HandoffChat === 'function' ? win.HandoffChat : undefined;
  if (previous?.version) {
    win.console.error('handoff-chat: handoff-chat.iife.js was loaded twice; the second copy does nothing. Keep one script tag.');
    return undefined;
  }
  const queued = Array.from(previous?.q ?? [], (args) => Array.from(args));
  const configures = (el: Element | null | undefined): el is Element => !!el && (el.hasAttribute('data-human') || el.hasAttribute('data-bot'));

  const claim = previous?.loader?.claim();
  const tag = previous?.loader ? previous.loader.script : ownScript;
  const lite = () => (tag ? readAttributes(tag, api.transports, win.document).lite : { locale: pageLocale(win.document, win.navigator) });
  /** The loader's placeholder, waiting for a widget made by HandoffChat('init', …). */
  let placeholder: LoaderClaim | undefined = claim && !configures(tag) ? claim : undefined;
  /** The fallback shown when that init did not come in time; a late init still replaces it. */
  let fallback: LiteLauncher | undefined;
  let giveUp: number | undefined;

  const runner = createCommandRunner(win, (options, subscribe) => {
    if (giveUp !== undefined) win.clearTimeout(giveUp);
    giveUp = undefined;
    const shown = fallback;
    fallback = undefined;
    const waiting: LoaderClaim | undefined =
      placeholder ?? (shown ? { wantsOpen: () => false, hasFocus: () => shown.hasFocus(), release: () => shown.remove() } : undefined);
    placeholder = undefined;
    let widget: HandoffChatWidget;
    try {
      widget = mountWidget(options, subscribe);
    } catch (error) {
      // The placeholder keeps its look (position, theme, contact link) from the loader's tag.
      if (waiting) fallback = showFallback(win.document, lite(), waiting);
      throw error;
    }
    takeOver(widget, waiting);
    return widget;
  });
  // `addon` is how a language file hands over its data (addons/define-language.ts); it may
  // have run before this bundle, fetched by the loader alongside it, and waited in the queue.
  // Languages only: the other add-ons run after the bundle and use HandoffChat.internals.
  const addon = (args: unknown[]): void => {
    if (FETCHED_LANGUAGES.includes(args[0] as string)) defineAddon(...(args as Parameters<typeof defineAddon>));
  };
  const global = Object.assign((command: string, ...args: unknown[]) => (command === 'addon' ? addon(args) : runner.run(command, args)), api) as HandoffChatGlobal;
  win.HandoffChat = global as unknown as HandoffChatStub;
  for (const [command, ...args] of queued) if (command === 'addon') addon(args);

  // Listeners first: the widget may open (data-open-on-load) while it starts.
  for (const [command, ...args] of queued) if (PAGE_COMMANDS.has(command as string)) runner.run(command, args);

  // The widget's language, when it is one the bundle fetches (languages/registry.ts): a
  // script tag's widget waits for it, so it is drawn in its language from the first frame.
  // Like a preset's, a language tag may follow the bundle's (the way under Trusted Types):
  // while the page is parsed, fetch only what is still missing once it is.
  const language = addons?.languageOf(tag ?? null);
  const whenParsed = (fn: () => void): void => {
    if (win.document.readyState === 'loading') win.document.addEventListener('DOMContentLoaded', fn, { once: true });
    else fn();
  };
  if (configures(tag)) {
    const begin = (problems: string[], read?: AttributeConfig) =>
      runner.start((make) => startFromAttributes(tag, win, addons?.arrived() ?? api.transports, make, claim, problems, read));
    // Fetched by the loader, nobody waits on this script, and its placeholder shows
    // meanwhile: evaluating the bundle, reading the tag and drawing the widget are
    // three tasks, so none of them is long enough to hold up the page.
    const beginInTasks = (problems: string[]): void => {
      if (!previous?.loader) return begin(problems);
      win.setTimeout(() => {
        const read = readAttributes(tag, api.transports, win.document);
        win.setTimeout(() => begin(problems, read), 0);
      }, 0);
    };
    const fetchNeeded = (): void => {
      const needed = addons?.neededBy(tag) ?? [];
      const stillMissing = addons?.languageOf(tag);
      // Settled one by one, so every add-on that failed is named, not only the first.
      const loads = needed.map((name) => (addons as AddonLoader).load(name).then(() => '', (error: Error) => error.message.replace(/^handoff-chat: /, '')));
      // A language that cannot be had is not a problem of the tag: the widget reads English.
      if (stillMissing) loads.push((addons as AddonLoader).loadLanguage(stillMissing).then(() => ''));
      if (!loads.length) beginInTasks([]);
      else void Promise.all(loads).then((failures) => beginInTasks(failures.filter(Boolean)));
    };
    // A tag in <head> without defer waits for the rest of the page: its language downloads meanwhile.
    if (language && win.document.readyState === 'loading') addons?.preloadLanguage(language);
    if (addons?.neededBy(tag).length || language) whenParsed(fetchNeeded);
    else beginInTasks([]);
  } else if (placeholder && !queued.some(([command]) => command === 'init')) {
    // No HandoffChat('init', …) yet: it may come later (after a consent banner). Keep the
    // placeholder claimed so a click on it is not lost, for a while.
    giveUp = win.setTimeout(() => {
      giveUp = undefined;
      const waiting = placeholder;
      placeholder = undefined;
      if (!waiting) return;
      win.console.warn(
        `handoff-chat: the loader's tag has no data-human (or data-bot) and HandoffChat('init', options) was not called within ${Math.round(timing.initWaitMs / 1000)} s, so no chat is shown until it is.`,
      );
      // Asked for and never coming: the way to a person is the fallback, not a spinner.
      if (waiting.wantsOpen()) fallback = showFallback(win.document, lite(), waiting);
      else waiting.release();
    }, timing.initWaitMs);
  }
  // A widget made by HandoffChat('init', …) shows the page's language unless its options
  // say otherwise: fetched now, it is likely here by then (else the widget redraws in it).
  if (!configures(tag) && language) {
    if (win.document.readyState === 'loading') addons?.preloadLanguage(language);
    whenParsed(() => void addons?.loadLanguage(language));
  }
  for (const [command, ...args] of queued) if (!PAGE_COMMANDS.has(command as string) && command !== 'addon') runner.run(command, args);
  return global;
}
