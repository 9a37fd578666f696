import { ELEMENT_NAME } from './element.js';
import { LOADER_CSS } from './loader-css.js';
import type { GlobalWithHandoffChat, HandoffChatStub, LoaderClaim, LoaderHandle } from './loader-handle.js';
import { hasStoredConversation } from './loader-stored-conversation.js';
import { LOADER_STRINGS, loaderLanguage } from './loader-strings.js';

/** The full widget's file name, looked for next to the loader. */
export const FULL_BUNDLE = 'handoff-chat.iife.js';

/** Timing of the loader, in milliseconds. */
export interface LoaderTiming {
  /** Longest wait for an idle moment after the page's `load` event. Default 4000. */
  idleTimeoutMs: number;
  /** Without `requestIdleCallback` (older Safari): wait this long after `load`. Default 1500. */
  noIdleDelayMs: number;
  /** After a click, show the contact link when the widget is not up this quickly. Default 10000. */
  slowMs: number;
}

const DEFAULT_TIMING: LoaderTiming = { idleTimeoutMs: 4000, noIdleDelayMs: 1500, slowMs: 10000 };

/** Where the loader is: waiting for intent or idle, fetching the widget, failed to, or handed over to it. */
const WAITING = 0;
const LOADING = 1;
const FAILED = 2;
const CLAIMED = 3;

const SVG = 'http://www.w3.org/2000/svg';
/** The `--hc-*` tokens the placeholder shows; `data-theme-*` names them without `color-` and `-panel`. */
const TOKENS = ['color-accent', 'color-on-accent', 'shadow-panel', 'launcher-size', 'launcher-offset', 'z-index'];

/**
 * Where the full widget is: `data-src` if given, else `handoff-chat.iife.js` in the
 * loader's own folder (so a CDN path or a versioned folder just works).
 *
 * @example
 * fullBundleUrl(null, 'https://cdn.example/handoff-chat@1/dist/handoff-chat.loader.js', base)
 * // 'https://cdn.example/handoff-chat@1/dist/handoff-chat.iife.js'
 */
export function fullBundleUrl(dataSrc: string | null, loaderSrc: string | undefined, base: string): string {
  return new URL(dataSrc || FULL_BUNDLE, (!dataSrc && loaderSrc) || base).href;
}

/**
 * The loader: shows the placeholder launcher at once, keeps the command queue, and
 * fetches the full widget when the customer shows intent (hover, focus or click on
 * the launcher), when the browser is idle after the page's `load` event (`data-load`
 * `idle`, the default; `interaction` waits for intent only), or at once (`eager`, an
 * inline chat, `data-open-on-load`, or a conversation to restore). A click made
 * meanwhile opens the chat once the widget is up. When the widget cannot load, or
 * is still not up 10 seconds after a click, the launcher offers the site's contact
 * link (`data-fallback-url`) instead, and opening that again tries the widget again.
 *
 * It reads only what the placeholder needs, without checking, and keeps the
 * placeholder in this function (not a module of its own) because every byte of the
 * loader is paid by every page: the full widget reads the same tag again, validates
 * every attribute and reports the bad ones, and has the richer fallback for a chat
 * that cannot start (`renderLiteLauncher`).
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
  // Loaded twice (two tags, or the loader after handoff-chat.iife.js): the first one stays in charge.
  if (existing?.version || existing?.loader) return undefined;
  // The async snippet's queue if the page made one; the full widget replays it.
  const stub: HandoffChatStub =
    typeof existing === 'function'
      ? existing
      : function queue(...args: unknown[]) {
          (stub.q ||= []).push(args);
        };
  win.HandoffChat = stub;

  const attr = (name: string): string | null => script && script.getAttribute(`data-${name}`);
  const mode = attr('load');
  const target = attr('target');
  const integrity = attr('integrity');
  const src = fullBundleUrl(attr('src'), script?.src, doc.baseURI);
  const lang = loaderLanguage(attr('locale') || doc.documentElement.lang || win.navigator.language);

  // Timers and idle callbacks are never cancelled: each checks the state when it runs.
  let state = WAITING;
  // data-open-on-load, bare or "true".
  let wantsOpen = /^(true)?$/.test(`${attr('open-on-load')}`);
  /** The customer clicked the launcher (not just data-open-on-load): only then may focus move to what opens. */
  let clicked = false;
  /** The contact link is in use: the widget failed, or is slow after a click. */
  let fallback = false;
  /**
   * The placeholder, once on the page: `<handoff-chat data-mode="placeholder">` (the
   * widget's own tag), its shadow root, the launcher, and the contact link for when the
   * widget cannot load (in the shadow root only for a web, mail or phone link).
   */
  let host: HTMLElement | undefined;
  let shadow: ShadowRoot;
  let button: HTMLButtonElement;
  let link: HTMLAnchorElement;

  const set = (el: Element, name: string, value: string): void => el.setAttribute(name, value);
  const busy = (on: boolean): void => set(button, 'aria-busy', `${on}`);

  /**
   * Makes the placeholder the way to a person: shows the contact link above the
   * launcher (or hides it again: `open`), and moves keyboard focus to it with `focus`,
   * unless focus has meanwhile gone elsewhere on the page.
   */
  const fail = (open: boolean, focus: boolean): void => {
    fallback = true;
    set(host!, 'data-mode', 'fallback');
    busy(false);
    link.hidden = !open;
    const page = doc.activeElement;
    if (open && focus && (shadow.activeElement || !page || page === doc.body)) link.focus();
  };

  /**
   * Shows the placeholder: the widget's launcher in the same box and look, from the
   * tag's `data-locale`, `data-position`, `data-color-scheme`, the launcher's
   * `data-theme-*` and `data-fallback-url`.
   */
  const render = (): void => {
    const [openChat, contact] = LOADER_STRINGS[lang]!;
    // The widget's own tag, so page CSS that sets `--hc-*` on `handoff-chat` styles the
    // placeholder too; `data-mode` tells it apart from the real widget.
    host = doc.createElement(ELEMENT_NAME);
    set(host, 'data-mode', 'placeholder');
    const scheme = attr('color-scheme');
    if (scheme) set(host, 'data-color-scheme', scheme);
    for (const token of TOKENS) {
      const value = attr(`theme-${token.replace(/^color-|-panel$/g, '')}`)?.trim();
      // CSSOM, not a style attribute: allowed under a strict Content-Security-Policy. A bare
      // number means pixels, as in the `theme` option.
      if (value) host.style.setProperty(`--hc-${token}`, isNaN(+value) || token === 'z-index' ? value : `${value}px`);
    }
    shadow = host.attachShadow({ mode: 'open' });
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(LOADER_CSS);
      // Throws where adoptedStyleSheets is missing, or a frozen array (older engines).
      shadow.adoptedStyleSheets.push(sheet);
    } catch {
      // Without constructable stylesheets (Safari before 16.4), no placeholder: the widget,
      // which has a <style> fallback with the page's nonce, shows its launcher when it loads.
      host.hidden = true;
    }
    const root = doc.createElement('div');
    // `left` moves it to the left corner (the stylesheet's `.left`).
    root.className = `${attr('position')}`;
    root.lang = lang;
    shadow.appendChild(root);

    button = doc.createElement('button');
    set(button, 'part', 'launcher');
    set(button, 'aria-label', openChat);
    // The widget's chat icon (src/ui/icons.tsx), its size and strokes in the stylesheet.
    const svg = doc.createElementNS(SVG, 'svg');
    set(svg, 'viewBox', '0 0 24 24');
    const path = doc.createElementNS(SVG, 'path');
    set(path, 'd', 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z');
    svg.appendChild(path);
    button.appendChild(svg);
    root.appendChild(button);
    button.onpointerenter = button.onfocus = load;
    button.onclick = () => {
      clicked = true;
      wantsOpen = !wantsOpen;
      if (fallback) fail(wantsOpen, true);
      else busy(wantsOpen);
      if (wantsOpen) {
        // Opening the contact link of a widget that failed is the way to try again.
        if (state === FAILED) state = WAITING;
        // Still loading after a while: the way to a person shows meanwhile; the widget takes over if it arrives.
        win.setTimeout(() => state === LOADING && wantsOpen && fail(true, true), timing.slowMs);
      }
      load();
    };

    // Resolved against the page now (the element does it; a later history.pushState
    // must not move a relative link); never a `javascript:` link.
    link = doc.createElement('a');
    link.href = attr('fallback-url') || 'x:';
    link.href = link.href;
    set(link, 'part', 'fallback-link');
    link.hidden = true;
    link.textContent = contact;
    if (/^(https?|mailto|tel):$/.test(link.protocol)) root.appendChild(link);

    // Before <body> exists (a plain tag in <head>), the placeholder goes in <html>: it floats anyway.
    (doc.body || doc.documentElement).appendChild(host);
  };

  /** Adds `<script async src>` for `url`; `done` runs once it has run or failed, after the tag is removed. */
  const add = (url: string, done?: () => void): void => {
    const element = doc.createElement('script');
    element.src = url;
    element.async = true;
    if (integrity) {
      element.integrity = integrity;
      // Subresource Integrity needs a CORS fetch of the file.
      element.crossOrigin = 'anonymous';
    }
    if (script?.crossOrigin) element.crossOrigin = script.crossOrigin;
    // Pages with nonce-based policies ('strict-dynamic') trust what a trusted script adds, given the nonce.
    element.nonce = script?.nonce || '';
    element.onload = element.onerror = () => {
      // The code has run (or never will): the element has no further use.
      element.remove();
      done?.();
    };
    doc.head.appendChild(element);
  };

  function load(): void {
    if (state !== WAITING) return;
    state = LOADING;
    // Loaded without claiming the placeholder (so not the widget: check data-src), or not loaded at all.
    add(src, () => {
      if (state === CLAIMED) return;
      state = FAILED;
      // An inline chat (data-target) has no placeholder while it loads; failed, it gets the
      // launcher with the contact link, as a floating one does.
      if (!host) render();
      fail(wantsOpen, wantsOpen && clicked);
    });
    // The page's language file (handoff-chat.fr.js, …) at the same time, rather than once the
    // widget asks for it; with Subresource Integrity the widget fetches it, pinned to its hash.
    // A Trusted Types policy that allows only the widget's URL refuses it: the widget asks then.
    try {
      if (lang !== 'en' && !integrity) add(new URL(`handoff-chat.${lang}.js`, src).href);
    } catch {}
  }

  const whenIdle = (): void => {
    if (win.requestIdleCallback) win.requestIdleCallback(load, { timeout: timing.idleTimeoutMs });
    else win.setTimeout(load, timing.noIdleDelayMs);
  };

  stub.loader = {
    script,
    claim(): LoaderClaim | undefined {
      if (state === CLAIMED) return undefined;
      state = CLAIMED;
      return {
        wantsOpen: () => wantsOpen,
        clicked: () => clicked && wantsOpen,
        hasFocus: () => !!host && !!shadow.activeElement,
        release() {
          host?.remove();
          host = undefined;
        },
      };
    },
  };

  // An inline chat (data-target) is part of the page: no launcher, and no reason to wait.
  if (target === null) {
    render();
    busy(wantsOpen);
  }
  // Nor for a panel that opens at once.
  if (mode === 'eager' || target !== null || wantsOpen) load();
  // Nor for a conversation to restore; the browser opens its storage on the first read, a
  // few milliseconds not spent in the page's own start (where a deferred loader runs).
  else
    win.setTimeout(() => {
      if (hasStoredConversation(win, attr('storage-key'))) load();
      else if (mode !== 'interaction') {
        if (doc.readyState === 'complete') whenIdle();
        // `once`: nothing of the loader stays on the page's window.
        else win.addEventListener('load', whenIdle, { once: true });
      }
    });
  return stub.loader;
}
