import type { Chat } from '../core/chat.js';
import type { ChatEvents } from '../core/events.js';
import type { HandoffChatWidget } from './init.js';
import type { WidgetOptions } from './widget-options.js';
import { isRecord } from '../core/is-record.js';

/** Every event `HandoffChat('on', name, fn)` accepts; typed so it cannot drift from `ChatEvents`. */
const EVENTS: Readonly<Record<keyof ChatEvents, true>> = {
  change: true,
  message: true,
  'message:update': true,
  'message:status': true,
  phase: true,
  error: true,
  typing: true,
  connection: true,
  availability: true,
  queue: true,
  open: true,
  close: true,
  'handoff:offered': true,
  'handoff:requested': true,
  'handoff:accepted': true,
  'agent:joined': true,
  'handoff:ended': true,
};

type Widget = HandoffChatWidget;
type Listener = (...args: never[]) => void;

/** What each command does with the page's widget. */
const ON_WIDGET: Readonly<Record<string, (w: Widget, args: unknown[]) => unknown>> = {
  open: (w, [options]) => w.open(options as { focus?: boolean } | undefined),
  close: (w) => w.close(),
  toggle: (w, [options]) => (w.state.open ? w.close() : w.open(options as { focus?: boolean } | undefined)),
  send: (w, [text]) => w.send(text as string),
  requestHuman: (w, [reason]) => w.requestHuman(reason as string | undefined),
  cancelHandoff: (w) => w.cancelHandoff(),
  endChat: (w) => w.endChat(),
  identify: (w, [user, options]) => w.identify(user as never, options as never),
  logout: (w) => w.logout(),
  setPersistence: (w, [enabled]) => w.setPersistence(enabled as boolean),
  setDraft: (w, [text]) => w.setDraft(text as string),
  flush: (w) => w.flush(),
};

/** The commands `HandoffChat(name, …)` understands. */
export const COMMANDS: readonly string[] = ['init', 'ready', 'context', 'on', 'off', 'destroy', ...Object.keys(ON_WIDGET)];

interface Entry {
  /** `dom`: waits for the document; `widget`: waits for a widget on the page. */
  needs: 'dom' | 'widget';
  run(): unknown;
}

/** A call that was wrong and has been reported: nothing to run. */
const REPORTED: Entry = { needs: 'dom', run: () => undefined };

/**
 * Makes a widget for the runner. `subscribe` must be called with the new chat before
 * the widget opens (or does anything else that emits), so listeners the page
 * registered earlier hear everything from the start.
 */
export type CreateWidget = (options: WidgetOptions, subscribe: (chat: Chat) => void) => Widget;

/** Runs `HandoffChat(…)` commands against the page's widget, in the order they were made. */
export interface CommandRunner {
  /** Runs a command, now or once what it needs is there. Returns its result when it ran now. */
  run(command: unknown, args: readonly unknown[]): unknown;
  /**
   * Creates the page's widget once the document is ready, ahead of every command
   * made after this call (used for the script tag's data attributes). `make` adds
   * the page's context and listeners to the options it is given and creates the widget.
   */
  start(create: (make: (options: WidgetOptions) => Widget) => Widget | undefined): void;
}

/**
 * The command form of the API: `HandoffChat('open')`, `HandoffChat('on', 'agent:joined', fn)`.
 * Calls made before the widget exists wait and run in order once it does (the
 * async snippet's queue is replayed through here). Listeners (`on`/`off`) and
 * `context` belong to the page, not to one widget: they apply at once, every widget
 * made afterwards (also after `destroy` and a new `init`) has them from its first
 * event. A failing command is reported with `console.error`, never thrown: pages
 * call this without knowing whether the widget has loaded yet.
 *
 * @example
 * const runner = createCommandRunner(window, (options, subscribe) => mountWidget(options, subscribe))
 * runner.run('on', ['agent:joined', (e) => analytics.track('agent joined', e)])
 * runner.run('init', [{ human }])
 */
export function createCommandRunner(win: Window & typeof globalThis, init: CreateWidget): CommandRunner {
  const doc = win.document;
  const pending: Entry[] = [];
  /** The entry being queued by the current call, whose result the caller gets. */
  let calling: { entry: Entry; result?: unknown } | undefined;
  const extraContext: Record<string, unknown> = {};
  /** The page's listeners by event, in the order they were added. */
  const listeners = new Map<string, Set<Listener>>();
  /** Their subscriptions on the current widget's chat. */
  const subscriptions = new Map<string, Map<Listener, () => void>>();
  let widget: Widget | undefined;
  let domReady = doc.readyState !== 'loading';

  const report = (message: string, error?: unknown): void => {
    win.console.error(`handoff-chat: ${message}${error instanceof Error ? ` ${error.message}` : ''}`, ...(error instanceof Error ? [error] : []));
  };

  /** Adds facts from `HandoffChat('context', …)` to whatever context the options give. */
  const prepare = (options: WidgetOptions): WidgetOptions => {
    const base = options?.context;
    if (base !== undefined && typeof base !== 'function' && (typeof base !== 'object' || base === null)) return options;
    const read = typeof base === 'function' ? base : () => base ?? {};
    return { ...options, context: () => ({ ...read(), ...extraContext }) };
  };

  const subscribeOne = (chat: Chat, event: string, listener: Listener): void => {
    const forEvent = subscriptions.get(event) ?? new Map<Listener, () => void>();
    subscriptions.set(event, forEvent);
    forEvent.set(listener, chat.on(event as keyof ChatEvents, listener as never));
  };

  /** Gives a new chat every listener the page has registered, before it emits anything. */
  const subscribeAll = (chat: Chat): void => {
    subscriptions.clear();
    for (const [event, set] of listeners) for (const listener of set) subscribeOne(chat, event, listener);
  };

  const make = (options: WidgetOptions): Widget => {
    try {
      return init(prepare(options), subscribeAll);
    } catch (error) {
      // The chat that was made is destroyed again; its subscriptions went with it.
      subscriptions.clear();
      throw error;
    }
  };

  const unsubscribe = (event: string, listener: Listener): void => {
    listeners.get(event)?.delete(listener);
    subscriptions.get(event)?.get(listener)?.();
    subscriptions.get(event)?.delete(listener);
  };

  const adopt = (created: Widget | undefined): void => {
    if (!created) return;
    widget = created;
    // The page may destroy the widget itself (from a 'ready' callback): forget it then too.
    const destroy = created.destroy.bind(created);
    created.destroy = () => {
      destroy();
      if (widget === created) {
        widget = undefined;
        subscriptions.clear();
      }
    };
  };

  const canRun = (entry: Entry): boolean => (entry.needs === 'dom' ? domReady : widget !== undefined);

  const execute = (entry: Entry): unknown => {
    try {
      return entry.run();
    } catch (error) {
      report('a command failed:', error);
      return undefined;
    }
  };

  /**
   * Runs, in order, every waiting entry that can run now. A command for the widget
   * waits for one; `init` does not wait behind such commands (it is what they wait for).
   */
  const drain = (): void => {
    for (let i = 0; i < pending.length; ) {
      const entry = pending[i] as Entry;
      if (!canRun(entry)) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      const result = execute(entry);
      if (calling?.entry === entry) calling.result = result;
      // Running it may have made earlier entries runnable (a widget now exists): start over.
      i = 0;
    }
  };

  const enqueue = (entry: Entry): unknown => {
    const call: { entry: Entry; result?: unknown } = { entry };
    const outer = calling;
    calling = call;
    pending.push(entry);
    try {
      drain();
    } finally {
      calling = outer;
    }
    return call.result;
  };

  if (!domReady) {
    const onReady = (): void => {
      doc.removeEventListener('DOMContentLoaded', onReady);
      domReady = true;
      drain();
    };
    doc.addEventListener('DOMContentLoaded', onReady);
  }

  const onWidget = (run: (w: Widget) => unknown): Entry => ({ needs: 'widget', run: () => run(widget as Widget) });

  const command = (name: string, args: readonly unknown[]): Entry | undefined => {
    switch (name) {
      case 'init':
        return {
          needs: 'dom',
          run: () => {
            if (widget) {
              report("HandoffChat('init') was called while a widget is already on the page; call HandoffChat('destroy') first.");
              return widget;
            }
            adopt(make(args[0] as WidgetOptions));
            return widget;
          },
        };
      case 'ready': {
        const fn = args[0];
        if (typeof fn !== 'function') {
          report("HandoffChat('ready', fn): fn must be a function; it is called with the widget once it is on the page.");
          return REPORTED;
        }
        return onWidget((w) => (fn as (w: Widget) => unknown)(w));
      }
      case 'destroy':
        return onWidget((w) => w.destroy());
      default: {
        const action = Object.prototype.hasOwnProperty.call(ON_WIDGET, name) ? ON_WIDGET[name] : undefined;
        return action ? onWidget((w) => action(w, [...args])) : undefined;
      }
    }
  };

  /** `on`/`off`: the page's listeners, kept across widgets; the result of `on` is its unsubscribe. */
  const listen = (name: 'on' | 'off', args: readonly unknown[]): (() => void) | undefined => {
    const [event, fn] = args;
    if (typeof event !== 'string' || !Object.prototype.hasOwnProperty.call(EVENTS, event)) {
      report(`HandoffChat('${name}', ${JSON.stringify(event)}): unknown event. Events: ${Object.keys(EVENTS).join(', ')}.`);
      return undefined;
    }
    if (typeof fn !== 'function') {
      report(`HandoffChat('${name}', '${event}', …): the listener must be a function.`);
      return undefined;
    }
    const listener = fn as Listener;
    // Adding the same listener twice keeps one subscription, as removing it once removes it.
    unsubscribe(event, listener);
    if (name === 'off') return undefined;
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener);
    if (widget) subscribeOne(widget, event, listener);
    return () => unsubscribe(event, listener);
  };

  return {
    run(name, args) {
      if (name === 'on' || name === 'off') return listen(name, args);
      if (name === 'context') {
        // Order-free and needs no widget: the facts are read when a handoff starts.
        const facts = args[0];
        if (!isRecord(facts)) {
          report("HandoffChat('context', facts): facts must be an object such as { plan: 'pro' }.");
          return undefined;
        }
        Object.assign(extraContext, facts);
        return undefined;
      }
      const entry = typeof name === 'string' ? command(name, args) : undefined;
      if (!entry) report(`HandoffChat(${JSON.stringify(name)}): unknown command. Commands: ${COMMANDS.join(', ')}.`);
      return entry && entry !== REPORTED ? enqueue(entry) : undefined;
    },
    start(create) {
      enqueue({
        needs: 'dom',
        run: () => {
          if (widget) {
            report('the script tag configures a widget, but HandoffChat(\'init\') already made one; keep one of the two.');
            return;
          }
          adopt(create(make));
        },
      });
    },
  };
}
