/**
 * A page-side ledger of everything that can outlive a widget: event listeners on
 * long-lived targets, timers, animation and idle callbacks, WebSockets,
 * EventSources, streaming fetches, observers, BroadcastChannels, Web Locks and
 * elements. Installed with `page.addInitScript(installResourceCounter)` before any
 * page script runs; `window.__resources()` returns the live counts.
 *
 * Runs in the browser: it must stay self-contained (no imports, no closures over
 * Node values).
 */
export interface ResourceCounts {
  listeners: number;
  timeouts: number;
  intervals: number;
  animationFrames: number;
  idleCallbacks: number;
  webSockets: number;
  eventSources: number;
  fetches: number;
  observers: number;
  broadcastChannels: number;
  locks: number;
  elements: number;
  /** What the listeners are, for a readable failure. */
  listenerDetail: string[];
}

export function installResourceCounter(): void {
  const w = window as unknown as Record<string, unknown> & typeof window;

  // ---- listeners ----------------------------------------------------------
  interface Record_ {
    target: EventTarget;
    type: string;
    capture: boolean;
    listener: unknown;
    native: unknown;
  }
  const listeners = new Set<Record_>();
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const captureOf = (options: unknown): boolean => (typeof options === 'boolean' ? options : Boolean((options as { capture?: boolean } | undefined)?.capture));
  const find = (target: EventTarget, type: string, listener: unknown, capture: boolean): Record_ | undefined => {
    for (const r of listeners) if (r.target === target && r.type === type && r.listener === listener && r.capture === capture) return r;
    return undefined;
  };
  EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, listener: unknown, options?: unknown) {
    if (!listener) return add.call(this, type, listener as EventListener, options as AddEventListenerOptions);
    const capture = captureOf(options);
    if (find(this, type, listener, capture)) return undefined;
    const opts = (typeof options === 'object' && options !== null ? options : {}) as AddEventListenerOptions;
    const record: Record_ = { target: this, type, capture, listener, native: listener };
    if (opts.once) {
      // A `once` listener is gone after it fires: keep the ledger honest.
      const original = listener as EventListenerOrEventListenerObject;
      record.native = function (this: unknown, event: Event) {
        listeners.delete(record);
        return typeof original === 'function' ? original.call(this, event) : original.handleEvent(event);
      };
    }
    if (opts.signal) {
      if (opts.signal.aborted) return undefined;
      add.call(opts.signal, 'abort', () => listeners.delete(record));
    }
    listeners.add(record);
    return add.call(this, type, record.native as EventListener, options as AddEventListenerOptions);
  };
  EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, listener: unknown, options?: unknown) {
    const record = listener ? find(this, type, listener, captureOf(options)) : undefined;
    if (record) listeners.delete(record);
    return remove.call(this, type, (record?.native ?? listener) as EventListener, options as EventListenerOptions);
  };

  // ---- timers --------------------------------------------------------------
  const timeouts = new Set<unknown>();
  const intervals = new Set<unknown>();
  const frames = new Set<unknown>();
  const idles = new Set<unknown>();
  const st = w.setTimeout.bind(w);
  const ct = w.clearTimeout.bind(w);
  const si = w.setInterval.bind(w);
  const ci = w.clearInterval.bind(w);
  w.setTimeout = ((fn: unknown, ms?: number, ...args: unknown[]) => {
    const id: unknown = st(
      (...a: unknown[]) => {
        timeouts.delete(id);
        if (typeof fn === 'function') (fn as (...x: unknown[]) => void)(...a);
      },
      ms,
      ...args,
    );
    timeouts.add(id);
    return id;
  }) as typeof setTimeout;
  w.clearTimeout = ((id: unknown) => {
    timeouts.delete(id);
    ct(id as number);
  }) as typeof clearTimeout;
  w.setInterval = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id = si(fn, ms, ...args);
    intervals.add(id);
    return id;
  }) as typeof setInterval;
  w.clearInterval = ((id: unknown) => {
    intervals.delete(id);
    ci(id as number);
  }) as typeof clearInterval;
  const raf = w.requestAnimationFrame.bind(w);
  const caf = w.cancelAnimationFrame.bind(w);
  w.requestAnimationFrame = (fn: FrameRequestCallback) => {
    const id = raf((t) => {
      frames.delete(id);
      fn(t);
    });
    frames.add(id);
    return id;
  };
  w.cancelAnimationFrame = (id: number) => {
    frames.delete(id);
    caf(id);
  };
  if (w.requestIdleCallback) {
    const ric = w.requestIdleCallback.bind(w);
    const cic = w.cancelIdleCallback.bind(w);
    w.requestIdleCallback = (fn: IdleRequestCallback, options?: IdleRequestOptions) => {
      const id = ric((d) => {
        idles.delete(id);
        fn(d);
      }, options);
      idles.add(id);
      return id;
    };
    w.cancelIdleCallback = (id: number) => {
      idles.delete(id);
      cic(id);
    };
  }

  // ---- connections ------------------------------------------------------------
  const sockets = new Set<WebSocket>();
  const NativeWebSocket = w.WebSocket;
  w.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      sockets.add(this);
    }
  } as typeof WebSocket;
  const sources = new Set<EventSource>();
  const NativeEventSource = w.EventSource;
  w.EventSource = class extends NativeEventSource {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      sources.add(this);
    }
  } as typeof EventSource;
  interface FetchRecord {
    settled: boolean;
    stream: boolean;
    signal: AbortSignal | undefined;
  }
  const fetches = new Set<FetchRecord>();
  const nativeFetch = w.fetch.bind(w);
  w.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const record: FetchRecord = { settled: false, stream: false, signal: init?.signal ?? (input instanceof Request ? input.signal : undefined) };
    fetches.add(record);
    return nativeFetch(input, init).then(
      (response) => {
        record.settled = true;
        record.stream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
        return response;
      },
      (error: unknown) => {
        record.settled = true;
        throw error;
      },
    );
  };

  // ---- observers, channels, locks ----------------------------------------------
  const observing = new Set<unknown>();
  for (const name of ['MutationObserver', 'ResizeObserver', 'IntersectionObserver', 'PerformanceObserver'] as const) {
    const Native = w[name] as unknown as { prototype: { observe(...a: unknown[]): void; disconnect(): void } } | undefined;
    if (!Native) continue;
    const observe = Native.prototype.observe;
    const disconnect = Native.prototype.disconnect;
    Native.prototype.observe = function (this: unknown, ...a: unknown[]) {
      observing.add(this);
      return observe.apply(this, a);
    };
    Native.prototype.disconnect = function (this: unknown) {
      observing.delete(this);
      return disconnect.call(this);
    };
  }
  const channels = new Set<BroadcastChannel>();
  const NativeChannel = w.BroadcastChannel;
  w.BroadcastChannel = class extends NativeChannel {
    constructor(name: string) {
      super(name);
      channels.add(this);
    }
    override close() {
      channels.delete(this);
      super.close();
    }
  } as typeof BroadcastChannel;
  let locks = 0;
  const lockManager = navigator.locks as LockManager | undefined;
  if (lockManager) {
    const request = lockManager.request.bind(lockManager) as (...a: unknown[]) => Promise<unknown>;
    (lockManager as unknown as { request: (...a: unknown[]) => Promise<unknown> }).request = (...a: unknown[]) => {
      const callback = a[a.length - 1] as (lock: unknown) => unknown;
      const wrapped = async (lock: unknown) => {
        if (lock) locks++;
        try {
          return await callback(lock);
        } finally {
          if (lock) locks--;
        }
      };
      return request(...a.slice(0, -1), wrapped);
    };
  }

  // ---- the count ----------------------------------------------------------------
  const reachable = (target: EventTarget): boolean => {
    if (target === w || target === document || target === w.visualViewport || (target as unknown) === w.screen) return true;
    if (target instanceof Node) return target.isConnected;
    if (target instanceof BroadcastChannel) return channels.has(target);
    if (typeof MediaQueryList !== 'undefined' && target instanceof MediaQueryList) return true;
    // Sockets, signals, requests: counted (or gone) with their connection.
    return false;
  };
  const describe = (target: EventTarget): string => {
    if (target === w) return 'window';
    if (target === document) return 'document';
    if (target instanceof Element) return `<${target.tagName.toLowerCase()}${target.className && typeof target.className === 'string' ? `.${target.className.split(' ')[0]}` : ''}>`;
    return target.constructor?.name ?? 'object';
  };
  w.__resources = () => {
    const live = [...listeners].filter((r) => reachable(r.target));
    return {
      listeners: live.length,
      timeouts: timeouts.size,
      intervals: intervals.size,
      animationFrames: frames.size,
      idleCallbacks: idles.size,
      webSockets: [...sockets].filter((s) => s.readyState === WebSocket.CONNECTING || s.readyState === WebSocket.OPEN).length,
      eventSources: [...sources].filter((s) => s.readyState !== EventSource.CLOSED).length,
      fetches: [...fetches].filter((f) => !f.signal?.aborted && (!f.settled || f.stream)).length,
      observers: observing.size,
      broadcastChannels: channels.size,
      locks,
      elements: document.getElementsByTagName('*').length,
      listenerDetail: live.map((r) => `${describe(r.target)} ${r.type}`).sort(),
    };
  };
}
