import type { HumanTransport, Transport } from '../core/contract.js';
import type { KeyValueStorage } from '../core/environment.js';

/** How an attribute's text becomes an option value. */
export type AttributeKind = 'string' | 'number' | 'boolean' | 'list';

/** Transport factories by export name: the `handoff-chat/transports` namespace, or part of it. */
export type TransportFactories = Readonly<Record<string, unknown>>;

// Factories are looked up by name at run time, so their signatures are not known here.
type Factory = (...args: any[]) => any;

/**
 * A transport a script tag can choose by name (`data-bot="sse"`, `data-human="handoff"`).
 * Its options come from `data-bot-<option>` / `data-human-<option>` attributes, the
 * option name in kebab case (`eventsUrl` ← `data-bot-events-url`).
 */
export interface AttributeTransport {
  /**
   * Exports of `handoff-chat/transports` it is built from. When one is missing from
   * this build (a preset not shipped yet), the value is reported and skipped.
   */
  readonly needs: readonly string[];
  /** A short name for messages, e.g. "the Rasa preset". */
  readonly label: string;
  /** The options it reads from attributes, with their kinds. */
  readonly options: Readonly<Record<string, AttributeKind>>;
  /** Options without which it cannot work. */
  readonly required: readonly string[];
  /**
   * Builds the transport from the needed factories and the options read. `page.storage`
   * is the page's `localStorage` when the site allows keeping state (not `data-persist="false"`).
   */
  create(factories: Readonly<Record<string, Factory>>, options: Record<string, unknown>, page: { storage?: KeyValueStorage }): Transport;
}

const HTTP_HANDOFF_OPTIONS = {
  handoffUrl: 'string',
  cancelUrl: 'string',
  endUrl: 'string',
  ratingUrl: 'string',
  offlineUrl: 'string',
  availabilityUrl: 'string',
} as const;

/** `withHttpHandoff`'s options from `data-human-handoff-url` and friends. */
function httpHandoffOptions(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { url: o.handoffUrl };
  for (const key of ['cancelUrl', 'endUrl', 'ratingUrl', 'offlineUrl', 'availabilityUrl']) if (o[key] !== undefined) out[key] = o[key];
  return out;
}

/** Keeps only the options that were given, so factories see no `undefined` keys. */
function given(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (o[key] !== undefined) out[key] = o[key];
  return out;
}

/**
 * `data-bot` values. The presets (rasa, direct-line, openai) resolve their factories by
 * name, so they start working as soon as `handoff-chat/transports` exports them.
 *
 * @example
 * <script src="handoff-chat.loader.js" data-bot="rest" data-bot-url="/api/bot" data-human="handoff" data-human-url="/hub"></script>
 */
export const BOT_TRANSPORTS: Readonly<Record<string, AttributeTransport>> = {
  rest: {
    needs: ['createRestTransport'],
    label: 'the REST transport',
    options: { url: 'string', timeoutMs: 'number' },
    required: ['url'],
    create: (f, o) => f.createRestTransport!(given(o, ['url', 'timeoutMs'])),
  },
  sse: {
    needs: ['createSseTransport'],
    label: 'the SSE transport',
    options: { url: 'string', eventsUrl: 'string', timeoutMs: 'number', idleTimeoutMs: 'number' },
    required: ['url'],
    create: (f, o) => f.createSseTransport!(given(o, ['url', 'eventsUrl', 'timeoutMs', 'idleTimeoutMs'])),
  },
  websocket: {
    needs: ['createWebSocketTransport'],
    label: 'the WebSocket transport',
    options: { url: 'string', protocols: 'list', ackTimeoutMs: 'number' },
    required: ['url'],
    create: (f, o) => f.createWebSocketTransport!(given(o, ['url', 'protocols', 'ackTimeoutMs'])),
  },
  memory: {
    needs: ['createMemoryBot'],
    label: 'the in-page demo bot',
    options: { greeting: 'string' },
    required: [],
    create: (f, o) =>
      f.createMemoryBot!({
        greeting: (o.greeting as string | undefined) ?? 'Hi! I am a demo bot living in this page. Ask me anything, or talk to a person.',
        reply: (text: string) => ({
          text: `You wrote “${text}”. I am only a demo (data-bot="memory"): connect data-bot to your own bot, or press the button to reach a person.`,
          fallback: true,
        }),
      }),
  },
  rasa: {
    needs: ['createRasaTransport'],
    label: 'the Rasa preset',
    options: { url: 'string', sender: 'string', timeoutMs: 'number' },
    required: ['url'],
    create: (f, o) => f.createRasaTransport!(given(o, ['url', 'sender', 'timeoutMs'])),
  },
  'direct-line': {
    needs: ['createDirectLineTransport'],
    label: 'the Direct Line preset',
    // A token endpoint on the site's server: a Direct Line secret never goes into a page.
    options: { tokenUrl: 'string', domain: 'string', userId: 'string', stream: 'string', pollIntervalMs: 'number' },
    required: ['tokenUrl'],
    create: (f, o) => f.createDirectLineTransport!(given(o, ['tokenUrl', 'domain', 'userId', 'stream', 'pollIntervalMs'])),
  },
  openai: {
    needs: ['createOpenAITransport'],
    label: 'the OpenAI preset',
    // `url` is the site's own endpoint that adds the API key; keys never go into a page.
    options: { url: 'string', model: 'string', system: 'string', stream: 'boolean', maxHistory: 'number', timeoutMs: 'number' },
    required: ['url'],
    create: (f, o) => f.createOpenAITransport!(given(o, ['url', 'model', 'system', 'stream', 'maxHistory', 'timeoutMs'])),
  },
};

/**
 * `data-human` values.
 *
 * @example
 * <script src="handoff-chat.loader.js" data-human="rest" data-human-url="/desk/messages" data-human-handoff-url="/desk/handoff"></script>
 */
export const HUMAN_TRANSPORTS: Readonly<Record<string, AttributeTransport>> = {
  handoff: {
    needs: ['createHandoffTransport'],
    label: 'the handoff-chat protocol',
    options: { url: 'string', mode: 'string', connectTimeoutMs: 'number' },
    required: ['url'],
    create: (f, o) => f.createHandoffTransport!(given(o, ['url', 'mode', 'connectTimeoutMs'])),
  },
  rest: {
    needs: ['createRestTransport', 'withHttpHandoff'],
    label: 'REST with HTTP handoff',
    options: { url: 'string', timeoutMs: 'number', ...HTTP_HANDOFF_OPTIONS },
    required: ['url', 'handoffUrl'],
    create: (f, o) => f.withHttpHandoff!(f.createRestTransport!(given(o, ['url', 'timeoutMs'])), httpHandoffOptions(o)),
  },
  sse: {
    needs: ['createSseTransport', 'withHttpHandoff'],
    label: 'SSE with HTTP handoff',
    options: { url: 'string', eventsUrl: 'string', timeoutMs: 'number', ...HTTP_HANDOFF_OPTIONS },
    required: ['url', 'handoffUrl'],
    create: (f, o) => f.withHttpHandoff!(f.createSseTransport!(given(o, ['url', 'eventsUrl', 'timeoutMs'])), httpHandoffOptions(o)),
  },
  chatwoot: {
    needs: ['createChatwootTransport'],
    label: 'the Chatwoot preset',
    options: { baseUrl: 'string', inboxIdentifier: 'string', workingHours: 'boolean', pollIntervalMs: 'number' },
    required: ['baseUrl', 'inboxIdentifier'],
    // The Chatwoot contact is kept across reloads, as the widget keeps the conversation.
    create: (f, o, page) =>
      f.createChatwootTransport!({ ...given(o, ['baseUrl', 'inboxIdentifier', 'workingHours', 'pollIntervalMs']), ...(page.storage ? { storage: page.storage } : {}) }),
  },
  memory: {
    needs: ['createMemoryHuman'],
    label: 'the in-page demo desk',
    options: { agentName: 'string' },
    required: [],
    create: (f, o) =>
      f.createMemoryHuman!({
        agent: { name: (o.agentName as string | undefined) ?? 'Alex', title: 'Demo agent' },
        reply: () => 'Thanks! I am a demo agent living in this page (data-human="memory"): connect data-human to your desk for real people.',
      }) as HumanTransport,
  },
};
