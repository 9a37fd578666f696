import type { HostBridge } from '../ui/host-bridge.js';

/**
 * The widget's view of a real browser window: online/offline events and the visual
 * viewport (which shrinks when an on-screen keyboard opens). Every subscription
 * returns its own removal, so unmounting the widget leaves no listener behind.
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
  };
}
