// What runs inside the measured page. Each export is handed to Playwright as a function,
// so it must be self-contained (no imports, no outer variables): Playwright sends its text.
//
// `installProbe` runs before any of the page's scripts (an init script) and records, on
// `window.__bench`: long tasks, layout shifts, and the moment the chat's entry point (the
// launcher, or deep-chat's input) is first on screen, checked on every animation frame.
// The others are called later to act and measure in page time (`performance.now()`).

/**
 * Where an element lives: `host` is a selector in the document, `inner` one inside its
 * open shadow root (or in the host itself when there is no shadow root).
 * @typedef {{ host: string, inner: string }} Target
 */

/** @param {{ launcher?: Target }} config */
export function installProbe(config) {
  const bench = { longTasks: [], shifts: [], launcherAt: null };
  window.__bench = bench;
  const observe = (type, record) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(record)).observe({ type, buffered: true });
    } catch {
      // An entry type this browser lacks: its figure stays empty rather than breaking the page.
    }
  };
  observe('longtask', (e) => bench.longTasks.push({ start: e.startTime, duration: e.duration }));
  observe('layout-shift', (e) => bench.shifts.push({ start: e.startTime, value: e.value, hadRecentInput: e.hadRecentInput }));

  const { launcher } = config;
  if (!launcher) return;
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && (!el.checkVisibility || el.checkVisibility({ opacityProperty: true, visibilityProperty: true }));
  };
  const tick = () => {
    for (const host of document.querySelectorAll(launcher.host)) {
      const el = (host.shadowRoot ?? host).querySelector(launcher.inner);
      if (el && visible(el)) {
        // The frame about to be painted is the first that shows it.
        bench.launcherAt = performance.now();
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Resolves once `target` exists in the page (true), or after `timeoutMs` (false). */
export function waitForTarget({ target, timeoutMs }) {
  const start = performance.now();
  return new Promise((resolve) => {
    const check = () => {
      const found = [...document.querySelectorAll(target.host)].some((host) => (host.shadowRoot ?? host).querySelector(target.inner));
      if (found) resolve(true);
      else if (performance.now() - start > timeoutMs) resolve(false);
      else setTimeout(check, 25);
    };
    check();
  });
}

/**
 * Resolves when the page has been quiet for `quietMs` (no new long task, no new resource
 * request), or after `maxMs`: the load has settled, lazy parts included.
 */
export function waitForQuiet({ quietMs, maxMs }) {
  const start = performance.now();
  const activity = () => window.__bench.longTasks.length + performance.getEntriesByType('resource').length;
  return new Promise((resolve) => {
    let seen = activity();
    let since = performance.now();
    const check = () => {
      const now = performance.now();
      const current = activity();
      if (current !== seen) {
        seen = current;
        since = now;
      }
      if (now - since >= quietMs || now - start >= maxMs) resolve(now - start < maxMs);
      else setTimeout(check, 50);
    };
    check();
  });
}

/** Everything the probe recorded plus the page's own timings and requests. */
export function collectLoad() {
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    longTasks: window.__bench.longTasks,
    shifts: window.__bench.shifts,
    launcherAt: window.__bench.launcherAt,
    loadEventStart: nav ? nav.loadEventStart : null,
    resources: performance.getEntriesByType('resource').map((e) => ({
      url: e.name,
      initiator: e.initiatorType,
      start: e.startTime,
      encoded: e.encodedBodySize,
      decoded: e.decodedBodySize,
    })),
    now: performance.now(),
  };
}

/**
 * Clicks the launcher and measures, in page time, until keyboard focus is in a composer
 * that takes typing (a textarea neither disabled nor read-only, or an editable element).
 * `focusin` catches the moment; a frame-by-frame check covers a composer that becomes
 * typeable after it got focus. Resolves `{ ms }`, `{ ms: null }` on timeout, or `{ error }`.
 */
export function clickToComposer({ launcher, timeoutMs }) {
  const deepActive = () => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el;
  };
  const typeable = (el) =>
    !!el && ((el.tagName === 'TEXTAREA' && !el.disabled && !el.readOnly) || (el.tagName !== 'BUTTON' && el.isContentEditable));
  return new Promise((resolve) => {
    let button = null;
    for (const host of document.querySelectorAll(launcher.host)) button ??= (host.shadowRoot ?? host).querySelector(launcher.inner);
    if (!button) {
      resolve({ error: `no launcher (${launcher.host} ${launcher.inner})` });
      return;
    }
    let done = false;
    let t0 = 0;
    const finish = (ms) => {
      if (done) return;
      done = true;
      window.removeEventListener('focusin', onFocus, true);
      resolve({ ms });
    };
    const onFocus = () => {
      if (typeable(deepActive())) finish(performance.now() - t0);
    };
    const poll = () => {
      if (done) return;
      if (typeable(deepActive())) finish(performance.now() - t0);
      else if (performance.now() - t0 > timeoutMs) finish(null);
      else requestAnimationFrame(poll);
    };
    window.addEventListener('focusin', onFocus, true);
    t0 = performance.now();
    button.click();
    onFocus();
    requestAnimationFrame(poll);
  });
}

/** The value of the focused composer (after Playwright typed into it). */
export function composerValue() {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el) return '';
  return el.tagName === 'TEXTAREA' ? el.value : el.textContent ?? '';
}

/**
 * Waits, checking every frame, until a message containing `marker` is visible inside the
 * message log `log` (scrolled into its viewport). Optionally clicks `launcher` first.
 * Resolves `{ ms }` from the click (or from the call), or `{ ms: null }` on timeout.
 * Only the last few rows are searched, so the check stays cheap on a long log.
 */
export function waitForNewest({ log, marker, launcher, timeoutMs }) {
  const findIn = (node, depth) => {
    let child = node.lastElementChild;
    for (let n = 0; child && n < 6; n++, child = child.previousElementSibling) {
      if (child.textContent.includes(marker)) return (depth > 0 && findIn(child, depth - 1)) || child;
    }
    return null;
  };
  const shown = () => {
    for (const host of document.querySelectorAll(log.host)) {
      const box = (host.shadowRoot ?? host).querySelector(log.inner);
      const row = box && findIn(box, 4);
      if (!row) continue;
      const a = row.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      if (a.height > 0 && a.bottom > b.top && a.top < b.bottom) return true;
    }
    return false;
  };
  return new Promise((resolve) => {
    const t0 = performance.now();
    if (launcher) {
      let button = null;
      for (const host of document.querySelectorAll(launcher.host)) button ??= (host.shadowRoot ?? host).querySelector(launcher.inner);
      if (!button) {
        resolve({ error: `no launcher (${launcher.host} ${launcher.inner})` });
        return;
      }
      button.click();
    }
    const poll = () => {
      if (shown()) resolve({ ms: performance.now() - t0, at: performance.now() });
      else if (performance.now() - t0 > timeoutMs) resolve({ ms: null, at: performance.now() });
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
}

/**
 * Finds the element that scrolls the message log and starts recording its position on
 * `window.__bench.scroll` from its own scroll events, so following the scroll afterwards
 * reads a number instead of forcing a layout the page would not have done.
 * Returns the centre of the log on screen (where to put the wheel), or null.
 */
export function watchLogScroll({ log }) {
  for (const host of document.querySelectorAll(log.host)) {
    const box = (host.shadowRoot ?? host).querySelector(log.inner);
    if (!box) continue;
    // The log may scroll itself or sit in a scrolling wrapper.
    let scroller = box;
    while (scroller && !(scroller.scrollHeight > scroller.clientHeight && /auto|scroll/.test(getComputedStyle(scroller).overflowY))) {
      scroller = scroller.parentElement;
    }
    scroller ??= box;
    const state = { top: scroller.scrollTop, height: scroller.scrollHeight, at: performance.now(), start: performance.now() };
    window.__bench.scroll = state;
    scroller.addEventListener(
      'scroll',
      () => {
        state.top = scroller.scrollTop;
        state.height = scroller.scrollHeight;
        state.at = performance.now();
      },
      { passive: true },
    );
    const r = scroller.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }
  return null;
}
