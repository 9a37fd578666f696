import type { HandoffChatWidget } from './init.js';
import { renderLiteLauncher, type LiteLauncher } from './lite-launcher.js';
import type { LoaderClaim } from './loader-handle.js';
import { readAttributes, type AttributeConfig } from './read-attributes.js';
import type { TransportFactories } from './transport-presets.js';
import type { WidgetOptions } from './widget-options.js';

/** `<script src="…/handoff-chat.loader.js">`, for messages. */
function describeTag(el: Element): string {
  const src = el.getAttribute('src');
  return src ? `<script src="${src}">` : `<${el.tagName.toLowerCase()}>`;
}

/**
 * The one console message for everything wrong with a tag's attributes: each
 * problem numbered, then what happened as a result.
 *
 * @example
 * formatProblems(script, ['data-colour: unknown attribute …'], true)
 */
export function formatProblems(el: Element, problems: readonly string[], started: boolean): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((p, i) => `  ${i + 1}. ${p}`);
  const outcome = started
    ? 'The chat started with everything else.'
    : 'The chat could not start; the launcher offers the fallback contact link (data-fallback-url) instead.';
  return `handoff-chat: ${count} with the data attributes of ${describeTag(el)}:\n${lines.join('\n')}\n${outcome} Attributes are listed in docs/embedding.md.`;
}

/**
 * Starts the widget a script tag's data attributes describe. Bad attributes are
 * reported in one `console.error` and left out; when no human transport can be made
 * (or `init` refuses), the placeholder launcher stays and opens a fallback panel
 * with the site's contact link, so the customer is never left at a dead end.
 *
 * `earlier` problems (an add-on that could not be fetched) lead the list; `read` is the
 * tag's attributes when they were read (in a task of their own) before.
 *
 * With a loader `claim`, the placeholder is swapped for the real launcher in place:
 * a click made while loading opens the chat, and keyboard focus moves across.
 *
 * @example
 * const widget = startFromAttributes(document.currentScript, window, transports, init)
 */
export function startFromAttributes(
  el: Element,
  win: Window & typeof globalThis,
  factories: TransportFactories,
  create: (options: WidgetOptions) => HandoffChatWidget,
  claim?: LoaderClaim,
  earlier: readonly string[] = [],
  read: AttributeConfig = readAttributes(el, factories, win.document),
): HandoffChatWidget | undefined {
  const doc = win.document;
  const { options, problems, lite } = read;
  problems.unshift(...earlier);
  let widget: HandoffChatWidget | undefined;
  if (options) {
    try {
      widget = create(options);
    } catch (error) {
      problems.push(`The chat could not start: ${(error as Error).message}`);
    }
  }
  if (problems.length) win.console.error(formatProblems(el, problems, widget !== undefined));

  if (widget) {
    takeOver(widget, claim);
    return widget;
  }
  showFallback(doc, lite, claim);
  return undefined;
}

/**
 * Replaces the loader's placeholder with the real widget: a click made while it
 * loaded counts as a click on the real launcher (focus goes to the composer), and
 * keyboard focus on the placeholder moves to the real launcher.
 *
 * @example
 * takeOver(init(options), handle.claim())
 */
export function takeOver(widget: HandoffChatWidget, claim: LoaderClaim | undefined): void {
  if (!claim) return;
  const wantsOpen = claim.wantsOpen();
  const hadFocus = claim.hasFocus();
  claim.release();
  const launcher = widget.element.shadowRoot?.querySelector<HTMLButtonElement>('[part~="launcher"]');
  if (wantsOpen && !widget.state.open) {
    if (launcher) launcher.click();
    else widget.open();
  } else if (hadFocus) launcher?.focus();
}

/**
 * Shows the launcher that opens the fallback panel (the site's contact link) in
 * place of a widget that could not start, taking over from the loader's placeholder.
 * The panel is open at once when the chat was to open, but takes keyboard focus only
 * when the customer clicked for it (never for `data-open-on-load` alone).
 *
 * @example
 * const fallback = showFallback(document, { locale: 'en', fallbackUrl: 'mailto:help@example.com' }, claim)
 */
export function showFallback(doc: Document, lite: AttributeConfig['lite'], claim: LoaderClaim | undefined): LiteLauncher {
  const wantsOpen = claim?.wantsOpen() ?? false;
  const clicked = claim?.clicked?.() ?? false;
  const hadFocus = claim?.hasFocus() ?? false;
  claim?.release();
  const fallback = renderLiteLauncher({ doc, ...lite });
  fallback.fail(wantsOpen, clicked);
  if (hadFocus && !(wantsOpen && clicked)) fallback.button?.focus();
  return fallback;
}
