/**
 * What the widget needs to know about the page it runs on. The embed layer
 * implements it with `window` listeners; components never touch `window` themselves,
 * so they render anywhere and tests can drive network and keyboard changes.
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
}

/** Size and position of the visual viewport, in CSS pixels. */
export interface ViewportBox {
  height: number;
  offsetTop: number;
}

/**
 * A page that is always online and has no visual viewport: for server rendering and tests.
 *
 * @example
 * render(<Widget chat={chat} host={STATIC_HOST} ... />)
 */
export const STATIC_HOST: HostBridge = {
  isOnline: () => true,
  onNetworkChange: () => () => {},
  viewport: () => undefined,
  onViewportChange: () => () => {},
};
