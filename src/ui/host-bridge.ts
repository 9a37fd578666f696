/**
 * What the widget needs to know about the page it runs on. The embed layer
 * implements it with `window` listeners; components never touch `window` themselves,
 * so they render anywhere and tests can drive network, viewport and media changes.
 */
export interface HostBridge {
  /** Whether the browser believes it is online. */
  isOnline(): boolean;
  /** Calls `listener` when the browser goes online or offline; returns the unsubscribe. */
  onNetworkChange(listener: (online: boolean) => void): () => void;
  /** The visible part of the layout viewport (shrinks when an on-screen keyboard opens). */
  viewport(): ViewportBox | undefined;
  /** Calls `listener` when the visual viewport resizes or scrolls; returns the unsubscribe. */
  onViewportChange(listener: () => void): () => void;
  /** Whether a CSS media query (such as the full-screen breakpoint) matches now. */
  matchesMedia(query: string): boolean;
  /** Calls `listener` when the query starts or stops matching; returns the unsubscribe. */
  onMediaChange(query: string, listener: () => void): () => void;
  /** Calls `listener` when the page is being hidden or left (`pagehide`): the last moment to save. */
  onPageHide(listener: () => void): () => void;
  /**
   * Calls `callback` once, before the next paint: the widget draws a burst of changes
   * there in one go. Optional; the default is `requestAnimationFrame`. Tests pass
   * their own to step frame by frame.
   */
  nextFrame?(callback: () => void): void;
  /**
   * Calls `callback` once the page has a quiet moment; returns the cancel. Optional:
   * without it, work that could wait (drawing the closed panel) is done at once.
   */
  whenIdle?(callback: () => void): () => void;
}

/** Size and position of the visual viewport, in CSS pixels. */
export interface ViewportBox {
  height: number;
  offsetTop: number;
}

const NOTHING = (): void => {};

/**
 * A page that is always online, wide, and has no visual viewport: for server rendering and tests.
 *
 * @example
 * render(<Widget chat={chat} host={STATIC_HOST} ... />)
 */
export const STATIC_HOST: HostBridge = {
  isOnline: () => true,
  onNetworkChange: () => NOTHING,
  viewport: () => undefined,
  onViewportChange: () => NOTHING,
  matchesMedia: () => false,
  onMediaChange: () => NOTHING,
  onPageHide: () => NOTHING,
};
