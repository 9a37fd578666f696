import type { HumanTransport, Transport } from '../core/contract.js';
import type { KeyValueStorage } from '../core/environment.js';
import { isConfigError } from '../core/errors.js';
import { normalizeChatOptions } from '../core/options.js';
import { THEME_TOKENS } from '../theme/tokens.js';
import { fallbackUrl } from './fallback-url.js';
import type { LiteLauncherOptions } from './lite-launcher.js';
import type { LiteStrings } from './lite-strings.js';
import { pageLocale } from './page-locale.js';
import { safeLocalStorage } from './safe-local-storage.js';
import { camelCase, kebabCase, themeFromAttributes } from './theme-attributes.js';
import { BOT_TRANSPORTS, HUMAN_TRANSPORTS, type AttributeTransport, type TransportFactories } from './transport-presets.js';
import { normalizeWidgetOptions, type WidgetOptions } from './widget-options.js';

type Parse = 'string' | 'boolean' | 'integer' | 'json' | 'list';

/** Which checker validates an option: the core's, the widget's, or the loader's own. */
type Scope = 'chat' | 'widget' | 'loader';

interface AttributeSpec {
  option: string;
  parse: Parse;
  scope: Scope;
}

/** Every plain option a script tag can set (transports, `data-user-*` and `data-theme-*` aside). */
export const ATTRIBUTES: Readonly<Record<string, AttributeSpec>> = {
  'data-locale': { option: 'locale', parse: 'string', scope: 'chat' },
  'data-storage-key': { option: 'storageKey', parse: 'string', scope: 'chat' },
  'data-max-length': { option: 'maxLength', parse: 'integer', scope: 'chat' },
  'data-context': { option: 'context', parse: 'json', scope: 'chat' },
  'data-persist': { option: 'persist', parse: 'boolean', scope: 'chat' },
  'data-mask-bot': { option: 'maskBot', parse: 'boolean', scope: 'chat' },
  'data-title': { option: 'title', parse: 'string', scope: 'widget' },
  'data-position': { option: 'position', parse: 'string', scope: 'widget' },
  'data-open-on-load': { option: 'openOnLoad', parse: 'boolean', scope: 'widget' },
  'data-color-scheme': { option: 'colorScheme', parse: 'string', scope: 'widget' },
  'data-nonce': { option: 'nonce', parse: 'string', scope: 'widget' },
  'data-image-origins': { option: 'imageOrigins', parse: 'list', scope: 'widget' },
  'data-target': { option: 'target', parse: 'string', scope: 'widget' },
  'data-strings': { option: 'strings', parse: 'json', scope: 'widget' },
  'data-vitals': { option: 'vitals', parse: 'boolean', scope: 'widget' },
  'data-src': { option: 'src', parse: 'string', scope: 'loader' },
  'data-integrity': { option: 'integrity', parse: 'string', scope: 'loader' },
  'data-load': { option: 'load', parse: 'string', scope: 'loader' },
  'data-fallback-url': { option: 'fallbackUrl', parse: 'string', scope: 'loader' },
};

const USER_FIELDS = ['id', 'name', 'email'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Attributes other tools put on script tags (consent managers, CDNs); never ours, never reported. */
const FOREIGN = new Set(['data-cfasync', 'data-cookieconsent', 'data-cookiecategory', 'data-no-optimize', 'data-pagespeed-no-defer']);

const BOT_CONSEQUENCE = 'The chat starts without a bot: messages go straight to a person.';
const HUMAN_CONSEQUENCE = 'Without it the chat cannot start: the launcher offers the fallback contact link (data-fallback-url) instead.';

/** A stand-in desk for validating one option at a time with the real checkers. */
const PROBE_HUMAN: HumanTransport = {
  kind: 'probe',
  connect: async () => {},
  send: async () => {},
  close: () => {},
  handoff: async () => {},
};

/** What a script tag's data attributes configure. */
export interface AttributeConfig {
  /** Options for `init()`; `undefined` when there is no usable human transport. */
  options: WidgetOptions | undefined;
  /** One sentence per bad or unknown attribute, naming it. Everything else applies. */
  problems: string[];
  /** How the placeholder and fallback launcher look (from the valid attributes). */
  lite: Omit<LiteLauncherOptions, 'doc' | 'onActivate' | 'onRetry'>;
}

/** Edit distance counting a swap of neighbours as one edit (typos like "ses" for "sse"). Small inputs only. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => (d[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = 4;
  for (const candidate of candidates) {
    const score = distance(name, candidate);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function parseBoolean(raw: string): boolean | undefined {
  if (raw === '' || raw === 'true') return true;
  if (raw === 'false') return false;
  return undefined;
}

/** The value an attribute stands for, or a problem sentence. */
function parseValue(name: string, raw: string, parse: Parse): { value: unknown } | { problem: string } {
  switch (parse) {
    case 'boolean': {
      const value = parseBoolean(raw);
      return value === undefined ? { problem: `${name}="${raw}": expected "true", "false" or no value.` } : { value };
    }
    case 'integer':
      return { value: /^\d+$/.test(raw.trim()) ? Number(raw) : raw };
    case 'json':
      try {
        return { value: JSON.parse(raw) as unknown };
      } catch (error) {
        return { problem: `${name}: not valid JSON (${(error as Error).message}). Write it like ${name}='{"key": "value"}'.` };
      }
    case 'list':
      return { value: raw.split(/[\s,]+/).filter(Boolean) };
    default:
      return { value: raw };
  }
}

/** Builds the bot or the human transport from `data-<lane>` and `data-<lane>-*`. */
function readTransport(
  el: Element,
  lane: 'bot' | 'human',
  factories: TransportFactories,
  problems: string[],
  page: { storage?: KeyValueStorage },
): Transport | undefined {
  const registry = lane === 'bot' ? BOT_TRANSPORTS : HUMAN_TRANSPORTS;
  const consequence = lane === 'bot' ? BOT_CONSEQUENCE : HUMAN_CONSEQUENCE;
  const prefix = `data-${lane}-`;
  const name = el.getAttribute(`data-${lane}`);
  const given = Array.from(el.attributes).filter((a) => a.name.startsWith(prefix));
  if (name === null) {
    if (lane === 'human') {
      problems.push(`data-human is missing: it names the desk that connects customers with a person (${Object.keys(registry).join(', ')}). ${consequence}`);
    } else if (given.length) {
      problems.push(`${given.map((a) => a.name).join(', ')}: given without data-bot, so they do nothing. ${consequence}`);
    }
    return undefined;
  }
  const preset: AttributeTransport | undefined = Object.prototype.hasOwnProperty.call(registry, name) ? registry[name] : undefined;
  if (!preset) {
    const hint = closest(name, Object.keys(registry));
    problems.push(
      `data-${lane}="${name}": unknown ${lane} transport${hint ? ` (did you mean "${hint}"?)` : ''}. Choose one of: ${Object.keys(registry).join(', ')}. ${consequence}`,
    );
    return undefined;
  }
  const label = `data-${lane}="${name}" (${preset.label})`;
  const attributeOf = (option: string): string => `${prefix}${kebabCase(option)}`;
  const options: Record<string, unknown> = {};
  let bad = false;
  for (const { name: attr, value: raw } of given) {
    const option = camelCase(attr.slice(prefix.length));
    const kind = preset.options[option];
    if (!kind) {
      const known = Object.keys(preset.options).map(attributeOf);
      const hint = closest(attr, known);
      problems.push(`${attr}: not an option of ${label}${hint ? ` (did you mean ${hint}?)` : ''}. Its options: ${known.join(', ') || 'none'}.`);
      continue;
    }
    if (kind === 'number') {
      if (!/^\d+(\.\d+)?$/.test(raw.trim())) {
        problems.push(`${attr}="${raw}": expected a number.`);
        bad = true;
        continue;
      }
      options[option] = Number(raw);
    } else if (kind === 'boolean') {
      const value = parseBoolean(raw);
      if (value === undefined) {
        problems.push(`${attr}="${raw}": expected "true", "false" or no value.`);
        bad = true;
        continue;
      }
      options[option] = value;
    } else if (kind === 'list') {
      options[option] = raw.split(/[\s,]+/).filter(Boolean);
    } else if (raw.trim() === '') {
      problems.push(`${attr}: empty.`);
      bad = true;
    } else {
      options[option] = raw.trim();
    }
  }
  const missing = preset.required.filter((option) => options[option] === undefined);
  if (missing.length) {
    problems.push(`${label} needs ${missing.map(attributeOf).join(' and ')}. ${consequence}`);
    return undefined;
  }
  if (bad) {
    problems.push(`${label} was not set up because of the value above. ${consequence}`);
    return undefined;
  }
  const absent = preset.needs.filter((factory) => typeof factories[factory] !== 'function');
  if (absent.length) {
    problems.push(`${label}: this build of handoff-chat does not include it (no ${absent.join(', ')}). ${consequence}`);
    return undefined;
  }
  try {
    return preset.create(factories as Parameters<AttributeTransport['create']>[0], options, page);
  } catch (error) {
    const option = isConfigError(error) ? error.option : undefined;
    const where = option && preset.options[option] ? ` (${attributeOf(option)})` : '';
    problems.push(`${label}${where}: ${(error as Error).message} ${consequence}`);
    return undefined;
  }
}

/**
 * Reads the widget's configuration from a script tag's data attributes: every
 * option that makes sense as text (see docs/embedding.md for the list), the bot
 * and human transports by name, `data-theme-*`, `data-user-*`. Each bad or unknown
 * attribute becomes one sentence in `problems` and is left out; the rest applies.
 *
 * @example
 * const { options, problems } = readAttributes(document.currentScript, window.HandoffChat.transports, document)
 * if (problems.length) console.error(problems.join('\n'))
 * if (options) init(options)
 */
export function readAttributes(el: Element, factories: TransportFactories, doc: Document): AttributeConfig {
  const problems: string[] = [];
  const chat: Record<string, unknown> = {};
  const widget: Record<string, unknown> = {};
  const loader: Record<string, string> = {};
  const user: Record<string, string> = {};
  let resolvedTarget: Element | undefined;

  const known = [
    ...Object.keys(ATTRIBUTES),
    'data-bot',
    'data-human',
    ...USER_FIELDS.map((f) => `data-user-${f}`),
    ...THEME_TOKENS.map((t) => `data-theme-${kebabCase(t.key)}`),
  ];

  for (const { name, value: raw } of Array.from(el.attributes)) {
    if (!name.startsWith('data-') || FOREIGN.has(name)) continue;
    if (name === 'data-bot' || name === 'data-human' || name.startsWith('data-bot-') || name.startsWith('data-human-') || name.startsWith('data-theme-')) continue;
    if (name.startsWith('data-user-') && (USER_FIELDS as readonly string[]).includes(name.slice('data-user-'.length))) {
      user[name.slice('data-user-'.length)] = raw;
      continue;
    }
    const spec = Object.prototype.hasOwnProperty.call(ATTRIBUTES, name) ? ATTRIBUTES[name] : undefined;
    if (!spec) {
      const hint = closest(name, known);
      problems.push(`${name}: unknown attribute${hint ? ` (did you mean ${hint}?)` : ''}; it is ignored. See docs/embedding.md for the attributes.`);
      continue;
    }
    const parsed = parseValue(name, raw, spec.parse);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      continue;
    }
    const { value } = parsed;
    if (spec.scope === 'loader') {
      const problem = loaderProblem(name, raw, doc);
      if (problem) problems.push(problem);
      else loader[spec.option] = raw;
      continue;
    }
    if (spec.option === 'vitals') {
      // `true` is the default (measure); only `false` is an option value.
      if (value === false) widget.vitals = false;
      continue;
    }
    try {
      if (spec.scope === 'chat') normalizeChatOptions({ human: PROBE_HUMAN, [spec.option]: value });
      else {
        const checked = normalizeWidgetOptions({ human: PROBE_HUMAN, [spec.option]: value }, doc);
        if (spec.option === 'target') resolvedTarget = checked.widget.target;
      }
      (spec.scope === 'chat' ? chat : widget)[spec.option] = value;
    } catch (error) {
      if (!isConfigError(error)) throw error;
      const fallbackNote = spec.option === 'target' ? ' The chat shows as a floating launcher instead.' : '';
      problems.push(`${name}="${raw}": ${error.message}${fallbackNote}`);
    }
  }

  // The same test as the leave-a-message form's: an address the team could not reply to is worse than none.
  if (user.email !== undefined && !EMAIL.test(user.email.trim())) {
    problems.push(`data-user-email="${user.email}": not an e-mail address (like name@example.com); it is left out.`);
    delete user.email;
  }
  if (Object.keys(user).length) {
    try {
      normalizeChatOptions({ human: PROBE_HUMAN, user });
      chat.user = user;
    } catch (error) {
      if (!isConfigError(error)) throw error;
      problems.push(`data-user-*: ${error.message}`);
    }
  }

  const theme = themeFromAttributes(el);
  problems.push(...theme.problems);
  if (Object.keys(theme.theme).length) widget.theme = theme.theme;

  // Transports that keep state of their own (a desk's contact) use the page's storage, with consent.
  const win = doc.defaultView;
  const storage = chat.persist !== false && win ? safeLocalStorage(win) : undefined;
  const page = storage ? { storage } : {};
  const bot = readTransport(el, 'bot', factories, problems, page);
  const human = readTransport(el, 'human', factories, problems, page) as HumanTransport | undefined;

  const strings = (widget.strings ?? {}) as Partial<LiteStrings>;
  const nonce = (widget.nonce as string | undefined) ?? ((el as HTMLScriptElement).nonce || undefined);
  if (nonce) widget.nonce = nonce;
  const link = fallbackUrl(loader.fallbackUrl, doc.baseURI);
  const lite: AttributeConfig['lite'] = {
    locale: (chat.locale as string | undefined) ?? pageLocale(doc, doc.defaultView?.navigator),
    strings: {
      ...(strings.openChat ? { openChat: strings.openChat } : {}),
      ...(strings.closeChat ? { closeChat: strings.closeChat } : {}),
    },
    translated: Object.keys(strings).length,
    position: widget.position === 'left' ? 'left' : 'right',
    colorScheme: (widget.colorScheme as 'auto' | 'light' | 'dark' | undefined) ?? 'auto',
    theme: theme.properties,
    ...(nonce ? { nonce } : {}),
    ...(link ? { fallbackUrl: link } : {}),
    ...(resolvedTarget ? { target: resolvedTarget } : {}),
  };

  const options = human ? ({ ...chat, ...widget, ...(bot ? { bot } : {}), human } as WidgetOptions) : undefined;
  return { options, problems, lite };
}

/** Checks the loader's own attributes; `undefined` when fine. */
function loaderProblem(name: string, raw: string, doc: Document): string | undefined {
  switch (name) {
    case 'data-load':
      return ['idle', 'interaction', 'eager'].includes(raw) ? undefined : `${name}="${raw}": expected "idle" (default), "interaction" or "eager".`;
    case 'data-fallback-url':
      return fallbackUrl(raw, doc.baseURI)
        ? undefined
        : `${name}="${raw}": expected an https:, http:, mailto: or tel: link (or a path); without one, the fallback panel can only suggest trying again.`;
    case 'data-integrity':
      return /^(sha256|sha384|sha512)-[A-Za-z0-9+/]+={0,2}(\s+(sha256|sha384|sha512)-[A-Za-z0-9+/]+={0,2})*$/.test(raw.trim())
        ? undefined
        : `${name}="${raw}": expected a Subresource Integrity hash such as "sha384-…".`;
    default:
      try {
        new URL(raw, doc.baseURI);
        return undefined;
      } catch {
        return `${name}="${raw}": not a URL.`;
      }
  }
}
