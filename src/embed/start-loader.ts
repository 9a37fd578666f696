import { fallbackUrl } from './fallback-url.js';
import { renderLiteLauncher, type LiteLauncher } from './lite-launcher.js';
import type { LiteStrings } from './lite-strings.js';
import type { GlobalWithHandoffChat, HandoffChatStub, LoaderClaim, LoaderHandle } from './loader-handle.js';
import { pageLocale } from './page-locale.js';
import { themeProperties } from './theme-attributes.js';

/** The full widget's file name, looked for next to the loader. */
export const FULL_BUNDLE = 'handoff-chat.iife.js';

/** When the full widget loads (`data-load`). */
export type LoadMode = 'idle' | 'interaction' | 'eager';

/** Timing of the loader, in milliseconds. */
export interface LoaderTiming {
  /** Longest wait for an idle moment after the page's `load` event. Default 4000. */
  idleTimeoutMs: number;
  /** Without `requestIdleCallback` (older Safari): wait this long after `load`. Default 1500. */
  noIdleDelayMs: number;
  /** After a click, show the fallback panel when the widget is not up this quickly. Default 10000. */
  slowMs: number;
}

const DEFAULT_TIMING: LoaderTiming = { idleTimeoutMs: 4000, noIdleDelayMs: 1500, slowMs: 10000 };

/** The loader's own reading of the script tag; everything else is the full widget's job. */
function loaderAttributes(script: HTMLScriptElement | null, doc: Document) {
  const attr = (name: string): string | null => script?.getAttribute(`data-${name}`) ?? null;
  const mode = attr('load');
  let strings: Partial<LiteStrings> = {};
  let translated = 0;
  try {
    const parsed = JSON.parse(attr('strings') ?? '{}') as Record<string, unknown>;
    for (const key of ['openChat', 'closeChat'] as const) if (typeof parsed[key] === 'string' && parsed[key]) strings[key] = parsed[key] as string;
    translated = Object.values(parsed).filter((v) => typeof v === 'string').length;
  } catch {
    // The full widget reports a malformed data-strings; the placeholder keeps its own texts.
    strings = {};
  }
  const position = attr('position');
  const scheme = attr('color-scheme');
  const openOnLoad = attr('open-on-load');
  return {
    src: attr('src'),
    integrity: attr('integrity'),
    mode: (mode === 'interaction' || mode === 'eager' ? mode : 'idle') as LoadMode,
    target: attr('target'),
    openOnLoad: openOnLoad === '' || openOnLoad === 'true',
    lite: {
      locale: attr('locale') || pageLocale(doc, doc.defaultView?.navigator),
      strings,
      translated,
      position: position === 'left' ? ('left' as const) : ('right' as const),
      colorScheme: (scheme === 'light' || scheme === 'dark' ? scheme : 'auto') as 'auto' | 'light' | 'dark',
      theme: script ? themeProperties(script) : [],
      nonce: attr('nonce') || script?.nonce || undefined,
      fallbackUrl: fallbackUrl(attr('fallback-url'), doc.baseURI),
    },
  };
}

/**
 * Where the full widget is: `data-src` if given, else `handoff-chat.iife.js` in the
 * loader's own folder (so a CDN path or a versioned folder just works).
 *
 * @example
 * fullBundleUrl(null, 'https://cdn.example/handoff-chat@1/dist/handoff-chat.loader.js', base)
 * // 'https://cdn.example/handoff-chat@1/dist/handoff-chat.iife.js'
 */
export function fullBundleUrl(dataSrc: string | null, loaderSrc: string | undefined, base: string): string {
  if (dataSrc) return new URL(dataSrc, base).href;
  return new URL(FULL_BUNDLE, loaderSrc || base).href;
}

/** Makes `window.HandoffChat` a command queue unless the snippet already did. */
function ensureStub(win: GlobalWithHandoffChat): HandoffChatStub {
  const existing = win.HandoffChat;
  if (typeof existing === 'function') return existing;
  const stub: HandoffChatStub = function (...args: unknown[]) {
    (stub.q = stub.q ?? []).push(args);
  };
  stub.q = [];
  win.HandoffChat = stub;
  return stub;
}

/**
 * The loader: shows the placeholder launcher at once, and fetches the full widget
 * when the browser is idle after the page has loaded, or as soon as the customer
 * shows interest in the launcher (hover, focus, click), whichever comes first.
 * When the full widget cannot load, the launcher opens a fallback panel with the
 * site's contact link (`data-fallback-url`), never a dead end.
 *
 * Runs from `dist/handoff-chat.loader.js`; exported for tests.
 *
 * @example
 * startLoader(window, document.currentScript)
 */
export function startLoader(
  win: GlobalWithHandoffChat,
  script: HTMLScriptElement | null,
  timing: LoaderTiming = DEFAULT_TIMING,
): LoaderHandle | undefined {
  const doc = win.document;
  const existing = win.HandoffChat;
  if (typeof existing === 'function' && (existing.version || existing.loader)) {
    win.console.error('handoff-chat: loaded twice; keep one script tag (the loader or handoff-chat.iife.js).');
    return undefined;
  }
  const stub = ensureStub(win);
  const config = loaderAttributes(script, doc);
  const src = fullBundleUrl(config.src, script?.src, doc.baseURI);

  let state: 'waiting' | 'loading' | 'failed' | 'claimed' = 'waiting';
  let wantsOpen = config.openOnLoad;
  /** The customer clicked the launcher (not just data-open-on-load): only then may focus move to what opens. */
  let clicked = false;
  let lite: LiteLauncher | undefined;
  let idle: { cancel(): void } | undefined;
  let slow: number | undefined;
  let element: HTMLScriptElement | undefined;

  const stopWaiting = (): void => {
    idle?.cancel();
    idle = undefined;
    if (slow !== undefined) win.clearTimeout(slow);
    slow = undefined;
  };

  const showFailure = (): void => {
    if (state === 'claimed') return;
    if (!lite && config.target !== null) {
      // Inline mode has no launcher; the fallback goes where the chat would have been.
      let target: Element | null = null;
      try {
        target = doc.querySelector(config.target);
      } catch {
        target = null;
      }
      lite = renderLiteLauncher({ doc, ...config.lite, ...(target ? { target } : {}), onActivate, onRetry });
    }
    lite?.fail(wantsOpen, wantsOpen && clicked);
  };

  const finish = (ok: boolean): void => {
    if (element) {
      element.removeEventListener('load', onScriptLoad);
      element.removeEventListener('error', onScriptError);
      // The code has run (or never will); the element has no further use.
      element.remove();
      element = undefined;
    }
    if (state === 'claimed') return;
    if (ok) win.console.error(`handoff-chat: ${src} loaded but is not the handoff-chat widget (check data-src).`);
    stopWaiting();
    state = 'failed';
    showFailure();
  };
  const onScriptLoad = (): void => finish(true);
  const onScriptError = (): void => finish(false);

  const load = (): void => {
    if (state !== 'waiting') return;
    state = 'loading';
    idle?.cancel();
    idle = undefined;
    element = doc.createElement('script');
    element.src = src;
    element.async = true;
    if (config.integrity) {
      element.integrity = config.integrity;
      // Subresource Integrity needs a CORS fetch of the file.
      element.crossOrigin = script?.crossOrigin || 'anonymous';
    } else if (script?.crossOrigin) {
      element.crossOrigin = script.crossOrigin;
    }
    // Pages with nonce-based policies ('strict-dynamic') trust what a trusted script adds, given the nonce.
    if (script?.nonce) element.nonce = script.nonce;
    element.addEventListener('load', onScriptLoad);
    element.addEventListener('error', onScriptError);
    (doc.head ?? doc.documentElement).appendChild(element);
  };

  /** After a click, the way to a person shows if the widget is not up within `slowMs`. */
  const watchSlow = (): void => {
    if (slow !== undefined) win.clearTimeout(slow);
    slow = win.setTimeout(() => {
      slow = undefined;
      // Still loading: show the way to a person meanwhile; the widget takes over if it arrives.
      if (state === 'loading' && wantsOpen) lite?.fail(true, true);
    }, timing.slowMs);
  };

  function onActivate(kind: 'intent' | 'open'): void {
    if (kind === 'open') {
      clicked = true;
      wantsOpen = !wantsOpen;
      lite?.setBusy(wantsOpen);
      if (wantsOpen && slow === undefined && state !== 'failed') watchSlow();
    }
    load();
  }

  function onRetry(): void {
    clicked = true;
    wantsOpen = true;
    lite?.setBusy(true);
    // Only a failed download is fetched again: one still in flight is simply waited for
    // (a second copy would race it and report "loaded twice").
    if (state === 'failed') {
      state = 'waiting';
      load();
    }
    if (state === 'loading') watchSlow();
  }

  const scheduleIdle = (): void => {
    const ric = win.requestIdleCallback?.bind(win);
    if (ric) {
      const id = ric(load, { timeout: timing.idleTimeoutMs });
      idle = { cancel: () => win.cancelIdleCallback(id) };
    } else {
      const id = win.setTimeout(load, timing.noIdleDelayMs);
      idle = { cancel: () => win.clearTimeout(id) };
    }
  };

  const onPageLoad = (): void => {
    win.removeEventListener('load', onPageLoad);
    if (state === 'waiting') scheduleIdle();
  };

  const onDomReady = (): void => {
    doc.removeEventListener('DOMContentLoaded', onDomReady);
    if (state === 'claimed' || config.target !== null) return;
    lite ??= renderLiteLauncher({ doc, ...config.lite, onActivate, onRetry });
    if (state === 'failed') lite.fail(wantsOpen, wantsOpen && clicked);
    else if (wantsOpen) lite.setBusy(true);
  };

  const handle: LoaderHandle = {
    script,
    claim(): LoaderClaim | undefined {
      if (state === 'claimed') return undefined;
      state = 'claimed';
      stopWaiting();
      win.removeEventListener('load', onPageLoad);
      doc.removeEventListener('DOMContentLoaded', onDomReady);
      return {
        wantsOpen: () => wantsOpen,
        clicked: () => clicked && wantsOpen,
        hasFocus: () => lite?.hasFocus() ?? false,
        release() {
          lite?.remove();
          lite = undefined;
        },
      };
    },
  };
  stub.loader = handle;

  if (doc.body) onDomReady();
  else doc.addEventListener('DOMContentLoaded', onDomReady);

  // Inline panels and panels that open at once are part of the page: no reason to wait.
  if (config.mode === 'eager' || config.target !== null || config.openOnLoad) load();
  else if (config.mode === 'idle') {
    if (doc.readyState === 'complete') scheduleIdle();
    else win.addEventListener('load', onPageLoad);
  }
  return handle;
}
