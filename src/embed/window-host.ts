import { whenIdleOn } from '../core/environment.js';
import type { HostBridge } from '../ui/host-bridge.js';

/** Longest wait for a quiet moment before work that could wait is done anyway. */
const IDLE_TIMEOUT_MS = 2000;
/** Without `requestIdleCallback` (older Safari): wait this long instead. */
const NO_IDLE_DELAY_MS = 200;

/**
 * The widget's view of a real browser window: online/offline events, the visual
 * viewport (which shrinks when an on-screen keyboard opens), media queries,
 * `pagehide` and idle moments. Every subscription returns its own removal, so unmounting the widget
 * leaves no listener behind.
 */
export function createWindowHost(win: Window & typeof globalThis): HostBridge {
  return {
    isOnline: () => win.navigator?.onLine !== false,
    onNetworkChange(listener) {
      const online = (): void => listener(true);
      const offline = (): void => listener(false);
      win.addEventListener('online', online);
      win.addEventListener('offline', offline);
      return () => {
        win.removeEventListener('online', online);
        win.removeEventListener('offline', offline);
      };
    },
    viewport() {
      const vv = win.visualViewport;
      return vv ? { height: vv.height, offsetTop: vv.offsetTop } : undefined;
    },
    onViewportChange(listener) {
      const vv = win.visualViewport;
      if (!vv) return () => {};
      vv.addEventListener('resize', listener);
      vv.addEventListener('scroll', listener);
      return () => {
        vv.removeEventListener('resize', listener);
        vv.removeEventListener('scroll', listener);
      };
    },
    matchesMedia: (query) => win.matchMedia?.(query).matches === true,
    onMediaChange(query, listener) {
      const list = win.matchMedia?.(query);
      if (!list) return () => {};
      list.addEventListener('change', listener);
      return () => list.removeEventListener('change', listener);
    },
    onPageHide(listener) {
      win.addEventListener('pagehide', listener);
      return () => win.removeEventListener('pagehide', listener);
    },
    whenIdle: (callback) => whenIdleOn(win, callback, IDLE_TIMEOUT_MS, NO_IDLE_DELAY_MS),
  };
}
