import { ConfigError } from '../core/errors.js';
import { HUMAN_PATH_GUARANTEE } from '../core/escalation.js';
import { CHAT_OPTION_KEYS, type ChatOptions } from '../core/options.js';
import { normalizeStrings } from '../i18n/normalize-strings.js';
import type { Strings } from '../i18n/strings.js';
import { normalizeTheme } from '../theme/normalize-theme.js';
import type { ThemeOptions } from '../theme/tokens.js';
import { isRecord } from '../core/is-record.js';

/**
 * Options for `init()`: every `createChat` option (only `human` is required) plus
 * how the widget looks and where it goes.
 *
 * @example
 * init({
 *   bot: createMemoryBot({ greeting: 'Hi!' }),
 *   human: createMemoryHuman(),
 *   target: '#help',              // inline; leave out for the floating launcher
 *   theme: { accent: '#0a7d5a' },
 *   strings: { talkToHuman: 'Talk to our team' },
 * })
 */
export interface WidgetOptions extends Omit<ChatOptions, 'vitals'> {
  /**
   * Renders the panel inside this element (or the first match of this selector)
   * instead of a floating launcher and panel.
   */
  target?: Element | string;
  /** Values for the `--hc-*` custom properties, by key (see docs/theming.md). */
  theme?: ThemeOptions;
  /** `auto` (default) follows the visitor's system; `light` or `dark` pins one. */
  colorScheme?: 'auto' | 'light' | 'dark';
  /** CSP nonce for the `<style>` element used where constructable stylesheets are missing. */
  nonce?: string;
  /** Overrides for any catalogue text. */
  strings?: Partial<Strings>;
  /** The panel heading (shortcut for `strings.title`). */
  title?: string;
  /** Side of the viewport for the floating launcher and panel. Default `right`. */
  position?: 'right' | 'left';
  /** Opens the floating panel as soon as the widget mounts. Default false. */
  openOnLoad?: boolean;
  /**
   * Origins images may load from, e.g. `['https://cdn.example.com']`; `['https:']`
   * allows any `https:` origin. Default none: images are shown as links, so no
   * third-party request happens without your consent. `http:` images never load.
   */
  imageOrigins?: string[];
  /**
   * Page performance figures for the agent (`context.vitals` of the handoff transcript).
   * Default: the widget measures LCP, CLS, INP, FCP and TTFB with `web-vitals`, loaded
   * lazily and started when the panel first opens or the browser is idle. Pass your own
   * function to supply the figures, or `false` to measure nothing.
   */
  vitals?: ChatOptions['vitals'] | false;
}

/** Widget options after validation. */
export interface NormalizedWidgetOptions {
  target: Element | undefined;
  theme: ReturnType<typeof normalizeTheme>;
  colorScheme: 'auto' | 'light' | 'dark';
  nonce: string | undefined;
  strings: Partial<Strings>;
  title: string | undefined;
  position: 'right' | 'left';
  openOnLoad: boolean;
  imageOrigins: string[];
  /** `page`: the widget's own web-vitals measurement; `custom`: the site's function (in the chat options); `false`: none. */
  vitals: 'page' | 'custom' | false;
}

const WIDGET_KEYS = ['target', 'theme', 'colorScheme', 'nonce', 'strings', 'title', 'position', 'openOnLoad', 'imageOrigins', 'vitals'] as const;
// Taken from the core, so every createChat option (masking, escalation, queueTimeoutMs…) works
// through init() too and the two lists cannot drift apart. `vitals` is the widget's own here.
const CHAT_KEYS = CHAT_OPTION_KEYS.filter((key) => key !== 'vitals');

/** Names that read like switches for the path to a person; refused with the reason. */
const HUMAN_PATH_SWITCH = /human|handoff|escalat/i;

/**
 * Validates `init()` options once, at the door, and splits them into the chat's
 * options (checked again by `createChat`) and the widget's. Throws a `ConfigError`
 * naming the first bad option.
 *
 * @example
 * const { chat, widget } = normalizeWidgetOptions({ human, target: '#help' }, document)
 */
export function normalizeWidgetOptions(input: unknown, doc: Document): { chat: ChatOptions; widget: NormalizedWidgetOptions } {
  if (!isRecord(input)) {
    throw new ConfigError('options', 'an object with at least a `human` transport', input);
  }
  const options = input as Record<string, unknown>;
  const known = new Set<string>([...WIDGET_KEYS, ...CHAT_KEYS]);
  for (const key of Object.keys(options)) {
    if (known.has(key)) continue;
    if (HUMAN_PATH_SWITCH.test(key)) {
      throw new ConfigError(key, '', options[key], `Option "${key}" is not supported: ${HUMAN_PATH_GUARANTEE}`);
    }
    throw new ConfigError(key, '', options[key], `Unknown option "${key}". Known options: ${[...CHAT_KEYS, ...WIDGET_KEYS].join(', ')}.`);
  }

  const chat: Record<string, unknown> = {};
  for (const key of CHAT_KEYS) if (options[key] !== undefined) chat[key] = options[key];

  const position = options.position ?? 'right';
  if (position !== 'right' && position !== 'left') throw new ConfigError('position', '"right" or "left"', position);

  const colorScheme = options.colorScheme ?? 'auto';
  if (colorScheme !== 'auto' && colorScheme !== 'light' && colorScheme !== 'dark') {
    throw new ConfigError('colorScheme', '"auto", "light" or "dark"', colorScheme);
  }

  const openOnLoad = options.openOnLoad ?? false;
  if (typeof openOnLoad !== 'boolean') throw new ConfigError('openOnLoad', 'true or false', openOnLoad);

  const nonce = options.nonce;
  if (nonce !== undefined && (typeof nonce !== 'string' || !/^[A-Za-z0-9+/=_-]{1,200}$/.test(nonce))) {
    throw new ConfigError('nonce', 'the CSP nonce string (base64 characters)', nonce);
  }

  const title = options.title;
  if (title !== undefined && (typeof title !== 'string' || !title.trim() || title.length > 200)) {
    throw new ConfigError('title', 'a non-empty string of at most 200 characters', title);
  }

  const vitals = options.vitals;
  if (vitals !== undefined && vitals !== false && typeof vitals !== 'function') {
    throw new ConfigError('vitals', 'a function returning { LCP: 2100, … }, or false to measure nothing', vitals);
  }
  if (typeof vitals === 'function') chat.vitals = vitals;

  return {
    chat: chat as unknown as ChatOptions,
    widget: {
      target: resolveTarget(options.target, doc),
      theme: normalizeTheme(options.theme),
      colorScheme,
      nonce,
      strings: normalizeStrings(options.strings),
      title: title as string | undefined,
      position,
      openOnLoad,
      imageOrigins: normalizeImageOrigins(options.imageOrigins),
      vitals: vitals === false ? false : vitals === undefined ? 'page' : 'custom',
    },
  };
}

function resolveTarget(value: unknown, doc: Document): Element | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    let found: Element | null;
    try {
      found = doc.querySelector(value);
    } catch {
      throw new ConfigError('target', 'an element or a valid CSS selector', value);
    }
    if (!found) throw new ConfigError('target', '', value, `Invalid option "target": no element matches the selector ${JSON.stringify(value)}.`);
    return found;
  }
  // Checked by shape rather than instanceof, so elements from another frame work too.
  const el = value as { nodeType?: unknown; appendChild?: unknown };
  if (typeof value === 'object' && value !== null && el.nodeType === 1 && typeof el.appendChild === 'function') {
    return value as Element;
  }
  throw new ConfigError('target', 'an element or a CSS selector string', value);
}

function normalizeImageOrigins(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError('imageOrigins', 'an array of https origins such as ["https://cdn.example.com"]', value);
  return value.map((entry, i) => {
    if (entry === 'https:') return entry;
    let url: URL | undefined;
    try {
      url = typeof entry === 'string' ? new URL(entry) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || url.origin !== String(entry).replace(/\/$/, '')) {
      throw new ConfigError(`imageOrigins[${i}]`, 'an https origin such as "https://cdn.example.com" (no path), or "https:" for any', entry);
    }
    return url.origin;
  });
}
