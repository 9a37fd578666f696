import { createNanoEvents } from 'nanoevents';
import type {
  Emit,
  HandoffReceipt,
  HandoffRequest,
  InboundMessage,
  OutboundMessage,
  Transport,
  TransportEvent,
  TransportSession,
} from './contract.js';
import { createMemoryStorage, resolveEnvironment, type ChatEnvironment, type KeyValueStorage } from './environment.js';
import { ConfigError, HandoffChatError, InputError, StateError, TransportError, toTransportError } from './errors.js';
import type { ChatEvents } from './events.js';
import { backoffDelay } from './backoff.js';
import { createIdFactory } from './ids.js';
import { normalizeChatOptions, validateIdentityToken, validateUser, type ChatOptions, type IdentityToken } from './options.js';
import { createOutbox, type Lane, type Outbox, type OutboxEntry } from './outbox.js';
import { assertTransition } from './phases.js';
import { createSafeStorage } from './safe-storage.js';
import { createEscalationDetector, escalationSource, normalizeEscalationOptions, type Detection } from './escalation.js';
import { onPhrasesAdded, requestPhrases } from './phrases.js';
import { UNSAFE_KEYS, restoreConversation, type StoredConversation } from './stored-conversation.js';
import { buildTranscript } from './transcript.js';
import type { TranscriptV1 } from './transcript-types.js';
import type {
  AgentInfo,
  Availability,
  ChatUser,
  ConnectionState,
  HandoffState,
  HandoffTrigger,
  Message,
  Notice,
  OfflineMessage,
  Phase,
  QuickReply,
  Rating,
} from './types.js';
import { isRecord } from './is-record.js';
import { noticeTextEn } from './notice-texts.js';

/** A snapshot of the whole conversation. Replaced, never mutated, on every change. */
export interface ChatState {
  readonly conversationId: string;
  readonly phase: Phase;
  readonly messages: readonly Message[];
  readonly open: boolean;
  /** Bot and agent messages that arrived while the chat was closed. */
  readonly unread: number;
  /** What the customer has typed but not sent; kept across reloads. */
  readonly draft: string;
  readonly handoff: HandoffState;
  /** The person answering, in the `human` phase. */
  readonly agent: AgentInfo | undefined;
  readonly typing: { readonly bot: boolean; readonly agent: boolean };
  /** Whether anyone is there, as last reported by the human backend. */
  readonly availability: Availability | undefined;
  readonly connection: { readonly bot: ConnectionState; readonly human: ConnectionState };
  readonly user: ChatUser | undefined;
  readonly startedAt: number;
  /** The satisfaction survey: offered after a human conversation ends. */
  readonly rating: 'none' | 'offered' | 'sent' | 'declined';
  /** Set while the widget should ask "Would you like to talk to a person?". */
  readonly offer: { readonly trigger: HandoffTrigger; readonly reason: string } | undefined;
  readonly locale: string;
  readonly maxLength: number;
  /** False when no bot transport is configured: messages go straight to a person. */
  readonly hasBot: boolean;
}

/**
 * A conversation: the headless core of handoff-chat. Create one with `createChat`.
 * Every method is safe to call in any phase; the ones that make no sense there say
 * so with a `StateError`, except the path to a person, which always works.
 */
export interface Chat {
  /** The current snapshot; subscribe to `change` to hear about the next one. */
  readonly state: ChatState;
  /**
   * Sends a customer message to whoever owns the conversation. Returns the message at
   * once (status `sending`); delivery is retried until the backend accepts it.
   * Throws an `InputError` for empty or too-long text; nothing is cleared then.
   */
  send(text: string, options?: { quickReply?: QuickReply }): Message;
  /** Sends a quick reply the bot offered. */
  chooseReply(reply: QuickReply): Message;
  /**
   * Asks for a person. Works in every phase before `human`, also when the bot is down
   * or missing. Calling it again while a request is pending returns the same request.
   * `context` is added to the transcript's `context.custom.botContext` for the agent.
   */
  requestHuman(reason?: string, options?: { trigger?: HandoffTrigger; context?: Record<string, unknown> }): HandoffState;
  /** Withdraws a pending request and goes back to the bot. */
  cancelHandoff(): void;
  /** The customer ends the conversation (with a person: the survey is offered next). */
  endChat(): void;
  /** Accepts the widget's "Would you like to talk to a person?" offer. */
  acceptOffer(): HandoffState;
  /** Declines the offer. */
  dismissOffer(): void;
  /** Leaves a message for the team when nobody is available; it carries the transcript. */
  leaveMessage(note: OfflineMessage): void;
  /** Sends the satisfaction rating (1–5, optional comment up to `maxLength`). */
  rate(rating: Rating): void;
  /** The customer skipped the survey; it is not offered again for this conversation. */
  declineRating(): void;
  /** Retries a failed message now. */
  retry(messageId: string): void;
  /** Retries every waiting delivery now (e.g. when the browser is back online). */
  flush(): void;
  /** Keeps the customer's unsent text (restored after a reload). */
  setDraft(text: string): void;
  /**
   * Tells the backends who the customer is, optionally with a signed identity token (or
   * a function returning a fresh one) that transports send in a header, never in a URL.
   * A different person (another `id`) gets a fresh conversation: nobody sees another's.
   */
  identify(user: ChatUser, options?: { token?: IdentityToken }): void;
  /** Forgets the customer: wipes the conversation, outbox, draft and token, here and in storage. */
  logout(): void;
  /** Consent switch: `false` removes what is stored and stops every storage write. */
  setPersistence(enabled: boolean): void;
  open(): void;
  close(): void;
  /** The transcript exactly as a handoff request now would carry it (masks applied). */
  previewTranscript(): TranscriptV1;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof ChatEvents>(event: E, listener: ChatEvents[E]): () => void;
  /** Closes every transport and timer and drops every listener. Stored data stays. */
  destroy(): void;
}

interface MessagePayload {
  id: string;
  text: string;
  time: number;
  quickReply?: QuickReply;
}

interface HandoffPayload {
  request: HandoffRequest;
  /** Customer messages the bot never got; they count as delivered once a person has them. */
  carried: string[];
}

interface Link {
  readonly transport: Transport;
  ensure(): Promise<void>;
  /** Forgets a connection the transport reported closed, so the next `ensure` opens a new one. */
  forget(): void;
  /** Closes once `last` settled (a farewell such as `end`); meanwhile `ensure` waits for that. */
  retire(last: Promise<unknown>): void;
  close(): void;
}

const TYPING_TIMEOUT_MS = 15000;
/** A streamed reply silent this long is taken as finished (its end was lost). */
const STREAM_IDLE_MS = 30000;
/** How often other tabs hear about streamed text and typing at most. */
const BROADCAST_THROTTLE_MS = 150;
/** How long a farewell (`end`/`cancel` on logout) may hold the old connection open. */
const RETIRE_TIMEOUT_MS = 3000;
const STORED_MESSAGES_LIMIT = 1000;
/** How old the customer's latest words may be to be read again with phrase lists that arrived late. */
const LATE_LISTS_MS = 30000;

/** Equal as data (the same JSON), for values small enough to compare that way. */
const sameJson = (a: unknown, b: unknown): boolean => a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));

/** A JSON-safe deep copy: what travels between tabs and to the desk is plain data. */
function jsonClone<T>(value: T): T {
  try {
    return JSON.parse(JSON.stringify(value)) as T;
  } catch {
    return {} as T;
  }
}

const MIN_PLAUSIBLE_TIME = Date.UTC(2000, 0, 1);
const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * Creates a headless conversation. No DOM, no UI: bring your own, or use `init()`
 * from `handoff-chat` for the widget.
 *
 * @example
 * import { createChat } from 'handoff-chat/core'
 * import { createMemoryBot, createMemoryHuman } from 'handoff-chat/transports'
 *
 * const chat = createChat({ bot: createMemoryBot({ reply: (t) => `You said ${t}` }), human: createMemoryHuman() })
 * chat.on('message', (m) => console.log(m.author, m.text))
 * chat.send('hello')
 * chat.requestHuman('I want a person')
 */
export function createChat(options: ChatOptions): Chat {
  const opts = normalizeChatOptions(options);
  const emitter = createNanoEvents<ChatEvents>();
  /**
   * Calls each listener on its own: one that throws (site code, a UI) must not stop the
   * others, nor the delivery that announced it. The failure becomes an `error` event.
   */
  const emit = <E extends keyof ChatEvents>(event: E, ...args: Parameters<ChatEvents[E]>): void => {
    for (const listener of [...(emitter.events[event] ?? [])]) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (error) {
        if (event !== 'error') {
          reportError(new HandoffChatError('listener_failed', `A "${String(event)}" listener threw; the chat carries on.`, { cause: error }));
        }
      }
    }
  };
  /** Errors raised before anyone listened (e.g. storage failing on the first read inside createChat). */
  const unheard: HandoffChatError[] = [];
  const reportError = (error: HandoffChatError): void => {
    if (!emitter.events.error?.length) {
      if (unheard.length < 20) unheard.push(error);
      return;
    }
    emit('error', error);
  };
  const durable = createSafeStorage(opts.storage ?? opts.env.storage ?? createMemoryStorage(), (e) => reportError(e));
  const volatile = createMemoryStorage();
  // Without consent nothing is written to the browser; the conversation then lives as long as the page.
  let persistEnabled = opts.persist;
  const storage: KeyValueStorage = {
    getItem: (key) => (persistEnabled ? durable.getItem(key) : volatile.getItem(key)),
    setItem: (key, value) => (persistEnabled ? durable.setItem(key, value) : volatile.setItem(key, value)),
    removeItem: (key) => {
      volatile.removeItem(key);
      durable.removeItem(key);
    },
  };
  const env: ChatEnvironment = resolveEnvironment({ ...opts.env, storage });
  const newId = createIdFactory(opts.env.random);
  const prefix = `hc:${opts.storageKey}:`;
  const conversationKey = `${prefix}conversation`;
  const outboxKey = `${prefix}outbox`;
  const timers = new Set<unknown>();
  let destroyed = false;
  let identityToken = opts.identityToken;
  /** The token `identify()` is applying right now, kept through a reset for another person. */
  let localToken: IdentityToken | undefined;

  let restored = restoreConversation(env.storage.getItem(conversationKey));
  // One person never sees another's conversation on a shared browser.
  if (restored?.owner && opts.user?.id !== undefined && restored.owner !== opts.user.id) {
    env.storage.removeItem(conversationKey);
    env.storage.removeItem(outboxKey);
    restored = undefined;
  }
  let owner: string | undefined = opts.user?.id ?? restored?.owner;

  let state: ChatState = Object.freeze({
    conversationId: restored?.conversationId ?? newId('conv'),
    phase: restored?.phase ?? 'bot',
    messages: Object.freeze(restored?.messages ?? []),
    open: false,
    unread: 0,
    draft: restored?.draft ?? '',
    handoff: restored?.handoff ?? { status: 'none', attempts: 0 },
    agent: restored?.agent,
    typing: { bot: false, agent: false },
    availability: undefined,
    connection: { bot: 'idle', human: 'idle' },
    user: opts.user ?? restored?.user,
    startedAt: restored?.startedAt ?? env.now(),
    rating: restored?.rating ?? 'none',
    offer: undefined,
    locale: opts.locale,
    maxLength: opts.maxLength,
    hasBot: Boolean(opts.bot),
  } satisfies ChatState);

  /**
   * `leader`: this tab holds the connections and the outbox. `follower`: another tab
   * does; this one mirrors it and forwards commands. `pending`: not known yet.
   */
  // Sharing needs storage the next leader can take over from; without it, every chat stands alone.
  // With persistence off, a leader's outbox lives only in its memory and would be lost on a takeover.
  const tabs = opts.storage && opts.persist ? env.tabs : null;
  let role: 'leader' | 'follower' | 'pending' = tabs ? 'pending' : 'leader';
  const tabId = newId('tab');
  const channel = tabs ? tabs.channel(`hc:${opts.storageKey}`) : undefined;

  const messageIndex = new Map<string, number>();
  state.messages.forEach((m, i) => messageIndex.set(m.id, i));
  const offeredTriggers = new Set<HandoffTrigger>();
  let detector = createEscalationDetector(opts.escalation);
  // The script-tag bundle fetches phrase lists other than English (the widget's own language
  // comes with its texts): ask for the ones the options name now, for the default six when
  // the chat opens (the `wake` command, run by the tab that reads the customer's words), and
  // rebuild the detector with every list once lists arrive. Never happens in the npm
  // entries, which have them all.
  if (options.escalation?.languages) requestPhrases(opts.escalation.languages);
  const listenInEveryLanguage = (): void => {
    const { keyword, frustration, sensitiveTopic, languages } = opts.escalation;
    // Unless no trigger listens for words.
    if ([keyword, frustration, sensitiveTopic].some((t) => t.mode !== 'off')) requestPhrases(languages);
  };
  /** The customer's latest message, when the triggers found nothing in it: read again when lists arrive. */
  let unmatched: string | undefined;
  const offPhrases = onPhrasesAdded(() => {
    if (destroyed) return;
    detector = createEscalationDetector(normalizeEscalationOptions(escalationSource(options.escalation ?? {}), 'escalation'));
    whenIdle(warmDetector);
    readAgain();
  });
  // Lists that arrive just after the customer's first words (a slow network) still hear
  // them: the latest message the triggers found nothing in is read again, if it is recent
  // and nothing has happened since (no offer, no request for a person).
  const readAgain = (): void => {
    const m = unmatched === undefined ? undefined : state.messages[messageIndex.get(unmatched) ?? -1];
    unmatched = undefined;
    if (!m || role !== 'leader' || state.phase !== 'bot' || state.offer) return;
    if (env.now() - m.time > LATE_LISTS_MS || (state.handoff.requestedAt ?? 0) >= m.time) return;
    escalate(detector.inspectCustomer(m.text, state.messages.slice(0, messageIndex.get(m.id))));
  };
  let firstAgentReplyAt: number | undefined;
  let persistQueued = false;

  // ---------------------------------------------------------------- state

  const snapshot = (): StoredConversation => ({
    v: 1,
    conversationId: state.conversationId,
    phase: state.phase,
    messages: state.messages.slice(-STORED_MESSAGES_LIMIT),
    draft: state.draft,
    handoff: state.handoff,
    agent: state.agent,
    user: state.user,
    startedAt: state.startedAt,
    rating: state.rating,
    ...(owner !== undefined ? { owner } : {}),
  });

  let broadcastQueued = false;
  let broadcastRev = 0;
  /** The leader whose state this tab last took, and that state's revision: older news is ignored. */
  let followed: { leader: unknown; rev: number } = { leader: undefined, rev: 0 };
  let broadcastTimer: unknown;
  /**
   * Sends the state to the other tabs: at once for lasting changes, and a few times a
   * second for streamed text and typing dots, which would otherwise mean one full copy
   * of the conversation per word.
   */
  const scheduleBroadcast = (soon = true): void => {
    if (!channel) return;
    if (soon) {
      if (broadcastQueued) return;
      broadcastQueued = true;
      void Promise.resolve().then(broadcastState);
      return;
    }
    if (broadcastTimer !== undefined || broadcastQueued) return;
    broadcastTimer = later(() => {
      broadcastTimer = undefined;
      broadcastState();
    }, BROADCAST_THROTTLE_MS);
  };

  const persistNow = (): void => {
    persistQueued = false;
    if (destroyed || role !== 'leader') return;
    const stored = snapshot();
    // Storage outlives the page: nothing sensitive is written there, only its masked form.
    if (opts.redact) {
      stored.messages = stored.messages.map((m) => {
        const out: Message = { ...m, text: redact(m.text) };
        if (m.quickReplies) out.quickReplies = m.quickReplies.map((q) => ({ ...q, title: redact(q.title) }));
        if (m.chosenReply) out.chosenReply = { ...m.chosenReply, title: redact(m.chosenReply.title) };
        return out;
      });
      stored.draft = redact(stored.draft);
      if (stored.handoff.reason) stored.handoff = { ...stored.handoff, reason: redact(stored.handoff.reason) };
    }
    env.storage.setItem(conversationKey, JSON.stringify(stored));
  };

  const schedulePersist = (): void => {
    if (persistQueued) return;
    persistQueued = true;
    // Coalesces a burst of changes in one tick into one write.
    void Promise.resolve().then(persistNow);
  };

  const update = (patch: Partial<ChatState>, persist = true, broadcast = true): void => {
    state = Object.freeze({ ...state, ...patch });
    if (role === 'leader') {
      if (persist) schedulePersist();
      if (broadcast) scheduleBroadcast(persist);
    }
    emit('change', state);
  };

  const setPhase = (to: Phase): void => {
    const from = state.phase;
    if (from === to) return;
    assertTransition(from, to);
    update({ phase: to });
    if (role === 'leader') watchQueue();
    emit('phase', to, from);
  };

  const isInbound = (m: Message): boolean => m.author === 'bot' || m.author === 'agent';

  const appendMessage = (message: Message): Message => {
    const frozen = Object.freeze(message);
    messageIndex.set(frozen.id, state.messages.length);
    const unread = !state.open && isInbound(frozen) ? state.unread + 1 : state.unread;
    update({ messages: Object.freeze([...state.messages, frozen]), unread });
    emit('message', frozen);
    return frozen;
  };

  const patchMessage = (id: string, patch: Partial<Message>, persist = true): Message | undefined => {
    const index = messageIndex.get(id);
    if (index === undefined) return undefined;
    const before = state.messages[index] as Message;
    const after = Object.freeze({ ...before, ...patch });
    const messages = state.messages.slice();
    messages[index] = after;
    update({ messages: Object.freeze(messages) }, persist);
    if (patch.status !== undefined && patch.status !== before.status) emit('message:status', after);
    emit('message:update', after);
    return after;
  };

  const notice = (code: Notice['code'], params: Record<string, string | number> = {}): Message =>
    appendMessage({
      id: newId('sys'),
      author: 'system',
      text: noticeTextEn(code, params),
      time: env.now(),
      status: 'sent',
      notice: { code, params },
    });

  const setHandoff = (patch: Partial<HandoffState>): void => update({ handoff: { ...state.handoff, ...patch } });

  const setTyping = (who: 'bot' | 'agent', active: boolean): void => {
    if (state.typing[who] === active) return;
    update({ typing: { ...state.typing, [who]: active } }, false);
    emit('typing', who, active);
  };

  /** Stops the pending idle callback (destroy). */
  let cancelIdle: (() => void) | undefined;
  const later = (fn: () => void, ms: number): unknown => {
    const handle = env.setTimeout(() => {
      timers.delete(handle);
      fn();
    }, ms);
    timers.add(handle);
    return handle;
  };
  const cancelLater = (handle: unknown): void => {
    if (handle === undefined) return;
    timers.delete(handle);
    env.clearTimeout(handle);
  };
  /** Runs `fn` when the page is idle (see `env.idle`), unless destroyed by then. */
  const whenIdle = (fn: () => void): void => {
    cancelIdle = env.idle(() => {
      cancelIdle = undefined;
      if (!destroyed) fn();
    });
  };
  // The escalation phrases compile one list per idle moment: neither start-up nor the
  // customer's first message pays for six languages at once.
  const warmDetector = (): void => {
    if (detector.warm()) whenIdle(warmDetector);
  };
  whenIdle(warmDetector);

  const typingTimers: Partial<Record<'bot' | 'agent', unknown>> = {};
  const typingFor = (who: 'bot' | 'agent', active: boolean): void => {
    cancelLater(typingTimers[who]);
    delete typingTimers[who];
    setTyping(who, active);
    // A backend that never says "stopped typing" must not leave dots forever.
    if (active) typingTimers[who] = later(() => setTyping(who, false), TYPING_TIMEOUT_MS);
  };

  const setConnection = (lane: Lane, value: ConnectionState): void => {
    if (state.connection[lane] === value) return;
    update({ connection: { ...state.connection, [lane]: value } }, false);
    emit('connection', lane, value);
  };

  const assertAlive = (): void => {
    if (destroyed) throw new StateError('destroyed', 'This chat was destroyed; create a new one.');
  };

  // ---------------------------------------------------------------- transports

  /**
   * Transports' own small state, in one key next to the conversation: consent gates it
   * like everything else, and logout removes it with the rest.
   */
  const transportKey = `${prefix}transport`;
  let transportValues: Record<string, string> | undefined;
  const loadTransportValues = (): Record<string, string> => {
    if (transportValues) return transportValues;
    transportValues = {};
    try {
      const parsed: unknown = JSON.parse(env.storage.getItem(transportKey) ?? '{}');
      if (isRecord(parsed)) {
        for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string' && !UNSAFE_KEYS.has(k)) transportValues[k] = v;
      }
    } catch {
      // Unreadable: start empty.
    }
    return transportValues;
  };
  const transportStorage: KeyValueStorage = {
    getItem: (key) => loadTransportValues()[key] ?? null,
    setItem: (key, value) => {
      if (UNSAFE_KEYS.has(key)) return;
      const values = loadTransportValues();
      values[key] = String(value);
      env.storage.setItem(transportKey, JSON.stringify(values));
    },
    removeItem: (key) => {
      const values = loadTransportValues();
      delete values[key];
      env.storage.setItem(transportKey, JSON.stringify(values));
    },
  };

  const session = (): TransportSession => {
    const s: TransportSession = { conversationId: state.conversationId, locale: state.locale, storage: transportStorage };
    if (state.user) s.user = state.user;
    s.identityToken = async () => {
      const token = identityToken;
      if (token === undefined) return undefined;
      try {
        const value = typeof token === 'function' ? await token() : token;
        return typeof value === 'string' && value ? value : undefined;
      } catch (error) {
        reportError(new HandoffChatError('identity_token_failed', 'The identity token callback failed; continuing without a token.', { cause: error }));
        return undefined;
      }
    };
    return s;
  };

  const createLink = (lane: Lane, transport: Transport, onEvent: (e: TransportEvent) => void): Link => {
    let connecting: Promise<void> | undefined;
    let retiring: Promise<void> | undefined;
    let generation = 0;
    const link: Link = {
      transport,
      ensure() {
        if (retiring) return retiring.then(() => link.ensure());
        if (connecting) return connecting;
        const mine = ++generation;
        const emit: Emit = (event) => {
          // Events from a closed or replaced connection are stale.
          if (destroyed || mine !== generation) return;
          try {
            onEvent(event);
          } catch (error) {
            reportError(toTransportError(error, 'event_failed'));
          }
        };
        setConnection(lane, 'connecting');
        let attempt: Promise<void>;
        try {
          attempt = Promise.resolve(transport.connect(emit, session()));
        } catch (error) {
          attempt = Promise.reject(error);
        }
        connecting = attempt.then(
          () => {
            if (mine === generation && state.connection[lane] === 'connecting') setConnection(lane, 'online');
          },
          (error: unknown) => {
            if (mine === generation) {
              connecting = undefined;
              setConnection(lane, 'offline');
            }
            throw toTransportError(error, 'connect_failed');
          },
        );
        return connecting;
      },
      forget() {
        generation++;
        connecting = undefined;
      },
      retire(last) {
        const timeout = new Promise<void>((resolve) => later(resolve, RETIRE_TIMEOUT_MS));
        const done = Promise.race([Promise.resolve(last).then(() => undefined, () => undefined), timeout]).then(() => {
          if (retiring === done) retiring = undefined;
          link.close();
        });
        retiring = done;
      },
      close() {
        generation++;
        connecting = undefined;
        try {
          void Promise.resolve(transport.close()).catch((error: unknown) => reportError(toTransportError(error, 'close_failed')));
        } catch (error) {
          reportError(toTransportError(error, 'close_failed'));
        }
        setConnection(lane, 'closed');
      },
    };
    return link;
  };

  const botLink = opts.bot ? createLink('bot', opts.bot, (e) => onTransportEvent('bot', e)) : undefined;
  const humanLink = createLink('human', opts.human, (e) => onTransportEvent('human', e));
  const human = opts.human;

  /**
   * While a person is asked for or answering, the desk must be listened to even if
   * nothing is queued to send: a failed connect is retried with backoff.
   */
  let humanRetries = 0;
  let humanRetryTimer: unknown;
  const keepHumanConnected = (): void => {
    cancelLater(humanRetryTimer);
    humanRetryTimer = undefined;
    if (destroyed || role !== 'leader' || (state.phase !== 'waiting' && state.phase !== 'human')) return;
    humanLink.ensure().then(
      () => {
        humanRetries = 0;
      },
      (error: unknown) => {
        if (destroyed) return;
        if (humanRetries === 0) reportError(toTransportError(error));
        humanRetries++;
        humanRetryTimer = later(keepHumanConnected, backoffDelay(humanRetries, env.random, opts.retry));
      },
    );
  };

  const redact = (text: string): string => (opts.redact ? opts.redact(text).text : text);

  const deliver = async (entry: OutboxEntry): Promise<unknown> => {
    const link = entry.lane === 'bot' ? botLink : humanLink;
    if (!link) throw new TransportError('no_transport', 'No bot transport is configured.', { retryable: false });
    await link.ensure();
    const attempt = entry.attempts + 1;
    switch (entry.kind) {
      case 'message': {
        const p = entry.payload as MessagePayload;
        const out: OutboundMessage = {
          id: p.id,
          conversationId: state.conversationId,
          text: entry.lane === 'human' || opts.maskBot ? redact(p.text) : p.text,
          time: p.time,
          attempt,
        };
        if (p.quickReply) out.quickReply = entry.lane === 'human' || opts.maskBot ? { ...p.quickReply, title: redact(p.quickReply.title) } : p.quickReply;
        return link.transport.send(out);
      }
      case 'handoff':
        return human.handoff((entry.payload as HandoffPayload).request);
      case 'cancel':
        return human.cancel?.((entry.payload as { requestId: string }).requestId);
      case 'end':
        return human.end?.(state.conversationId);
      case 'rating':
        return human.rate?.({ ...maskEntry(entry).payload as Rating, id: entry.id, conversationId: state.conversationId });
      case 'offline': {
        const p = entry.payload as OfflineMessage & { transcript: TranscriptV1 };
        if (human.leaveMessage) {
          return human.leaveMessage({ ...p, message: redact(p.message), id: entry.id, conversationId: state.conversationId });
        }
        // A desk without an offline inbox still gets the note, as a message in the conversation.
        return human.send({
          id: entry.id,
          conversationId: state.conversationId,
          text: `Message left while nobody was available (reply to ${p.email}):\n${redact(p.message)}`,
          time: entry.createdAt,
          attempt,
        });
      }
    }
  };

  const onDelivered = (entry: OutboxEntry, result: unknown): void => {
    if (entry.lane === 'bot') setConnection('bot', 'online');
    switch (entry.kind) {
      case 'message':
        patchMessage(entry.id, { status: 'sent', error: undefined });
        break;
      case 'handoff':
        applyHandoffReceipt(entry.payload as HandoffPayload, result as HandoffReceipt | undefined);
        break;
      case 'offline':
        setHandoff({ status: 'message-left', noteError: undefined });
        notice('message-left', { email: (entry.payload as OfflineMessage).email });
        break;
      case 'rating':
        update({ rating: 'sent' });
        notice('rating-sent');
        break;
      default:
        break;
    }
  };

  const onFailed = (entry: OutboxEntry, error: TransportError, retryInMs: number | null): void => {
    if (entry.lane === 'bot') setConnection('bot', 'offline');
    if (entry.kind === 'message') patchMessage(entry.id, { status: 'failed', error: error.message });
    if (entry.kind === 'handoff') {
      setHandoff({ attempts: entry.attempts });
      // A desk that refuses the request outright must not leave the customer waiting on nothing.
      if (retryInMs === null && state.handoff.requestId === entry.id && state.phase === 'waiting') handoffUnavailable();
    }
    if (entry.kind === 'offline' && retryInMs === null) setHandoff({ noteError: error.message });
    // One report when trouble starts and one when we give up; not one per retry.
    if (entry.attempts === 1 || retryInMs === null) {
      const what = entry.kind === 'message' ? 'message' : `${entry.kind} request`;
      const wrapped = new TransportError(
        error.code,
        retryInMs === null
          ? `The ${entry.lane} backend refused the ${what} and retrying cannot help: ${error.message}`
          : `Could not deliver the ${what} to the ${entry.lane} backend; retrying. ${error.message}`,
        { cause: error, retryable: retryInMs !== null },
      );
      reportError(wrapped);
    }
  };

  /** The stored form of an outbox entry: customer text masked (transcripts already are). */
  const maskEntry = (entry: OutboxEntry): OutboxEntry => {
    if (entry.kind === 'message') {
      const p = entry.payload as MessagePayload;
      const masked: MessagePayload = { ...p, text: redact(p.text) };
      if (p.quickReply) masked.quickReply = { ...p.quickReply, title: redact(p.quickReply.title) };
      return { ...entry, payload: masked };
    }
    if (entry.kind === 'offline') return { ...entry, payload: { ...(entry.payload as OfflineMessage), message: redact((entry.payload as OfflineMessage).message) } };
    if (entry.kind === 'rating') {
      const r = entry.payload as Rating;
      return r.comment ? { ...entry, payload: { ...r, comment: redact(r.comment) } } : entry;
    }
    return entry;
  };

  // Only the leading tab holds an outbox; it is created when this tab starts to lead.
  let outboxInstance: Outbox | undefined;
  const outbox = (): Outbox => {
    if (!outboxInstance) {
      outboxInstance = createOutbox({
        storage: env.storage,
        key: outboxKey,
        env,
        backoff: opts.retry,
        deliver,
        onDelivered,
        onFailed,
        serialize: opts.redact ? maskEntry : undefined,
      });
    }
    return outboxInstance;
  };

  // ---------------------------------------------------------------- inbound

  const plausibleTime = (time: number | undefined): number => {
    const now = env.now();
    if (typeof time !== 'number' || !Number.isFinite(time) || time < MIN_PLAUSIBLE_TIME || time > now + MAX_FUTURE_SKEW_MS) {
      return now;
    }
    return time;
  };

  /**
   * The bot and the desk number their messages independently ("1", "2"…): an id the other
   * side (or this device) already used is kept apart by a lane prefix, not dropped.
   */
  const localId = (lane: Lane, id: string): string => {
    const author = lane === 'human' ? 'agent' : 'bot';
    const taken = state.messages[messageIndex.get(id) ?? -1];
    return !taken || taken.author === author ? id : `${lane}:${id}`;
  };

  const receiveMessage = (lane: Lane, inbound: InboundMessage): void => {
    const author = lane === 'human' ? 'agent' : 'bot';
    const m: InboundMessage = { ...inbound, id: localId(lane, inbound.id) };
    const existing = messageIndex.get(m.id);
    if (existing !== undefined) {
      const current = state.messages[existing] as Message;
      // The final version of a streamed reply replaces it; anything else is a duplicate.
      if (current.streaming && current.author === author) {
        watchStream(m.id, true);
        patchMessage(m.id, inboundFields(m, author, current.time));
        if (lane === 'bot') inspectBotMessage(m.id);
      }
      return;
    }
    if (lane === 'bot' && state.phase === 'human') return; // the bot stays quiet while a person answers
    typingFor(author, false);
    appendMessage({ ...inboundFields(m, author, plausibleTime(m.time)), id: m.id, author });
    if (lane === 'human') {
      if (firstAgentReplyAt === undefined) firstAgentReplyAt = env.now();
      // A message from a person means someone is here, even if "joined" never came.
      if (state.phase === 'waiting') agentJoined(m.agent ?? state.agent ?? { name: 'Support' });
    } else {
      inspectBotMessage(m.id);
    }
  };

  const inboundFields = (m: InboundMessage, author: 'bot' | 'agent', time: number): Message => {
    const out: Message = { id: m.id, author, text: String(m.text ?? ''), time, status: 'sent', streaming: false };
    if (m.quickReplies?.length) out.quickReplies = m.quickReplies;
    if (m.attachments?.length) out.attachments = m.attachments;
    if (m.intent !== undefined) out.intent = m.intent;
    // A confidence outside 0..1 is noise, not a signal to act on.
    if (typeof m.confidence === 'number' && m.confidence >= 0 && m.confidence <= 1) out.confidence = m.confidence;
    if (m.fallback) out.fallback = true;
    if (author === 'agent' && m.agent) out.agent = m.agent;
    return out;
  };

  /**
   * A reply that stops growing without its last piece (the bot's connection dropped) is
   * closed after a while: "still typing" must not hang over the conversation for good.
   */
  const streamTimers = new Map<string, unknown>();
  const finishStream = (id: string): void => {
    cancelLater(streamTimers.get(id));
    streamTimers.delete(id);
    const m = state.messages[messageIndex.get(id) ?? -1];
    if (m?.streaming) patchMessage(id, { streaming: false });
  };
  const watchStream = (id: string, done: boolean | undefined): void => {
    cancelLater(streamTimers.get(id));
    streamTimers.delete(id);
    if (!done) streamTimers.set(id, later(() => finishStream(id), STREAM_IDLE_MS));
  };
  const finishStreamsOf = (lane: Lane): void => {
    const author = lane === 'human' ? 'agent' : 'bot';
    for (const m of state.messages) if (m.streaming && m.author === author) finishStream(m.id);
  };

  const receiveDelta = (lane: Lane, inboundId: string, text: string, done: boolean | undefined): void => {
    const author = lane === 'human' ? 'agent' : 'bot';
    const id = localId(lane, inboundId);
    const index = messageIndex.get(id);
    if (index === undefined) {
      if (lane === 'bot' && state.phase === 'human') return;
      // An empty first piece would only show an empty bubble.
      if (!text && !done) return;
      typingFor(author, false);
      appendMessage({ id, author, text, time: env.now(), status: 'sent', streaming: !done });
      watchStream(id, done);
      if (done && lane === 'bot') inspectBotMessage(id);
      return;
    }
    const current = state.messages[index] as Message;
    if (!current.streaming || current.author !== author) return; // a finished message never grows
    patchMessage(id, { text: current.text + text, streaming: !done }, Boolean(done));
    watchStream(id, done);
    if (done && lane === 'bot') inspectBotMessage(id);
  };

  /** Tells the customer, once per conversation, that sensitive data they typed is masked for the team. */
  const noteMasking = (text: string): void => {
    if (!opts.redact || state.messages.some((m) => m.notice?.code === 'data-masked')) return;
    if (opts.redact(text).kinds.length) notice('data-masked');
  };

  /** Acts on a reason to bring in a person: at once (`auto`) or by asking (`offer`). */
  const escalate = (d: Detection | null): void => {
    if (!d || state.phase !== 'bot') return;
    if (d.mode === 'auto') requestHuman(d.reason, { trigger: d.trigger });
    else offerHuman(d.trigger, d.reason);
  };

  /** A finished bot message: repeated fallbacks or low confidence may call for a person. */
  const inspectBotMessage = (id: string): void => {
    const index = messageIndex.get(id);
    if (index === undefined) return;
    const message = state.messages[index] as Message;
    if (message.author !== 'bot' || message.streaming) return;
    // Only a fallback or a confidence score can call for a person; copying the history for
    // every other message would make a burst of replies quadratic.
    if (!message.fallback && message.confidence === undefined) return;
    escalate(detector.inspectBot(message, state.messages.slice(0, index)));
  };

  function onTransportEvent(lane: Lane, event: TransportEvent): void {
    switch (event.type) {
      case 'message':
        return receiveMessage(lane, event.message);
      case 'delta':
        return receiveDelta(lane, event.id, event.text, event.done);
      case 'typing':
        return typingFor(lane === 'human' ? 'agent' : 'bot', Boolean(event.active));
      case 'connection':
        setConnection(lane, event.state);
        // A stream whose connection went away will not get its last piece.
        if (event.state === 'closed' || event.state === 'offline') finishStreamsOf(lane);
        // A transport that gave up (closed) is opened again on the next need; the desk is needed now.
        if (event.state === 'closed') {
          (lane === 'human' ? humanLink : botLink)?.forget();
          if (lane === 'human') keepHumanConnected();
        }
        return;
      case 'error':
        return reportError(toTransportError(event.error));
      case 'handoff-suggested':
        if (lane === 'bot' && state.phase === 'bot') {
          const reason = typeof event.reason === 'string' && event.reason.trim() ? event.reason : DEFAULT_REASON['bot-request'];
          const context = isRecord(event.context) ? event.context : undefined;
          if (opts.escalation.botRequest === 'offer') offerHuman('bot-request', reason, context);
          else requestHuman(reason, { trigger: 'bot-request', ...(context ? { context } : {}) });
        }
        return;
      default:
        break;
    }
    // Everything below is about people; only the human backend may say it.
    if (lane !== 'human') return;
    switch (event.type) {
      case 'availability':
        update({ availability: event.availability }, false);
        emit('availability', event.availability);
        return;
      case 'queue':
        // A person who puts the conversation back in the queue (a transfer) leaves the customer waiting again.
        if (state.phase === 'human') {
          typingFor('agent', false);
          update({ agent: undefined, handoff: { ...state.handoff, status: 'queued', joinedAt: undefined, overdue: undefined, queuedAt: env.now() } });
          setPhase('waiting');
          notice('handoff-queued', event.position ? { position: event.position } : {});
        }
        if (state.phase !== 'waiting') return;
        setHandoff({ status: 'queued', position: event.position, etaSeconds: event.etaSeconds });
        emit('queue', { position: event.position, etaSeconds: event.etaSeconds });
        return;
      case 'agent-joined':
        return agentJoined(event.agent);
      case 'agent-left':
        if (state.phase !== 'human') return;
        notice('agent-left', { name: event.agent?.name ?? state.agent?.name ?? '' });
        typingFor('agent', false);
        return;
      case 'unavailable':
        return handoffUnavailable();
      case 'handed-back':
        if (state.phase !== 'human' && state.phase !== 'waiting') return;
        finishHuman('agent');
        setPhase('bot');
        notice('handed-back');
        return;
      case 'ended':
        if (state.phase !== 'human' && state.phase !== 'waiting') return;
        endHuman(event.by ?? 'agent');
        return;
      default:
        return;
    }
  }

  // ---------------------------------------------------------------- handoff

  /** Once the queue has taken too long, the customer is offered to leave a message instead. */
  let overdueTimer: unknown;
  const watchQueue = (): void => {
    cancelLater(overdueTimer);
    overdueTimer = undefined;
    if (state.phase !== 'waiting' || !opts.queueTimeoutMs || state.handoff.overdue) return;
    const since = state.handoff.queuedAt ?? state.handoff.requestedAt ?? env.now();
    const left = Math.max(0, since + opts.queueTimeoutMs - env.now());
    overdueTimer = later(() => {
      overdueTimer = undefined;
      if (state.phase === 'waiting') setHandoff({ overdue: true });
    }, left);
  };

  const agentJoined = (agent: AgentInfo): void => {
    if (state.phase !== 'waiting' && state.phase !== 'human') return;
    // A replayed "joined" (a reconnect without a cursor) for the person already here is no news.
    if (state.phase === 'human' && state.agent && (agent.id !== undefined ? agent.id === state.agent.id : agent.name === state.agent.name)) return;
    const joinedAt = env.now();
    const wasWaiting = state.phase === 'waiting';
    update({ agent });
    if (wasWaiting) {
      cancelLater(overdueTimer);
      setHandoff({ status: 'connected', joinedAt, position: undefined, etaSeconds: undefined, overdue: undefined });
      setPhase('human');
    }
    notice('agent-joined', { name: agent.name });
    emit('agent:joined', {
      agent,
      requestId: state.handoff.requestId,
      timeInQueueMs: state.handoff.requestedAt !== undefined ? joinedAt - state.handoff.requestedAt : undefined,
    });
  };

  const handoffUnavailable = (): void => {
    if (state.phase !== 'waiting') return;
    setHandoff({ status: 'unavailable', position: undefined, etaSeconds: undefined });
    setPhase('bot');
    notice('handoff-unavailable');
  };

  const applyHandoffReceipt = (payload: HandoffPayload, receipt: HandoffReceipt | undefined): void => {
    // The desk has the request, even if its "joined" overtook this answer.
    if (state.handoff.requestId !== payload.request.id) return;
    // The person has the whole story now, including what the bot never received.
    for (const id of payload.carried) {
      const m = state.messages[messageIndex.get(id) ?? -1];
      if (m && m.status !== 'sent') patchMessage(id, { status: 'sent', error: undefined });
    }
    const acceptedAt = env.now();
    const status = receipt?.status ?? 'queued';
    emit('handoff:accepted', {
      requestId: payload.request.id,
      status,
      position: receipt?.position,
      etaSeconds: receipt?.etaSeconds,
      timeToAcceptMs: acceptedAt - (state.handoff.requestedAt ?? acceptedAt),
    });
    if (state.phase !== 'waiting') {
      setHandoff({ acceptedAt, attempts: 0 });
      return;
    }
    if (status === 'unavailable') return handoffUnavailable();
    setHandoff({ status: 'queued', acceptedAt, position: receipt?.position, etaSeconds: receipt?.etaSeconds, attempts: 0 });
    if (receipt?.agent) agentJoined(receipt.agent);
    else notice('handoff-queued', receipt?.position ? { position: receipt.position } : {});
  };

  const finishHuman = (by: 'agent' | 'customer' | 'system'): void => {
    const now = env.now();
    emit('handoff:ended', {
      requestId: state.handoff.requestId,
      by,
      timeInQueueMs:
        state.handoff.requestedAt !== undefined ? (state.handoff.joinedAt ?? now) - state.handoff.requestedAt : undefined,
      timeToFirstReplyMs:
        firstAgentReplyAt !== undefined && state.handoff.requestedAt !== undefined
          ? firstAgentReplyAt - state.handoff.requestedAt
          : undefined,
      durationMs: state.handoff.joinedAt !== undefined ? now - state.handoff.joinedAt : undefined,
    });
    firstAgentReplyAt = undefined;
    typingFor('agent', false);
    update({ agent: undefined, handoff: { status: 'none', attempts: 0 } });
  };

  const endHuman = (by: 'agent' | 'customer' | 'system'): void => {
    const hadPerson = state.phase === 'human';
    finishHuman(by);
    setPhase('ended');
    notice('ended');
    if (hadPerson && state.rating !== 'sent' && state.rating !== 'declined') update({ rating: 'offered' });
  };

  const buildRequestTranscript = (requestId: string, trigger: HandoffTrigger, reason: string, botContext?: Record<string, unknown>): TranscriptV1 => {
    let custom: Record<string, unknown> = {};
    try {
      // A copy through JSON now: a cyclic or BigInt-holding object must not stop a person being asked for.
      custom = JSON.parse(JSON.stringify(opts.context() ?? {})) as Record<string, unknown>;
      if (!isRecord(custom)) custom = {};
    } catch (error) {
      reportError(new HandoffChatError('context_failed', 'The `context` option threw or is not plain data; the handoff goes without it.', { cause: error }));
      custom = {};
    }
    let page: ReturnType<ChatEnvironment['page']> = {};
    try {
      page = env.page();
    } catch {
      // The page's facts are a nicety; the request goes without them.
    }
    // What the bot handed over with its request (e.g. Bot Framework's handoffContext) travels along.
    if (botContext && Object.keys(botContext).length) custom.botContext = botContext;
    const input: Parameters<typeof buildTranscript>[0] = {
      conversationId: state.conversationId,
      requestId,
      messages: state.messages.filter((m) => !m.streaming || m.text),
      startedAt: state.startedAt,
      now: env.now(),
      locale: state.locale,
      page,
      trigger,
      reason,
      custom,
    };
    const tz = env.timeZone();
    if (tz) input.timeZone = tz;
    const vitals = readVitals();
    if (vitals) input.vitals = vitals;
    if (state.user) input.user = state.user;
    if (opts.redact) input.redact = opts.redact;
    return buildTranscript(input);
  };

  /** The page's performance figures, finite numbers only; a failing collector never blocks a handoff. */
  const readVitals = (): Record<string, number> | undefined => {
    if (!opts.vitals) return undefined;
    try {
      const raw = opts.vitals();
      if (typeof raw !== 'object' || raw === null) return undefined;
      const out: Record<string, number> = {};
      for (const [k, v] of Object.entries(raw)) {
        if (!UNSAFE_KEYS.has(k) && typeof v === 'number' && Number.isFinite(v)) out[k.slice(0, 40)] = v;
      }
      return Object.keys(out).length ? out : undefined;
    } catch (error) {
      reportError(new HandoffChatError('vitals_failed', 'The `vitals` option threw; the handoff goes without page figures.', { cause: error }));
      return undefined;
    }
  };

  const DEFAULT_REASON: Record<HandoffTrigger, string> = {
    button: 'The customer asked for a person',
    keyword: 'The customer asked for a person in their own words',
    'bot-failure': 'The bot could not help',
    frustration: 'The customer seems frustrated',
    'sensitive-topic': 'A sensitive topic came up',
    'bot-request': 'The bot asked for a person',
    'low-confidence': 'The bot was not confident in its answer',
    'no-bot': 'No bot is configured; the customer wrote in',
    api: 'Requested by the site',
  };

  function requestHuman(reason?: string, options: { trigger?: HandoffTrigger; context?: Record<string, unknown> } = {}): HandoffState {
    assertAlive();
    if (state.phase === 'waiting' || state.phase === 'human') return state.handoff;
    const trigger = options.trigger ?? 'button';
    const why = typeof reason === 'string' && reason.trim() ? reason.trim().slice(0, 500) : DEFAULT_REASON[trigger];
    const requestId = newId('req');
    const cmd: Command = { c: 'request', requestId, trigger, reason: why };
    if (options.context) cmd.context = jsonClone(options.context);
    dispatch(cmd);
    if (role === 'leader') return state.handoff;
    return { status: 'requesting', requestId, trigger, reason: why, attempts: 0, requestedAt: env.now() };
  }

  /** Context the bot sent with an offered handoff, used if the customer accepts. */
  let offerContext: Record<string, unknown> | undefined;

  function offerHuman(trigger: HandoffTrigger, reason: string, context?: Record<string, unknown>): void {
    if (state.phase !== 'bot' || state.offer || offeredTriggers.has(trigger)) return;
    offeredTriggers.add(trigger);
    offerContext = context;
    update({ offer: { trigger, reason } }, false);
    emit('handoff:offered', { trigger, reason });
  }

  // ---------------------------------------------------------------- commands
  //
  // Everything the customer does becomes a serialisable command. The leading tab runs
  // it; another tab forwards it there, so two tabs make one conversation, not two.

  type Command =
    | { c: 'send'; message: Message }
    | { c: 'request'; requestId: string; trigger: HandoffTrigger; reason: string; context?: Record<string, unknown> }
    | { c: 'cancel' }
    | { c: 'end' }
    | { c: 'dismiss-offer' }
    | { c: 'leave'; id: string; note: OfflineMessage }
    | { c: 'rate'; id: string; rating: Rating }
    | { c: 'decline-rating' }
    | { c: 'retry'; messageId: string }
    | { c: 'flush' }
    | { c: 'identify'; user: ChatUser; token?: string }
    | { c: 'logout' }
    | { c: 'persist'; enabled: boolean }
    | { c: 'wake' };

  const pendingCommands: Command[] = [];
  /** Customer messages shown here before the leading tab confirmed them. */
  const optimistic = new Map<string, Message>();

  /**
   * Commands forwarded to the leader and not yet acknowledged in one of its broadcasts.
   * If that leader goes away first, they go to the next one (or run here if this tab leads).
   */
  const unacked = new Map<string, Command>();
  /** Command ids this tab ran as leader, most recent last; echoed in broadcasts as acks. */
  const processed: string[] = [];
  const PROCESSED_LIMIT = 200;

  const forward = (cmd: Command, id: string = newId('cmd')): void => {
    unacked.set(id, cmd);
    channel?.post({ t: 'cmd', from: tabId, id, cmd });
  };

  const dispatch = (cmd: Command): void => {
    if (role === 'leader') return run(cmd);
    if (cmd.c === 'send') {
      optimistic.set(cmd.message.id, cmd.message);
      appendMessage(cmd.message);
    }
    if (role === 'follower') forward(cmd);
    else pendingCommands.push(cmd);
  };

  const enqueueMessage = (m: Message): void => {
    const lane: Lane = state.phase === 'bot' ? 'bot' : 'human';
    const payload: MessagePayload = { id: m.id, text: m.text, time: m.time };
    if (m.chosenReply) payload.quickReply = m.chosenReply;
    outbox().add({ id: m.id, lane, kind: 'message', payload });
    if (lane === 'bot') typingFor('bot', false);
  };

  const runRequest = (requestId: string, trigger: HandoffTrigger, why: string, botContext?: Record<string, unknown>): void => {
    if (state.phase === 'waiting' || state.phase === 'human') return;
    if (state.phase === 'ended') setPhase('bot');
    const requestedAt = env.now();
    // Built before anything changes: if it failed, nothing would be half done.
    const transcript = buildRequestTranscript(requestId, trigger, why, botContext);
    // Messages the bot has not received yet go to the person inside the transcript instead.
    const carried = state.messages.filter((m) => m.author === 'customer' && m.status !== 'sent').map((m) => m.id);
    for (const entry of outbox().list('bot')) outbox().remove(entry.id);

    update({
      offer: undefined,
      handoff: { status: 'requesting', requestId, trigger, reason: why, requestedAt, attempts: 0 },
    });
    setPhase('waiting');
    notice('handoff-requested');
    emit('handoff:requested', { requestId, trigger, reason: why, timeToRequestMs: requestedAt - state.startedAt });
    const payload: HandoffPayload = { request: { id: requestId, conversationId: state.conversationId, transcript }, carried };
    outbox().add({ id: requestId, lane: 'human', kind: 'handoff', payload });
  };

  const runCancel = (): void => {
    if (state.phase !== 'waiting') return;
    const requestId = state.handoff.requestId;
    if (requestId) {
      const box = outbox();
      const reachedBackend = !box.has(requestId) || box.inFlight(requestId);
      box.remove(requestId);
      // Messages typed while waiting were meant for a person; they stay visible but are not sent.
      for (const entry of box.list('human')) {
        if (entry.kind === 'message') {
          box.remove(entry.id);
          patchMessage(entry.id, { status: 'failed', error: 'Not sent: the request for a person was cancelled.' });
        }
      }
      if (reachedBackend && human.cancel) box.add({ id: newId('cnl'), lane: 'human', kind: 'cancel', payload: { requestId } });
    }
    finishHuman('customer');
    setPhase('bot');
    notice('handoff-cancelled');
  };

  /** Consent switch: off removes what is stored and stops writing; on writes the current state again. */
  const applyPersistence = (enabled: boolean): void => {
    if (enabled === persistEnabled) return;
    persistEnabled = enabled;
    if (!enabled) {
      durable.removeItem(conversationKey);
      durable.removeItem(outboxKey);
      durable.removeItem(transportKey);
      return;
    }
    if (transportValues) env.storage.setItem(transportKey, JSON.stringify(transportValues));
    persistNow();
    outboxInstance?.save();
  };

  /** Ends or withdraws what the desk holds for this conversation, best effort; undefined when there is nothing. */
  const goodbye = (): Promise<unknown> | undefined => {
    try {
      if (state.phase === 'human' && human.end) return Promise.resolve(human.end(state.conversationId));
      const requestId = state.handoff.requestId;
      const box = outboxInstance;
      // A request still in the outbox never reached the desk: nothing to withdraw.
      if (state.phase === 'waiting' && requestId && human.cancel && !(box?.has(requestId) && !box.inFlight(requestId))) {
        return Promise.resolve(human.cancel(requestId));
      }
    } catch (error) {
      reportError(toTransportError(error, 'logout_farewell_failed'));
    }
    return undefined;
  };

  /** A fresh, anonymous conversation; nothing of the old one is kept anywhere. */
  const runLogout = (wake = true): void => {
    // Nobody should pick up a conversation whose customer is gone: say goodbye on the old connection.
    const farewell = goodbye();
    outboxInstance?.stop();
    outboxInstance = undefined;
    env.storage.removeItem(conversationKey);
    env.storage.removeItem(outboxKey);
    env.storage.removeItem(transportKey);
    transportValues = undefined;
    botLink?.close();
    if (farewell) humanLink.retire(farewell);
    else humanLink.close();
    cancelLater(overdueTimer);
    cancelLater(humanRetryTimer);
    for (const who of ['bot', 'agent'] as const) cancelLater(typingTimers[who]);
    identityToken = undefined;
    owner = undefined;
    optimistic.clear();
    messageIndex.clear();
    offeredTriggers.clear();
    firstAgentReplyAt = undefined;
    const previous = state.phase;
    update({
      conversationId: newId('conv'),
      phase: 'bot',
      messages: Object.freeze([]),
      draft: '',
      handoff: { status: 'none', attempts: 0 },
      agent: undefined,
      user: undefined,
      startedAt: env.now(),
      rating: 'none',
      offer: undefined,
      unread: 0,
      typing: { bot: false, agent: false },
    });
    if (previous !== 'bot') emit('phase', 'bot', previous);
    if (wake && state.open) run({ c: 'wake' });
  };

  const run = (cmd: Command, fromOtherTab = false): void => {
    switch (cmd.c) {
      case 'send': {
        const m = cmd.message;
        optimistic.delete(m.id);
        const known = state.messages[messageIndex.get(m.id) ?? -1];
        // Already queued, or already delivered by a leader that is gone: nothing to do twice.
        if (known && (known.status === 'sent' || outbox().has(m.id))) return;
        if (state.phase === 'ended') setPhase('bot');
        if (!messageIndex.has(m.id)) appendMessage(m);
        // Each tab keeps its own half-typed text; only this tab's send empties this tab's draft.
        if (!fromOtherTab) update({ draft: '' });
        noteMasking(m.text);
        // No bot: the first words go straight to a person, inside the handoff transcript.
        if (state.phase === 'bot' && !botLink) return runRequest(newId('req'), 'no-bot', DEFAULT_REASON['no-bot']);
        const before = state.messages.slice(0, messageIndex.get(m.id));
        const detection = state.phase === 'bot' ? detector.inspectCustomer(m.text, before) : null;
        unmatched = state.phase === 'bot' && !detection ? m.id : undefined;
        // Asked for a person outright: the words go to the person in the transcript, not to the bot.
        if (detection?.mode !== 'auto') enqueueMessage(m);
        return escalate(detection);
      }
      case 'request':
        return runRequest(cmd.requestId, cmd.trigger, cmd.reason, cmd.context);
      case 'cancel':
        return runCancel();
      case 'end':
        if (state.phase === 'waiting') return runCancel();
        if (state.phase === 'human') {
          if (human.end) outbox().add({ id: newId('end'), lane: 'human', kind: 'end', payload: {} });
          return endHuman('customer');
        }
        if (state.phase === 'bot') {
          setPhase('ended');
          notice('ended');
        }
        return;
      case 'dismiss-offer':
        if (state.offer) update({ offer: undefined }, false);
        return;
      case 'leave': {
        // Leaving a message instead of waiting on: the queued request is withdrawn first.
        if (state.phase === 'waiting') runCancel();
        if (state.handoff.noteError) setHandoff({ noteError: undefined });
        const transcript = buildRequestTranscript(cmd.id, state.handoff.trigger ?? 'button', state.handoff.reason ?? DEFAULT_REASON.button);
        outbox().add({ id: cmd.id, lane: 'human', kind: 'offline', payload: { ...cmd.note, transcript } });
        return;
      }
      case 'rate':
        if (state.rating !== 'sent') outbox().add({ id: cmd.id, lane: 'human', kind: 'rating', payload: cmd.rating });
        return;
      case 'decline-rating':
        if (state.rating === 'offered') update({ rating: 'declined' });
        return;
      case 'retry': {
        const m = state.messages[messageIndex.get(cmd.messageId) ?? -1];
        if (!m || m.author !== 'customer' || m.status === 'sent') return;
        if (outbox().has(m.id)) return outbox().flush();
        if (state.phase === 'bot' && !botLink) return runRequest(newId('req'), 'no-bot', DEFAULT_REASON['no-bot']);
        patchMessage(m.id, { status: 'sending', error: undefined });
        return enqueueMessage(m);
      }
      case 'flush':
        return outbox().flush();
      case 'identify': {
        // Another person on this browser: a fresh conversation, then their identity, then connect.
        const someoneElse = cmd.user.id !== undefined && owner !== undefined && owner !== cmd.user.id;
        if (someoneElse) runLogout(false);
        if (cmd.user.id !== undefined) owner = cmd.user.id;
        if (cmd.token !== undefined) identityToken = cmd.token;
        else if (someoneElse && localToken !== undefined) identityToken = localToken;
        update({ user: cmd.user });
        if (someoneElse && state.open) run({ c: 'wake' });
        return;
      }
      case 'logout':
        return runLogout();
      case 'persist':
        return applyPersistence(cmd.enabled);
      case 'wake':
        listenInEveryLanguage();
        botLink?.ensure().catch((error: unknown) => reportError(toTransportError(error)));
        return queryAvailability();
    }
  };

  // ---------------------------------------------------------------- customer actions

  const send = (text: string, options: { quickReply?: QuickReply } = {}): Message => {
    assertAlive();
    if (typeof text !== 'string') throw new InputError('invalid_message', 'A message must be a string.');
    const trimmed = text.trim();
    if (!trimmed) throw new InputError('empty_message', 'The message is empty.');
    if (text.length > state.maxLength) {
      throw new InputError(
        'message_too_long',
        `The message is ${text.length} characters long; the limit is ${state.maxLength}. Nothing was sent.`,
      );
    }
    const message: Message = { id: newId('msg'), author: 'customer', text: trimmed, time: env.now(), status: 'sending' };
    if (options.quickReply) message.chosenReply = { ...options.quickReply };
    if (role !== 'leader' && state.draft) update({ draft: '' });
    dispatch({ c: 'send', message });
    return state.messages[messageIndex.get(message.id) as number] as Message;
  };

  const leaveMessage = (note: OfflineMessage): void => {
    assertAlive();
    if (typeof note !== 'object' || note === null) throw new InputError('invalid_note', 'Expected { email, message }.');
    const email = typeof note.email === 'string' ? note.email.trim() : '';
    const message = typeof note.message === 'string' ? note.message.trim() : '';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new InputError('invalid_email', 'Please give an e-mail address we can reply to.');
    if (!message) throw new InputError('empty_message', 'The message is empty.');
    if (message.length > state.maxLength) {
      throw new InputError('message_too_long', `The message is ${message.length} characters long; the limit is ${state.maxLength}.`);
    }
    const clean: OfflineMessage = { email, message };
    if (typeof note.name === 'string' && note.name.trim()) clean.name = note.name.trim().slice(0, 200);
    dispatch({ c: 'leave', id: newId('off'), note: clean });
  };

  const rate = (rating: Rating): void => {
    assertAlive();
    const score = rating?.score;
    if (![1, 2, 3, 4, 5].includes(score as number)) throw new InputError('invalid_rating', 'A rating is a whole number from 1 to 5.');
    if (state.rating === 'sent') return;
    const clean: Rating = { score };
    if (rating.comment !== undefined && typeof rating.comment !== 'string') throw new InputError('invalid_rating', 'A rating comment must be text.');
    const comment = rating.comment?.trim() ?? '';
    if (comment.length > state.maxLength) {
      throw new InputError('comment_too_long', `The comment is ${comment.length} characters long; the limit is ${state.maxLength}.`);
    }
    if (comment) clean.comment = comment;
    dispatch({ c: 'rate', id: newId('rat'), rating: clean });
  };

  const queryAvailability = (): void => {
    if (!human.availability || state.phase !== 'bot') return;
    humanLink
      .ensure()
      .then(() => human.availability?.())
      .then((availability) => {
        if (destroyed || !availability) return;
        update({ availability }, false);
        emit('availability', availability);
      })
      .catch((error: unknown) => reportError(toTransportError(error, 'availability_failed')));
  };

  // ---------------------------------------------------------------- tabs

  interface LiveState {
    typing: ChatState['typing'];
    connection: ChatState['connection'];
    availability: Availability | undefined;
    offer: ChatState['offer'];
    /** Consent to storage, as the leader applies it. */
    persist: boolean;
    /** Replies still streaming (the stored form drops the flag, as a reload ends every stream). */
    streaming: string[];
  }

  function broadcastState(): void {
    broadcastQueued = false;
    if (destroyed || role !== 'leader' || !channel) return;
    const live: LiveState = {
      typing: state.typing,
      connection: state.connection,
      availability: state.availability,
      offer: state.offer,
      persist: persistEnabled,
      streaming: state.messages.filter((m) => m.streaming).map((m) => m.id),
    };
    channel.post({ t: 'state', from: tabId, rev: ++broadcastRev, conversation: JSON.stringify(snapshot()), live, acked: processed.slice(-50) });
  }

  /** A follower takes the leader's state, and tells its own listeners what changed. */
  const adopt = (conversation: StoredConversation, live: Partial<LiveState>): void => {
    const before = state;
    const beforeById = new Map(before.messages.map((m) => [m.id, m]));
    const growing = new Set(Array.isArray(live.streaming) ? live.streaming : []);
    // Unchanged messages keep their object, so a UI re-renders only what changed.
    const same = (a: Message | undefined, b: Message): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);
    const messages = conversation.messages.map((m) => {
      const next = growing.has(m.id) ? { ...m, streaming: true } : m;
      const old = beforeById.get(m.id);
      return old && same(old, next) ? old : next;
    });
    const known = new Set(messages.map((m) => m.id));
    for (const m of optimistic.values()) if (!known.has(m.id)) messages.push(m);
    for (const id of known) optimistic.delete(id);
    messageIndex.clear();
    messages.forEach((m, i) => messageIndex.set(m.id, i));
    const added = messages.filter((m) => !beforeById.has(m.id));
    // Whose conversation this is follows the leader, so a later takeover keeps it private.
    owner = conversation.owner;
    const unread = before.open ? 0 : before.unread + added.filter(isInbound).length;
    const unchanged =
      messages.length === before.messages.length &&
      messages.every((m, i) => m === before.messages[i]) &&
      conversation.phase === before.phase &&
      conversation.conversationId === before.conversationId &&
      conversation.rating === before.rating &&
      sameJson(conversation.handoff, before.handoff) &&
      sameJson(conversation.agent, before.agent) &&
      sameJson(conversation.user, before.user) &&
      sameJson(live.typing ?? before.typing, before.typing) &&
      sameJson(live.connection ?? before.connection, before.connection) &&
      sameJson(live.availability ?? before.availability, before.availability) &&
      sameJson(live.offer, before.offer);
    // Nothing new from the leader: no re-render, no events.
    if (unchanged) return;
    state = Object.freeze({
      ...before,
      conversationId: conversation.conversationId,
      phase: conversation.phase,
      messages: Object.freeze(messages.map((m) => Object.freeze(m))),
      handoff: conversation.handoff,
      agent: conversation.agent,
      user: conversation.user,
      startedAt: conversation.startedAt,
      rating: conversation.rating,
      unread,
      availability: sameJson(live.availability, before.availability) ? before.availability : live.availability ?? before.availability,
      typing: sameJson(live.typing, before.typing) ? before.typing : live.typing ?? before.typing,
      connection: sameJson(live.connection, before.connection) ? before.connection : live.connection ?? before.connection,
      offer: sameJson(live.offer, before.offer) ? before.offer : live.offer,
    });
    // A batch from the leader has no inner order; the phase goes first, as it does there.
    if (before.phase !== state.phase) emit('phase', state.phase, before.phase);
    for (const m of state.messages) {
      const old = beforeById.get(m.id);
      if (!old) emit('message', m);
      else if (old !== m) {
        if (old.status !== m.status) emit('message:status', m);
        emit('message:update', m);
      }
    }
    for (const who of ['bot', 'agent'] as const) if (before.typing[who] !== state.typing[who]) emit('typing', who, state.typing[who]);
    for (const lane of ['bot', 'human'] as const) {
      if (before.connection[lane] !== state.connection[lane]) emit('connection', lane, state.connection[lane]);
    }
    if (state.availability && before.availability !== state.availability) emit('availability', state.availability);
    emit('change', state);
  };

  const onTabMessage = (raw: unknown): void => {
    if (destroyed || typeof raw !== 'object' || raw === null) return;
    const msg = raw as { t?: unknown; from?: unknown; id?: unknown; rev?: unknown; cmd?: unknown; conversation?: unknown; live?: unknown; acked?: unknown };
    if (msg.from === tabId) return;
    if (msg.t === 'hello' && role === 'leader') return broadcastState();
    if (msg.t === 'cmd' && role === 'leader' && typeof msg.cmd === 'object' && msg.cmd !== null) {
      const id = typeof msg.id === 'string' ? msg.id : undefined;
      // A command re-sent after a leader change may have run here already.
      if (id && processed.includes(id)) return scheduleBroadcast();
      try {
        run(msg.cmd as Command, true);
      } catch (error) {
        reportError(new HandoffChatError('tab_command_failed', 'A command from another tab could not run.', { cause: error }));
      }
      if (id) {
        processed.push(id);
        if (processed.length > PROCESSED_LIMIT) processed.splice(0, processed.length - PROCESSED_LIMIT);
      }
      // Even a command that changed nothing is acknowledged.
      scheduleBroadcast();
      return;
    }
    if (msg.t === 'state' && role !== 'leader' && typeof msg.conversation === 'string' && typeof msg.rev === 'number') {
      if (msg.from === followed.leader && msg.rev <= followed.rev) return;
      const newLeader = followed.leader !== undefined && msg.from !== followed.leader;
      followed = { leader: msg.from, rev: msg.rev };
      const conversation = restoreConversation(msg.conversation);
      if (!conversation) return;
      const wasPending = role === 'pending';
      role = 'follower';
      const live = typeof msg.live === 'object' && msg.live !== null ? (msg.live as Partial<LiveState>) : {};
      adopt(conversation, live);
      if (typeof live.persist === 'boolean') applyPersistence(live.persist);
      if (Array.isArray(msg.acked)) for (const id of msg.acked) unacked.delete(id as string);
      // The tab that had them may have closed before running them: the new leader gets them again.
      if (newLeader) for (const [id, cmd] of unacked) channel?.post({ t: 'cmd', from: tabId, id, cmd });
      if (wasPending) for (const cmd of pendingCommands.splice(0)) forward(cmd);
    }
  };

  /** This tab now holds the conversation: pick it up from storage and connect. */
  const lead = (): void => {
    if (destroyed) return;
    const wasFollower = role === 'follower';
    role = 'leader';
    if (wasFollower) {
      const stored = restoreConversation(env.storage.getItem(conversationKey));
      // The old leader's typing dots and connection states belong to connections that are gone.
      if (stored) adopt(stored, { typing: { bot: false, agent: false }, connection: { bot: 'idle', human: 'idle' } });
      // What this tab asked the old leader for and never saw done runs here now.
      for (const cmd of unacked.values()) pendingCommands.push(cmd);
      unacked.clear();
    }
    // A conversation restored mid-handoff picks up where it was: listen for the person again.
    keepHumanConnected();
    watchQueue();
    const box = outbox();
    // Anything still marked "sending" but no longer in the outbox was lost with the old page.
    for (const m of state.messages) {
      if (m.author === 'customer' && m.status === 'sending' && !box.has(m.id) && !optimistic.has(m.id)) {
        patchMessage(m.id, { status: 'failed', error: 'Not delivered before the page was closed.' });
      }
    }
    for (const cmd of pendingCommands.splice(0)) run(cmd);
    if (state.open) run({ c: 'wake' });
    scheduleBroadcast();
  };

  let unsubscribeTabs: (() => void) | undefined;
  let releaseLock: (() => void) | undefined;
  if (tabs && channel) {
    unsubscribeTabs = channel.subscribe(onTabMessage);
    releaseLock = tabs.locks.acquire(`hc:${opts.storageKey}:leader`, lead);
    if (role === 'pending') channel.post({ t: 'hello', from: tabId });
  } else {
    lead();
  }

  const chat: Chat = {
    get state() {
      return state;
    },
    send,
    chooseReply(reply) {
      if (!reply || typeof reply.title !== 'string') throw new InputError('invalid_reply', 'A quick reply needs a title.');
      return send(reply.title, { quickReply: reply });
    },
    requestHuman,
    cancelHandoff() {
      assertAlive();
      if (state.phase !== 'waiting') {
        throw new StateError('not_waiting', `There is no pending request to cancel (the conversation is in "${state.phase}").`);
      }
      dispatch({ c: 'cancel' });
    },
    endChat() {
      assertAlive();
      dispatch({ c: 'end' });
    },
    acceptOffer() {
      assertAlive();
      const offer = state.offer;
      const context = offer?.trigger === 'bot-request' ? offerContext : undefined;
      return requestHuman(offer?.reason, { trigger: offer?.trigger ?? 'button', ...(context ? { context } : {}) });
    },
    dismissOffer() {
      assertAlive();
      dispatch({ c: 'dismiss-offer' });
    },
    leaveMessage,
    rate,
    declineRating() {
      assertAlive();
      dispatch({ c: 'decline-rating' });
    },
    retry(messageId) {
      assertAlive();
      const m = state.messages[messageIndex.get(messageId) ?? -1];
      if (!m || m.author !== 'customer') throw new StateError('unknown_message', `No customer message with id "${messageId}".`);
      dispatch({ c: 'retry', messageId });
    },
    flush() {
      assertAlive();
      dispatch({ c: 'flush' });
    },
    setDraft(text) {
      assertAlive();
      if (typeof text !== 'string') throw new InputError('invalid_draft', 'A draft must be a string.');
      // Each tab keeps its own draft: nothing for the other tabs to hear.
      if (text !== state.draft) update({ draft: text }, true, false);
    },
    identify(user, options = {}) {
      assertAlive();
      const clean = validateUser('user', user);
      const token = options.token === undefined ? undefined : validateIdentityToken('token', options.token);
      // A function can't travel to another tab; this tab keeps it in case it leads later.
      localToken = token;
      if (token !== undefined) identityToken = token;
      const cmd: Command = { c: 'identify', user: clean };
      if (typeof token === 'string') cmd.token = token;
      dispatch(cmd);
      localToken = undefined;
    },
    logout() {
      assertAlive();
      identityToken = undefined;
      if (role !== 'leader') {
        optimistic.clear();
        update({ draft: '' });
      }
      dispatch({ c: 'logout' });
    },
    setPersistence(enabled) {
      assertAlive();
      if (typeof enabled !== 'boolean') throw new ConfigError('persist', 'true or false', enabled);
      applyPersistence(enabled);
      // The tab that writes must hear it too: consent given or withdrawn anywhere counts everywhere.
      dispatch({ c: 'persist', enabled });
    },
    open() {
      assertAlive();
      if (state.open) return;
      update({ open: true, unread: 0 }, false);
      emit('open');
      // Wakes the bot's connection and, in the script-tag bundle, fetches the phrase lists of
      // every language: a customer who opens the chat may write in any of them.
      dispatch({ c: 'wake' });
    },
    close() {
      assertAlive();
      if (!state.open) return;
      update({ open: false }, false);
      emit('close');
    },
    previewTranscript() {
      return buildRequestTranscript(state.handoff.requestId ?? 'preview', state.handoff.trigger ?? 'button', state.handoff.reason ?? DEFAULT_REASON.button);
    },
    on(event, listener) {
      const off = emitter.on(event, listener);
      // The first error listener hears what went wrong before it existed.
      if (event === 'error') for (const error of unheard.splice(0)) emit('error', error);
      return off;
    },
    destroy() {
      if (destroyed) return;
      if (persistQueued) persistNow();
      destroyed = true;
      // Listeners go first: nothing the teardown changes is news to anyone.
      emitter.events = {};
      outboxInstance?.stop();
      for (const handle of timers) env.clearTimeout(handle);
      timers.clear();
      cancelIdle?.();
      offPhrases();
      botLink?.close();
      humanLink.close();
      unsubscribeTabs?.();
      channel?.close();
      // Releasing the lock lets another tab take the conversation over.
      releaseLock?.();
    },
  };
  return chat;
}
