/**
 * How the loader and the full widget meet on the page. The loader leaves a handle
 * on `window.HandoffChat.loader`; the full widget claims it when it runs, reads the
 * data attributes from the loader's script tag, and releases the placeholder once
 * its own launcher is on the page.
 */
export interface LoaderHandle {
  /** The loader's `<script>`, whose data attributes configure the widget. */
  readonly script: HTMLScriptElement | null;
  /** Takes over from the loader; `undefined` when something already did. */
  claim(): LoaderClaim | undefined;
}

/** What the full widget gets from the loader. */
export interface LoaderClaim {
  /** Open the chat once it is up: the customer clicked the placeholder, or `data-open-on-load`. */
  wantsOpen(): boolean;
  /**
   * The customer asked for it with a click (not just `data-open-on-load`): what opens
   * may take keyboard focus. Optional for older loaders (then: never).
   */
  clicked?(): boolean;
  /** Keyboard focus is on the placeholder: move it to the real launcher. */
  hasFocus(): boolean;
  /** Removes the placeholder launcher (call right after the real one renders). */
  release(): void;
}

/**
 * `window.HandoffChat` before the full widget has loaded: the async snippet's (or the
 * loader's) command queue. Every call is kept in `q` and replayed in order.
 *
 * @example
 * window.HandoffChat = window.HandoffChat || function () { (HandoffChat.q = HandoffChat.q || []).push(arguments) }
 */
export interface HandoffChatStub {
  (...args: unknown[]): unknown;
  q?: ArrayLike<unknown>[];
  loader?: LoaderHandle;
  /** Set by the full widget: the library version. */
  version?: string;
}

/** The page's `window` with the global the snippet, the loader and the widget share. */
export type GlobalWithHandoffChat = Window & typeof globalThis & { HandoffChat?: HandoffChatStub };
