import type { BackoffOptions } from './backoff.js';
import type { HumanTransport, Transport } from './contract.js';
import type { ChatEnvironment, KeyValueStorage } from './environment.js';
import { ConfigError, describeValue } from './errors.js';
import { UNSAFE_KEYS } from './stored-conversation.js';
import type { Redactor } from './transcript.js';
import {
  HUMAN_PATH_GUARANTEE,
  normalizeEscalationOptions,
  type EscalationOptions,
  type NormalizedEscalationOptions,
} from './escalation.js';
import { createRedactor, normalizeMaskingOptions, type MaskingOptions } from './masking.js';
import type { ChatUser } from './types.js';
import { isRecord } from './is-record.js';

/** Options for `createChat`. Only `human` is required. */
export interface ChatOptions {
  /** The bot backend. Optional: without one, the first message goes straight to a person. */
  bot?: Transport;
  /** The human-handoff backend. Required: there is always a path to a person. */
  human: HumanTransport;
  /** BCP 47 language tag. Default: the runtime's language, else `en`. */
  locale?: string;
  /** The customer, if the site knows them. Same as calling `identify()`. */
  user?: ChatUser;
  /** Extra facts for the agent, or a function returning them when a handoff starts. */
  context?: Record<string, unknown> | (() => Record<string, unknown>);
  /**
   * Where to keep the conversation across reloads. Default: memory (gone on reload).
   * The widget passes `localStorage`. `false` keeps nothing beyond memory.
   */
  storage?: KeyValueStorage | false;
  /** Separates conversations on one site (e.g. two widgets). Default `default`. */
  storageKey?: string;
  /** Longest message a customer may send, in characters. Default 2000. */
  maxLength?: number;
  /**
   * After this long in the queue without a person, the customer is offered to leave a
   * message instead (the request stays queued). Default 5 minutes; 0 never.
   */
  queueTimeoutMs?: number;
  /** Retry timing for deliveries. Default 1 s doubling to 30 s, with jitter. */
  retry?: BackoffOptions;
  /**
   * What to mask before anything leaves for the human backend and before anything is
   * stored: cards, IBANs, e-mails, phones and your own patterns. On by default; `false` turns it off.
   */
  masking?: MaskingOptions | false;
  /** Your own masking function, used instead of the built-in one. */
  redact?: Redactor;
  /** When to bring in a person without the button: keywords, bot failure, frustration, sensitive topics, low confidence. */
  escalation?: EscalationOptions;
  /** Also mask what goes to the bot. Default false. */
  maskBot?: boolean;
  /** A signed identity token from the site, or a function returning a fresh one. Kept in memory only. */
  identityToken?: IdentityToken;
  /** Page performance figures (e.g. web-vitals LCP, CLS, INP) for the agent, read when a handoff starts. */
  vitals?: () => Record<string, number> | undefined;
  /** Keep the conversation in `storage` across reloads. `false` (no consent) writes nothing. Default true. */
  persist?: boolean;
  /** Clock, timers, randomness, storage and page facts, for tests and unusual runtimes. */
  env?: Partial<ChatEnvironment>;
}

/** Options after validation and defaults. */
export interface NormalizedChatOptions {
  bot: Transport | undefined;
  human: HumanTransport;
  locale: string;
  user: ChatUser | undefined;
  context: () => Record<string, unknown>;
  storage: KeyValueStorage | undefined;
  storageKey: string;
  maxLength: number;
  queueTimeoutMs: number;
  retry: BackoffOptions;
  redact: Redactor | undefined;
  escalation: NormalizedEscalationOptions;
  maskBot: boolean;
  identityToken: IdentityToken | undefined;
  persist: boolean;
  vitals: (() => Record<string, number> | undefined) | undefined;
  env: Partial<ChatEnvironment>;
}

/** A signed identity token, or a function returning a fresh one (sync or async). */
export type IdentityToken = string | (() => string | undefined | Promise<string | undefined>);

/** Checks an identity token option; throws a `ConfigError` naming `option`. */
export function validateIdentityToken(option: string, value: unknown): IdentityToken {
  if (typeof value === 'function') return value as IdentityToken;
  if (typeof value === 'string' && value.length > 0 && value.length <= 8192 && !/\s/.test(value)) return value;
  throw new ConfigError(option, 'a token string (no spaces, at most 8192 characters) or a function returning one', value);
}

const KNOWN_KEYS = [
  'bot',
  'human',
  'locale',
  'user',
  'context',
  'storage',
  'storageKey',
  'maxLength',
  'queueTimeoutMs',
  'retry',
  'redact',
  'masking',
  'escalation',
  'maskBot',
  'identityToken',
  'persist',
  'vitals',
  'env',
] as const;

/** Every option `createChat` takes; the widget passes these through untouched. */
export const CHAT_OPTION_KEYS: readonly string[] = KNOWN_KEYS;
const KNOWN = /*#__PURE__*/ new Set<string>(KNOWN_KEYS);

/** Options people try in order to hide the human path; each is refused with the reason. */
const HUMAN_PATH_SWITCHES = [
  'humanButton',
  'showHumanButton',
  'hideHumanButton',
  'disableHuman',
  'disableHandoff',
  'handoff',
  'humanHandoff',
  'noHuman',
];

function assertTransport(option: string, value: unknown, human: boolean): void {
  if (!isRecord(value)) {
    throw new ConfigError(option, `a transport object with connect(), send() and close()${human ? ' and handoff()' : ''}`, value);
  }
  const needed = human ? ['connect', 'send', 'close', 'handoff'] : ['connect', 'send', 'close'];
  const missing = needed.filter((m) => typeof value[m] !== 'function');
  if (missing.length) {
    throw new ConfigError(
      option,
      '',
      value,
      `Invalid option "${option}": the transport is missing ${missing.map((m) => `${m}()`).join(', ')}. ` +
        `A ${human ? 'human' : 'bot'} transport needs ${needed.map((m) => `${m}()`).join(', ')}.`,
    );
  }
}

/**
 * A site's own masking function, made safe: if it throws or returns something else,
 * the text is withheld rather than sent unmasked.
 */
function guardRedactor(fn: Redactor): Redactor {
  return (text) => {
    try {
      const out = fn(text);
      if (out && typeof out.text === 'string') return { text: out.text, kinds: Array.isArray(out.kinds) ? out.kinds.filter((k) => typeof k === 'string') : [] };
    } catch {
      // Fall through: unknown is treated as sensitive.
    }
    return { text: '[withheld: masking failed]', kinds: ['unmaskable'] };
  };
}

/** Checks a `ChatUser`; throws a `ConfigError` naming the bad field. */
export function validateUser(option: string, value: unknown): ChatUser {
  if (!isRecord(value)) throw new ConfigError(option, 'an object like { id, name, email, attributes }', value);
  const user: ChatUser = {};
  for (const field of ['id', 'name', 'email'] as const) {
    const v = value[field];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length > 500) throw new ConfigError(`${option}.${field}`, 'a string of at most 500 characters', v);
    user[field] = v;
  }
  if (value.attributes !== undefined) {
    if (!isRecord(value.attributes)) throw new ConfigError(`${option}.attributes`, 'an object of flat values', value.attributes);
    const attributes: NonNullable<ChatUser['attributes']> = {};
    for (const [k, v] of Object.entries(value.attributes)) {
      if (UNSAFE_KEYS.has(k)) throw new ConfigError(`${option}.attributes`, 'ordinary attribute names', k, `Invalid option "${option}.attributes": the name "${k}" is not allowed.`);
      if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
        throw new ConfigError(`${option}.attributes.${k}`, 'a string, number, boolean or null', v);
      }
      attributes[k] = v as string | number | boolean | null;
    }
    user.attributes = attributes;
  }
  const unknown = Object.keys(value).filter((k) => !['id', 'name', 'email', 'attributes'].includes(k));
  if (unknown.length) throw new ConfigError(`${option}.${unknown[0]}`, 'one of id, name, email, attributes', value[unknown[0] as string]);
  return user;
}

function defaultLocale(): string {
  const nav = (globalThis as { navigator?: { language?: string } }).navigator;
  if (typeof nav?.language === 'string' && nav.language) return nav.language;
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale || 'en';
  } catch {
    return 'en';
  }
}

/**
 * Validates `createChat` options once, at the boundary. Throws a `ConfigError` that
 * names the option and what was expected; inner code trusts the result.
 */
export function normalizeChatOptions(input: unknown): NormalizedChatOptions {
  if (!isRecord(input)) throw new ConfigError('options', 'an object with at least a `human` transport', input);

  for (const key of Object.keys(input)) {
    if (HUMAN_PATH_SWITCHES.includes(key)) {
      throw new ConfigError(key, '', input[key], `Option "${key}" is not supported: ${HUMAN_PATH_GUARANTEE}`);
    }
    if (!KNOWN.has(key)) {
      throw new ConfigError(key, '', input[key], `Unknown option "${key}". Known options: ${[...KNOWN].join(', ')}.`);
    }
  }

  if (input.human === undefined || input.human === null || input.human === false) {
    throw new ConfigError(
      'human',
      '',
      input.human,
      `Option "human" is required (received ${describeValue(input.human)}): ${HUMAN_PATH_GUARANTEE}`,
    );
  }
  assertTransport('human', input.human, true);
  if (input.bot !== undefined) assertTransport('bot', input.bot, false);

  if (input.locale !== undefined && (typeof input.locale !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(input.locale))) {
    throw new ConfigError('locale', 'a BCP 47 language tag such as "en" or "sv-SE"', input.locale);
  }

  let context: () => Record<string, unknown> = () => ({});
  if (typeof input.context === 'function') {
    const fn = input.context as () => unknown;
    context = () => {
      const value = fn();
      return isRecord(value) ? value : {};
    };
  } else if (isRecord(input.context)) {
    const value = input.context;
    context = () => value;
  } else if (input.context !== undefined) {
    throw new ConfigError('context', 'an object or a function returning one', input.context);
  }

  let storage: KeyValueStorage | undefined;
  if (input.storage !== undefined && input.storage !== false) {
    const s = input.storage as Record<string, unknown>;
    if (!isRecord(s) && typeof s !== 'object') throw new ConfigError('storage', 'a Storage-like object or false', input.storage);
    if (typeof s.getItem !== 'function' || typeof s.setItem !== 'function' || typeof s.removeItem !== 'function') {
      throw new ConfigError('storage', 'an object with getItem(), setItem() and removeItem() (like localStorage), or false', input.storage);
    }
    storage = input.storage as KeyValueStorage;
  }

  const storageKey = input.storageKey ?? 'default';
  if (typeof storageKey !== 'string' || !/^[\w.-]{1,64}$/.test(storageKey)) {
    throw new ConfigError('storageKey', 'letters, digits, ".", "-" or "_", at most 64 characters', input.storageKey);
  }

  const maxLength = input.maxLength ?? 2000;
  if (typeof maxLength !== 'number' || !Number.isInteger(maxLength) || maxLength < 1 || maxLength > 20000) {
    throw new ConfigError('maxLength', 'a whole number between 1 and 20000', input.maxLength);
  }

  const queueTimeoutMs = input.queueTimeoutMs ?? 5 * 60 * 1000;
  if (typeof queueTimeoutMs !== 'number' || !Number.isFinite(queueTimeoutMs) || queueTimeoutMs < 0) {
    throw new ConfigError('queueTimeoutMs', 'a number of milliseconds ≥ 0 (0 never times out)', input.queueTimeoutMs);
  }

  const retry: BackoffOptions = {};
  if (input.retry !== undefined) {
    if (!isRecord(input.retry)) throw new ConfigError('retry', 'an object like { baseMs, maxMs }', input.retry);
    for (const field of ['baseMs', 'maxMs'] as const) {
      const v = input.retry[field];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new ConfigError(`retry.${field}`, 'a number of milliseconds ≥ 0', v);
      retry[field] = v;
    }
  }

  if (input.redact !== undefined && typeof input.redact !== 'function') {
    throw new ConfigError('redact', 'a function (text) => { text, kinds }', input.redact);
  }
  if (input.vitals !== undefined && typeof input.vitals !== 'function') throw new ConfigError('vitals', 'a function returning { name: number }', input.vitals);
  for (const flag of ['maskBot', 'persist'] as const) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean') throw new ConfigError(flag, 'true or false', input[flag]);
  }
  if (input.env !== undefined && !isRecord(input.env)) throw new ConfigError('env', 'an object', input.env);

  return {
    bot: input.bot as Transport | undefined,
    human: input.human as HumanTransport,
    locale: (input.locale as string | undefined) ?? defaultLocale(),
    user: input.user === undefined ? undefined : validateUser('user', input.user),
    context,
    storage,
    storageKey,
    maxLength,
    queueTimeoutMs,
    retry,
    redact: input.redact !== undefined ? guardRedactor(input.redact as Redactor) : input.masking === false ? undefined : createRedactor(normalizeMaskingOptions(input.masking ?? {}, 'masking')),
    escalation: normalizeEscalationOptions(input.escalation ?? {}, 'escalation'),
    maskBot: input.maskBot === true,
    identityToken: input.identityToken === undefined ? undefined : validateIdentityToken('identityToken', input.identityToken),
    persist: input.persist !== false,
    vitals: input.vitals as NormalizedChatOptions['vitals'],
    env: (input.env as Partial<ChatEnvironment> | undefined) ?? {},
  };
}
