/**
 * Add-on files of the script-tag bundle. The four product presets (Rasa, Direct Line,
 * OpenAI, Chatwoot) are about a fifth of the widget's weight and most sites use none
 * of them, so `handoff-chat.iife.js` leaves them out and fetches the one a page needs,
 * `handoff-chat.<name>.js` next to itself, only when it is needed:
 *
 * - a script tag that names a preset (`data-bot="rasa"`) gets it before the widget
 *   starts, so its attributes are checked as usual;
 * - `HandoffChat.transports.createRasaTransport(options)` works at once: it returns a
 *   stand-in that fetches the add-on when the chat connects (call
 *   `await HandoffChat.load('rasa')` first to have bad options refused on the spot);
 * - a page may also put `<script src="…/handoff-chat.rasa.js">` after the bundle, and
 *   must where Trusted Types are enforced without a default policy (the widget cannot
 *   set a script's `src` there).
 *
 * The add-on tag gets the bundle's nonce (strict CSP) and, when the bundle itself was
 * loaded with Subresource Integrity, the add-on's own hash, fixed at build time.
 *
 * Languages other than English (`handoff-chat.sv.js`, `.de.js`, `.fr.js`, `.es.js`,
 * `.ar.js`) are add-ons too, fetched the same way for the language the widget shows or
 * its escalation options name (languages/registry.ts); the loader may fetch the page's
 * one beside the bundle, so a language file can also run first (addons/define-language.ts).
 */
import type { Emit, HumanTransport, OutboundMessage, Transport, TransportSession } from '../core/contract.js';
import { ConfigError } from '../core/errors.js';
import { addLanguage, addPhrases, FETCHED_LANGUAGES, missingLanguage, setLanguageFetcher, type LanguageData } from './languages/registry.js';
import { pageLocale } from './page-locale.js';

interface AddonInfo {
  /** The factory it adds to `HandoffChat.transports`. */
  readonly factory: string;
  /** The `kind` of the transports it makes. */
  readonly kind: string;
  /** For human presets: the optional HumanTransport methods it has (the stand-in has the same). */
  readonly methods?: readonly string[];
}

/** The transport add-ons, by file name (`handoff-chat.<name>.js`). */
export const ADDONS: Readonly<Record<string, AddonInfo>> = {
  rasa: { factory: 'createRasaTransport', kind: 'rasa' },
  'direct-line': { factory: 'createDirectLineTransport', kind: 'directline' },
  openai: { factory: 'createOpenAITransport', kind: 'openai' },
  chatwoot: { factory: 'createChatwootTransport', kind: 'chatwoot', methods: ['handoff', 'leaveMessage', 'cancel', 'end', 'availability'] },
};

/**
 * Add-ons that are modules of the widget's own rather than transports:
 * `vitals` is the `web-vitals` library, measured for the agent only once a chat is open;
 * `phrases` holds the escalation phrase lists of the five languages other than English,
 * fetched when a chat opens so it listens in all six (languages/registry.ts);
 * `sv`, `de`, `fr`, `es` and `ar` are languages (texts and escalation phrases), fetched
 * for the language the widget shows or the escalation options name (languages/registry.ts).
 */
const MODULE_ADDONS = ['vitals', 'phrases', ...FETCHED_LANGUAGES];
const ADDON_NAMES = [...Object.keys(ADDONS), ...MODULE_ADDONS];

/** Subresource Integrity hashes of the add-ons, filled in by the build (rollup.config.mjs). */
const PINNED = '__HC_ADDON_INTEGRITY__';

/** How long an add-on may take to arrive before the widget gives up on it. */
const LOAD_TIMEOUT_MS = 20000;
/** How long a script tag's widget waits for its language file before it starts in English. */
const LANGUAGE_WAIT_MS = 3000;

type Factories = Record<string, unknown>;
type Factory = (...args: unknown[]) => Transport;

interface Registry {
  factories: Factories;
  /** What each add-on that arrived handed over. */
  modules: Map<string, Record<string, unknown>>;
  version: string;
  arrived: Map<string, () => void>;
  console: Console;
  loader: AddonLoader;
}

/** The page's one bundle: where add-ons put their factories. */
let registry: Registry | undefined;

/**
 * Called by an add-on file when it runs: hands over its factories, which replace the
 * stand-ins on `HandoffChat.transports`. An add-on of another version is refused.
 *
 * @example
 * defineAddon('rasa', '0.1.0', { createRasaTransport })
 */
export function defineAddon(name: string, version: string, exports: Record<string, unknown>): void {
  if (!registry || !ADDON_NAMES.includes(name)) return;
  if (version !== registry.version) {
    registry.console.error(`handoff-chat: handoff-chat.${name}.js is version ${version} but the widget is ${registry.version}; serve the files of one release together.`);
    return;
  }
  registry.modules.set(name, exports);
  if (ADDONS[name]) Object.assign(registry.factories, exports);
  if (FETCHED_LANGUAGES.includes(name)) addLanguage(name, exports as unknown as LanguageData);
  if (name === 'phrases') addPhrases(exports);
  registry.arrived.get(name)?.();
}

/**
 * What a module add-on handed over, fetched first if needed (rejects when there is no
 * bundle on the page or the file cannot be fetched).
 *
 * @example
 * const { onLCP } = await addonModule('vitals')
 */
export function addonModule(name: string): Promise<Record<string, unknown>> {
  const current = registry;
  if (!current) return Promise.reject(new Error(`handoff-chat: no widget bundle on this page to load the ${name} add-on.`));
  return current.loader.load(name).then(() => current.modules.get(name) as Record<string, unknown>);
}

function pinnedIntegrity(name: string): string | undefined {
  if (!PINNED.startsWith('{')) return undefined;
  return (JSON.parse(PINNED) as Record<string, string>)[name];
}

/** Loads add-ons for the page's bundle. */
export interface AddonLoader {
  /**
   * Fetches `handoff-chat.<name>.js` once (later calls share the first) and resolves
   * when its factories are on `HandoffChat.transports`.
   */
  load(name: string): Promise<void>;
  /** The add-ons a script tag's `data-bot` / `data-human` need that are not here yet. */
  neededBy(tag: Element): string[];
  /** The factories without the stand-ins of add-ons that are not here (for a script tag's own start). */
  arrived(): Factories;
  /**
   * The language a script tag's widget will show (its `data-locale`, else the page's),
   * when it is one the bundle fetches and its file has not run yet.
   */
  languageOf(tag: Element | null): string | undefined;
  /**
   * Starts downloading a language file without running it (`<link rel="preload">`, which
   * Trusted Types leave alone), for a widget that waits for the page to be parsed before
   * it adds the file's tag: the tag then finds it downloaded.
   */
  preloadLanguage(language: string): void;
  /**
   * Fetches a language file; resolves either way: once it has run, could not be had (then
   * the widget reads English, and the console says why, once), or after 3 s (it may still
   * come; the widget then redraws in it).
   */
  loadLanguage(language: string): Promise<void>;
}

/**
 * Makes the page's add-on loader and puts a stand-in for each add-on's factory on
 * `factories` (the object that becomes `HandoffChat.transports`).
 *
 * @example
 * const addons = createAddonLoader(window, document.currentScript, transports, '0.1.0')
 * await addons.load('rasa')
 */
export function createAddonLoader(
  win: Window & typeof globalThis,
  script: Element | null,
  factories: Factories,
  version: string,
): AddonLoader {
  const doc = win.document;
  const own = script instanceof win.HTMLScriptElement && script.src ? script : undefined;
  const modules = new Map<string, Record<string, unknown>>();
  const arrived = new Map<string, () => void>();
  const loads = new Map<string, Promise<void>>();

  const load = (name: string): Promise<void> => {
    if (!ADDON_NAMES.includes(name)) return Promise.reject(new ConfigError('HandoffChat.load', `one of ${ADDON_NAMES.join(', ')}`, name));
    const running = loads.get(name);
    if (running) return running;
    const done = new Promise<void>((resolve, reject) => {
      // Here already: the page added the add-on's tag itself.
      if (modules.has(name)) return resolve();
      if (!own) {
        reject(new Error(`handoff-chat: the ${name} add-on is not loaded and its address is unknown (the bundle did not come from a <script src>); add <script src=".../handoff-chat.${name}.js"> after the bundle.`));
        return;
      }
      const url = new URL(`handoff-chat.${name}.js`, own.src).href;
      // The loader may be fetching it already (a page's language, fetched with the bundle): wait
      // for that tag. Only an async one: a tag the page wrote itself has run by now (it is why
      // the widget waits for the page to be parsed), and whatever it handed over is here.
      const inFlight = Array.from(doc.scripts).find((s) => s.src === url && s.async);
      const el = inFlight ?? doc.createElement('script');
      let timer = 0;
      let settled = false;
      // The add-on calls defineAddon while it runs, before its tag's load event: first word wins.
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        win.clearTimeout(timer);
        arrived.delete(name);
        // The add-on has run (or never will): its tag has nothing left to do on the page.
        el.remove();
        if (error) {
          loads.delete(name);
          reject(error);
        } else resolve();
      };
      arrived.set(name, () => finish());
      el.onerror = () => finish(new Error(`handoff-chat: could not load ${url}.`));
      // Loaded but silent: a file of another version (reported by defineAddon) or not an add-on.
      el.onload = () => finish(new Error(`handoff-chat: ${url} is not the ${name} add-on of this version.`));
      timer = win.setTimeout(() => finish(new Error(`handoff-chat: ${url} did not arrive within ${LOAD_TIMEOUT_MS / 1000} s.`)), LOAD_TIMEOUT_MS);
      if (inFlight) return;
      try {
        el.src = url;
      } catch {
        // Trusted Types enforced without a default policy that allows the URL.
        finish(new Error(`handoff-chat: this page's Trusted Types policy does not let the widget add ${url}; add <script src="${url}"> after the bundle.`));
        return;
      }
      el.async = true;
      fetchLike(el, name);
      doc.head.appendChild(el);
    });
    loads.set(name, done);
    return done;
  };

  /**
   * Gives a tag that fetches an add-on what the bundle's own tag has: its pinned hash when
   * the bundle came with Subresource Integrity, the CORS mode that needs, and the nonce
   * (pages with nonce-based policies trust what a trusted script adds, given the nonce).
   * A preload and the script that uses it must agree on all three.
   */
  const fetchLike = (el: HTMLScriptElement | HTMLLinkElement, name: string): void => {
    if (!own) return;
    const integrity = own.integrity ? pinnedIntegrity(name) : undefined;
    if (integrity) {
      el.integrity = integrity;
      el.crossOrigin = own.crossOrigin || 'anonymous';
    } else if (own.crossOrigin) el.crossOrigin = own.crossOrigin;
    if (own.nonce) el.nonce = own.nonce;
  };

  const stand: Record<string, Factory> = {};
  for (const [name, info] of Object.entries(ADDONS)) {
    stand[name] = (...args: unknown[]) => standIn(info, () => load(name).then(() => factories[info.factory] as Factory), args);
    factories[info.factory] = stand[name];
  }

  // A language file that could not be had is not asked for again on this page: every draw
  // would fetch it once more, and the widget works in English meanwhile. Nor the phrase lists.
  const failed = new Set<string>();
  const loadLanguage = (language: string): Promise<void> => {
    if (failed.has(language)) return Promise.resolve();
    const loaded = load(language).catch((error: Error) => {
      failed.add(language);
      win.console.warn(
        `${error.message} Without it the widget shows English texts where it would show this language, and does not listen for this language's phrases (requests for a person, frustration, sensitive topics).`,
      );
    });
    // A slow file must not hold back the widget and its way to a person: after a short wait
    // it starts in English, and redraws in the language if the file still comes.
    return Promise.race([loaded, new Promise<void>((resolve) => win.setTimeout(resolve, LANGUAGE_WAIT_MS))]);
  };
  const loadPhrases = (): void => {
    if (failed.has('phrases')) return;
    load('phrases').catch((error: Error) => {
      failed.add('phrases');
      win.console.warn(
        `${error.message} Without it the chat listens for requests for a person, frustration and sensitive topics in English and the widget's language only.`,
      );
    });
  };
  // Phrase lists: a single missing language comes with its file (its texts too, which are
  // small); several, or one whose file could not be had, with the one file of lists.
  setLanguageFetcher(
    (language) => void loadLanguage(language),
    ([language, ...more]) => (more.length || failed.has(language as string) ? loadPhrases() : void loadLanguage(language as string)),
  );

  const loader: AddonLoader = {
    load,
    languageOf: (tag) => missingLanguage(tag?.getAttribute('data-locale') || pageLocale(doc, win.navigator)),
    loadLanguage,
    preloadLanguage(language) {
      if (!own || modules.has(language) || loads.has(language)) return;
      const link = doc.createElement('link');
      link.rel = 'preload';
      link.as = 'script';
      fetchLike(link, language);
      link.href = new URL(`handoff-chat.${language}.js`, own.src).href;
      // Left in place: the browser keeps the download for the script tag while its link is there.
      doc.head.appendChild(link);
    },
    neededBy(tag) {
      const wanted = [tag.getAttribute('data-bot'), tag.getAttribute('data-human')];
      return Object.keys(ADDONS).filter((name) => wanted.includes(name) && factories[(ADDONS[name] as AddonInfo).factory] === stand[name]);
    },
    arrived() {
      const copy = { ...factories };
      for (const [name, info] of Object.entries(ADDONS)) if (copy[info.factory] === stand[name]) delete copy[info.factory];
      return copy;
    },
  };
  registry = { factories, modules, version, arrived, console: win.console, loader };
  return loader;
}

/**
 * A transport that fetches its add-on when the chat connects, then makes the real
 * transport from the same arguments and passes every call through.
 */
function standIn(info: AddonInfo, factory: () => Promise<Factory>, args: unknown[]): Transport {
  let real: Promise<Transport> | undefined;
  let closed = false;
  const ready = (): Promise<Transport> => (real ??= factory().then((make) => make(...args)));
  const transport: Record<string, unknown> = {
    kind: info.kind,
    async connect(emit: Emit, session: TransportSession) {
      closed = false;
      const made = await ready();
      if (!closed) await made.connect(emit, session);
    },
    async send(message: OutboundMessage) {
      return (await ready()).send(message);
    },
    close() {
      closed = true;
      return real?.then((made) => made.close());
    },
  };
  for (const method of info.methods ?? []) {
    transport[method] = async (...rest: unknown[]) => {
      const made = (await ready()) as unknown as Record<string, (...a: unknown[]) => unknown>;
      return made[method]?.(...rest);
    };
  }
  return transport as unknown as Transport & Partial<HumanTransport>;
}
