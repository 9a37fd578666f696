import type { Ref } from 'preact';
import { useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Chat } from '../core/chat.js';
import { formatString } from '../core/format-string.js';
import type { Strings } from '../i18n/strings.js';
import { createTimeFormatter } from './format-time.js';
import { STATIC_HOST, type HostBridge } from './host-bridge.js';
import { Launcher } from './Launcher.js';
import { Panel } from './Panel.js';
import { createImagePolicy } from './safe-url.js';
import { stripBidiControls } from './strip-bidi-controls.js';
import { UiContext, type UiContextValue } from './ui-context.js';
import { FULL_SCREEN_QUERY } from './styles.js';
import { useChatState } from './useChatState.js';
import { useMediaQuery } from './useMediaQuery.js';
import { useNetworkStatus } from './useNetworkStatus.js';
import { useViewport } from './useViewport.js';

/** What the code that mounted the widget may ask of it (see `WidgetProps.handle`). */
export interface WidgetHandle {
  /**
   * Moves keyboard focus into the message box: now if the panel is showing, else
   * as soon as it opens. For opens the visitor asked for (the site's own "Chat with
   * us" button), never for opens the page makes by itself.
   */
  focusComposer(): void;
}

/** Everything the widget UI needs; `init()` builds it from the options. */
export interface WidgetProps {
  chat: Chat;
  /** The complete catalogue (built-in language plus overrides). */
  strings: Strings;
  /** BCP 47 tag, for `lang` and date formatting. */
  locale: string;
  dir: 'ltr' | 'rtl';
  /** `floating`: launcher + panel over the page; `inline`: the panel inside a page element. */
  mode: 'floating' | 'inline';
  position?: 'right' | 'left';
  /** Overrides `strings.title`. */
  title?: string;
  /** Origins images may load from (see `createImagePolicy`). Default none. */
  imageOrigins?: readonly string[];
  host?: HostBridge;
  /** The clock for "today or older" in time stamps. */
  now?: () => number;
  /** Receives the widget's handle (`init()` uses it for `open({ focus: true })`). */
  handle?: Ref<WidgetHandle>;
}

const EMPTY: readonly string[] = [];

/** Names and e-mails put into a sentence must not reorder the sentence around them. */
function isolateParams(params: Record<string, string | number>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) out[key] = typeof value === 'string' ? stripBidiControls(value) : value;
  return out;
}

/**
 * The whole widget UI for one chat. It talks only to the chat: every action is a
 * chat method, every display follows `chat.state`.
 *
 * @example
 * render(<Widget chat={chat} strings={en} locale="en" dir="ltr" mode="inline" />, container)
 */
export function Widget({ chat, strings, locale, dir, mode, position = 'right', title, imageOrigins = EMPTY, host = STATIC_HOST, now = Date.now, handle }: WidgetProps) {
  const state = useChatState(chat, host);
  const online = useNetworkStatus(host);
  const floating = mode === 'floating';
  const open = !floating || state.open;
  const viewport = useViewport(host, floating && open);
  // Full screen, the floating panel hides the page: it is a modal dialog then, not before.
  const modal = useMediaQuery(host, FULL_SCREEN_QUERY, floating && open);
  const launcherRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const focusComposerOnOpen = useRef(false);
  const shown = useRef(open);
  shown.current = open;

  useImperativeHandle(
    handle ?? null,
    () => ({
      focusComposer() {
        if (shown.current && chat.state.open) composerRef.current?.focus();
        else focusComposerOnOpen.current = true;
      },
    }),
    [chat],
  );

  const ui = useMemo<UiContextValue>(
    () => ({
      chat,
      t: (key, params) => formatString(strings[key], params && isolateParams(params)),
      allowsImage: createImagePolicy(imageOrigins),
      formatTime: createTimeFormatter(locale, now),
      mode,
      host,
      refocus(event, scope) {
        const control = event.currentTarget as Element | null;
        const active = (control?.getRootNode() as Document | ShadowRoot | undefined)?.activeElement;
        // Focus was elsewhere (or a tap that never focuses, as in Safari): nothing is lost, nothing to move.
        if (!active || !(scope ?? control)?.contains(active)) return;
        const root = rootRef.current;
        const pointer = (event as PointerEvent).pointerType;
        // After a tap, a text box would pop up the on-screen keyboard over the answer: take the heading instead.
        const target =
          pointer === 'touch' || pointer === 'pen'
            ? root?.querySelector<HTMLElement>('#hc-title')
            : composerRef.current?.isConnected
              ? composerRef.current
              : root?.querySelector<HTMLElement>('[part~="human-button"]');
        target?.focus();
      },
    }),
    [chat, strings, locale, imageOrigins, now, mode, host],
  );

  // Focus follows the panel: into the composer when the customer opened it, back to
  // the launcher when it closes while focus was inside (never stolen from the page).
  const wasOpen = useRef(open);
  useLayoutEffect(() => {
    const changed = wasOpen.current !== open;
    wasOpen.current = open;
    if (open) {
      // Runs after every render, so a request made while the panel was about to open is not lost.
      if (focusComposerOnOpen.current) composerRef.current?.focus();
      focusComposerOnOpen.current = false;
      return;
    }
    if (!changed || !floating) return;
    const root = rootRef.current?.getRootNode() as Document | ShadowRoot | undefined;
    const active = root?.activeElement;
    const wrapper = launcherRef.current?.parentElement;
    if (active && wrapper?.contains(active) && active !== launcherRef.current) launcherRef.current?.focus();
  });

  // The closed panel is drawn in the page's first quiet moment, not while the page loads
  // (it is most of the widget's first render); opening before then draws it at once.
  const [idle, setIdle] = useState(false);
  const panelDrawn = useRef(false);
  if (open || idle || !host.whenIdle) panelDrawn.current = true;
  useEffect(() => {
    if (panelDrawn.current || !host.whenIdle) return undefined;
    return host.whenIdle(() => setIdle(true));
  }, [host]);

  const dismiss = floating
    ? () => {
        chat.close();
      }
    : undefined;

  const panelStyle: Record<string, string> | undefined = viewport
    ? { '--hc-vv-height': `${viewport.height}px`, '--hc-vv-top': `${viewport.offsetTop}px` }
    : undefined;

  return (
    <UiContext.Provider value={ui}>
      <div class={`root root-${mode} pos-${position}${open ? ' is-open' : ''}`} dir={dir} lang={locale} ref={rootRef}>
        {floating ? (
          <Launcher
            open={open}
            unread={state.unread}
            buttonRef={launcherRef}
            controls={panelDrawn.current}
            onToggle={() => {
              if (state.open) chat.close();
              else {
                focusComposerOnOpen.current = true;
                chat.open();
              }
            }}
          />
        ) : null}
        {panelDrawn.current ? (
          <Panel
            state={state}
            online={online}
            title={title ?? strings.title}
            visible={open}
            modal={modal}
            onDismiss={dismiss}
            composerRef={composerRef}
            {...(panelStyle ? { style: panelStyle } : {})}
          />
        ) : null}
      </div>
    </UiContext.Provider>
  );
}
