import { backoffDelay } from '../core/backoff.js';
import type { Emit, HandoffReceipt, HandoffRequest, HumanTransport, SendReceipt, TransportEvent, TransportSession } from '../core/contract.js';
import type { KeyValueStorage } from '../core/environment.js';
import { ConfigError, TransportError, describeValue, isTransportError, toTransportError } from '../core/errors.js';
import { createIdFactory } from '../core/ids.js';
import { transcriptToText } from '../core/transcript.js';
import type { Availability, ConnectionState } from '../core/types.js';
import { CABLE_PROTOCOLS, cableIdentifier, encodeCableFrame, readCableFrame } from './chatwoot-cable.js';
import { chatwootBroadcastEvents, chatwootMessageEvents, type ChatwootView } from './chatwoot-events.js';
import { inboxAvailability } from './chatwoot-hours.js';
import { createChatwootStore, type ChatwootContact, type ChatwootProgress, type ChatwootState } from './chatwoot-store.js';
import { checkBackoff, checkCount, checkFunction, checkKnownOptions, checkOptionsObject, checkUrlOption, withQuery } from './check-options.js';
import { emitValidated } from './emit-validated.js';
import { HTTP_OPTION_KEYS, createHttpClient, normalizeHttpOptions, type HttpOptions } from './http-client.js';
import { createSeenIds } from './seen-ids.js';
import { createTimerSet } from './timer-set.js';
import { createWebSocketTransport, type WebSocketConstructor, type WebSocketTransport } from './websocket.js';
import { isRecord } from '../core/is-record.js';

/**
 * Options for `createChatwootTransport`. `baseUrl` and `inboxIdentifier` are required.
 *
 * @example
 * { baseUrl: 'https://app.chatwoot.com', inboxIdentifier: 'x4BbNzvq3Q8rKvE1h3Xq2p7E', storage: localStorage }
 */
export interface ChatwootTransportOptions extends HttpOptions {
  /** Your Chatwoot installation, e.g. `https://app.chatwoot.com` or `https://support.example.com`. */
  baseUrl: string;
  /** The API channel inbox's identifier (Settings → Inboxes → your API inbox → Configuration). */
  inboxIdentifier: string;
  /**
   * Keeps the contact (`source_id`, `pubsub_token`) and the Chatwoot conversation across
   * reloads, e.g. `localStorage`. Default: memory, for this page only. See docs/presets.md
   * for what these tokens allow.
   */
  storage?: KeyValueStorage;
  /**
   * For inboxes with identity validation: the HMAC-SHA256 of the user id with the inbox's
   * HMAC token, computed on your server. Called only for identified users.
   */
  identifierHash?: (session: TransportSession) => string | undefined | Promise<string | undefined>;
  /** Outside the inbox's working hours a handoff answers "unavailable", so the customer can leave a message. Default true. */
  workingHours?: boolean;
  /** Default: the global `WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Cable reconnect backoff. Default `{ baseMs: 500, maxMs: 30000 }`. */
  reconnect?: { baseMs?: number; maxMs?: number };
  /** Cable handshake and subscription deadline. Default 10000. */
  connectTimeoutMs?: number;
  /** Presence ping after this much silence on the cable. Default 25000. */
  heartbeatIntervalMs?: number;
  /** Polling interval when the cable cannot be used. Default 3000. */
  pollIntervalMs?: number;
}

interface Run {
  emit: Emit;
  session: TransportSession;
  stopped: boolean;
  /** Aborted by `close()`: every request of this run carries its signal, even one started afterwards. */
  controller: AbortController;
  /** Set once the transport gave up on this run: what every call now rejects with at once. */
  gaveUp: TransportError | undefined;
  stored: ChatwootState;
  cable: WebSocketTransport | undefined;
  listening: Promise<void> | undefined;
  polling: boolean;
  pollFailures: number;
  state: ConnectionState | undefined;
  /** Conversations Chatwoot announced as created for a handoff request (found again after a lost answer). */
  created: Map<string, number>;
}

const KNOWN = new Set([
  'baseUrl',
  'inboxIdentifier',
  'storage',
  'identifierHash',
  'workingHours',
  'WebSocket',
  'reconnect',
  'connectTimeoutMs',
  'heartbeatIntervalMs',
  'pollIntervalMs',
  ...HTTP_OPTION_KEYS,
]);

const PRESENCE_INTERVAL_MS = 30_000;
/** The Client API lists messages 20 at a time: the latest, or those before a message id. */
const PAGE_SIZE = 20;
/** How far back one catch-up pages (1000 messages), so a broken server cannot keep it going. */
const MAX_CATCH_UP_PAGES = 50;

function invalid(what: string, value: unknown): TransportError {
  return new TransportError('invalid_response', `Chatwoot answered ${what} with ${describeValue(value)}.`, { retryable: false });
}

/** Flat values only: Chatwoot custom attributes are shown as fields. */
function flat(source: Record<string, unknown> | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(source ?? {})) {
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) out[key] = value;
  }
  return out;
}

/**
 * A human transport for **Chatwoot** through its public Client APIs (API channel inbox):
 * `handoff` creates a contact (with the identified user's name, email and attributes)
 * and a conversation whose custom attributes carry the request id, trigger, reason and
 * page, then posts the transcript (rendered as text) as the conversation's first message,
 * so the agent reads the whole story in the conversation. Agent replies, typing and
 * resolution arrive over Chatwoot's ActionCable WebSocket (`/cable`, `RoomChannel` with the
 * contact's `pubsub_token`), with `GET …/messages` to catch up after a reconnect and to poll
 * when WebSockets are blocked. Every step survives a retry without being repeated.
 *
 * @example
 * const human = createChatwootTransport({ baseUrl: 'https://app.chatwoot.com', inboxIdentifier: 'x4BbNzvq3Q8rKvE1h3Xq2p7E', storage: localStorage })
 * createChat({ bot, human })
 */
export function createChatwootTransport(options: ChatwootTransportOptions): HumanTransport {
  checkOptionsObject('createChatwootTransport', options as unknown);
  checkKnownOptions('createChatwootTransport', options, KNOWN);
  const { baseUrl: baseOption, inboxIdentifier, storage, identifierHash: hashOption, workingHours: hoursOption, ...rest } = options;
  checkUrlOption('baseUrl', baseOption, ['http', 'https']);
  if (typeof baseOption !== 'string' || !/^https?:\/\//i.test(baseOption)) {
    throw new ConfigError('baseUrl', 'the absolute URL of your Chatwoot installation, like https://app.chatwoot.com', baseOption);
  }
  const baseUrl = baseOption.replace(/\/+$/, '');
  if (typeof inboxIdentifier !== 'string' || !/^[\w-]+$/.test(inboxIdentifier)) {
    throw new ConfigError('inboxIdentifier', 'the API inbox identifier (letters, digits, - and _)', inboxIdentifier);
  }
  if (storage !== undefined && (!isRecord(storage) || typeof storage.getItem !== 'function' || typeof storage.setItem !== 'function' || typeof storage.removeItem !== 'function')) {
    throw new ConfigError('storage', 'an object with getItem, setItem and removeItem, like localStorage', storage);
  }
  const identifierHash = checkFunction<NonNullable<ChatwootTransportOptions['identifierHash']>>('identifierHash', hashOption);
  if (hoursOption !== undefined && typeof hoursOption !== 'boolean') throw new ConfigError('workingHours', 'true or false', hoursOption);
  const workingHours = hoursOption ?? true;
  const Socket = checkFunction<WebSocketConstructor>('WebSocket', rest.WebSocket);
  const reconnect = checkBackoff('reconnect', rest.reconnect, { baseMs: 500, maxMs: 30_000 });
  const connectTimeoutMs = checkCount('connectTimeoutMs', rest.connectTimeoutMs, 10_000, 1, 600_000);
  const heartbeatIntervalMs = checkCount('heartbeatIntervalMs', rest.heartbeatIntervalMs, 25_000, 0, 3_600_000);
  const pollIntervalMs = checkCount('pollIntervalMs', rest.pollIntervalMs, 3000, 100, 600_000);
  const http = { headers: rest.headers, timeoutMs: rest.timeoutMs, retry: rest.retry, fetch: rest.fetch, maxResponseBytes: rest.maxResponseBytes, env: rest.env };
  const httpOptions = normalizeHttpOptions(http);
  const { env } = httpOptions;
  const api = createHttpClient(httpOptions, 'Chatwoot');
  // Creating contacts, conversations and messages is not idempotent in Chatwoot: no
  // quick retries here. The chat's outbox retries later, and each step checks first
  // whether the earlier attempt got through (stored progress, echo ids).
  const posts = createHttpClient(normalizeHttpOptions({ ...http, retry: false }), 'Chatwoot');
  const timers = createTimerSet(env);
  const newId = createIdFactory();
  const inboxPath = `${baseUrl}/public/api/v1/inboxes/${encodeURIComponent(inboxIdentifier)}`;

  const store = createChatwootStore(storage, inboxIdentifier);

  const delivered = createSeenIds();
  const echoed = createSeenIds();
  const shown = createSeenIds(2000);
  let run: Run | undefined;

  const live = (r: Run): boolean => run === r && !r.stopped;
  const emitFrom = (r: Run, event: TransportEvent): void => {
    if (live(r)) r.emit(event);
  };
  const setState = (r: Run, state: ConnectionState): void => {
    if (r.state === state) return;
    r.state = state;
    emitFrom(r, { type: 'connection', state });
  };

  const save = (r: Run): void => {
    if (!r.stopped) store.saveState(r.session.conversationId, r.stored);
  };

  /** What the event mapping needs, for one batch of events; agent changes are stored. */
  const viewOf = (r: Run): ChatwootView => ({
    conversation: r.stored.conversation,
    agent: r.stored.agent,
    echoed: (id) => void echoed.add(id),
    agentChanged: (agent) => {
      r.stored.agent = agent;
      save(r);
    },
  });

  /** Drops message events already shown (the cable and a catch-up can both bring one). */
  const fresh = (events: unknown[]): unknown[] =>
    events.filter((e) => !(isRecord(e) && e.type === 'message' && isRecord(e.message) && typeof e.message.id === 'string' && !shown.add(e.message.id)));

  const connected = (): Run => {
    if (!run || run.stopped) throw new TransportError('not_connected', 'The Chatwoot transport is not connected.');
    if (run.gaveUp) throw run.gaveUp;
    return run;
  };

  /** The newest Chatwoot message id handed on so far: a catch-up pages back no further. */
  const noteMessageIds = (r: Run, messages: readonly unknown[]): void => {
    let newest = r.stored.lastMessageId ?? -Infinity;
    for (const m of messages) if (isRecord(m) && typeof m.id === 'number' && m.id > newest) newest = m.id;
    if (newest === -Infinity || newest === r.stored.lastMessageId) return;
    r.stored.lastMessageId = newest;
    save(r);
  };

  const contactPath = (contact: ChatwootContact): string => `${inboxPath}/contacts/${encodeURIComponent(contact.sourceId)}`;

  const userIdOf = (session: TransportSession): string | undefined => session.user?.id;

  /**
   * The contact for this customer: stored, shared with earlier chats, or created (with
   * `extra` details, e.g. the email of a left message, when the site did not identify them).
   */
  const ensureContact = async (r: Run, extra: { name?: string; email?: string } = {}): Promise<ChatwootContact> => {
    const userId = userIdOf(r.session);
    if (r.stored.contact && r.stored.contact.userId === userId) return r.stored.contact;
    const shared = store.contact();
    if (shared && shared.userId === userId) {
      r.stored.contact = shared;
      save(r);
      return shared;
    }
    // Chosen here and kept, so a retried create names the same contact.
    r.stored.pendingSourceId ??= newId('hc');
    save(r);
    const user = r.session.user;
    const body: Record<string, unknown> = { source_id: r.stored.pendingSourceId };
    const name = user?.name ?? extra.name;
    const email = user?.email ?? extra.email;
    if (name) body.name = name;
    if (email) body.email = email;
    if (user?.id) {
      body.identifier = user.id;
      const hash = await identifierHash?.(r.session);
      if (hash) body.identifier_hash = hash;
    }
    const attributes = flat(user?.attributes);
    if (Object.keys(attributes).length) body.custom_attributes = attributes;
    const answer = await posts.json({ method: 'POST', url: `${inboxPath}/contacts`, session: r.session, signal: r.controller.signal, json: body });
    const b = answer.body;
    if (!isRecord(b) || typeof b.source_id !== 'string' || typeof b.pubsub_token !== 'string') throw invalid('the contact create', b);
    const contact: ChatwootContact = { sourceId: b.source_id, pubsubToken: b.pubsub_token, ...(userId === undefined ? {} : { userId }) };
    if (!live(r)) throw new TransportError('closed', 'The Chatwoot transport was closed.');
    r.stored.contact = contact;
    delete r.stored.pendingSourceId;
    save(r);
    store.saveContact(contact);
    return contact;
  };

  /**
   * A contact Chatwoot no longer knows (deleted by an admin): forget it and the
   * conversations that went with it, so the next step starts over with a new one.
   */
  const forgetContact = (r: Run): void => {
    delete r.stored.contact;
    delete r.stored.conversation;
    for (const progress of [...Object.values(r.stored.handoffs), ...Object.values(r.stored.notes), r.stored.direct]) {
      if (!progress) continue;
      delete progress.conversation;
      delete progress.transcript;
      delete progress.note;
    }
    save(r);
    store.saveContact(undefined);
    stopListening(r);
  };

  const createConversation = async (r: Run, contact: ChatwootContact, attributes: Record<string, string | number | boolean>): Promise<number> => {
    const answer = await posts.json({ method: 'POST', url: `${contactPath(contact)}/conversations`, session: r.session, signal: r.controller.signal, json: { custom_attributes: attributes } });
    const id = isRecord(answer.body) ? answer.body.id : undefined;
    if (typeof id !== 'number') throw invalid('the conversation create', answer.body);
    return id;
  };

  const postMessage = async (r: Run, contact: ChatwootContact, conversation: number, content: string, echoId: string): Promise<unknown> => {
    const answer = await posts.json({
      method: 'POST',
      url: `${contactPath(contact)}/conversations/${conversation}/messages`,
      session: r.session,
      signal: r.controller.signal,
      json: { content, echo_id: echoId },
    });
    return answer.body;
  };

  /** Messages now go to `conversation`; its agent is not known yet. */
  const switchTo = (r: Run, conversation: number): void => {
    if (r.stored.conversation === conversation) return;
    r.stored.conversation = conversation;
    delete r.stored.agent;
    save(r);
  };

  /** Runs `steps` with the contact; once more with a new contact if Chatwoot no longer knows the old one. */
  const withContact = async <T>(r: Run, steps: (contact: ChatwootContact) => Promise<T>, extra?: { name?: string; email?: string }): Promise<T> => {
    const contact = await ensureContact(r, extra);
    void listen(r);
    try {
      return await steps(contact);
    } catch (error) {
      if (!isTransportError(error) || error.status !== 404 || !live(r)) throw error;
      forgetContact(r);
      const renewed = await ensureContact(r, extra);
      void listen(r);
      return steps(renewed);
    }
  };

  /**
   * Fetches what was missed: the latest page of messages, then older pages (`before=<oldest
   * id>`) until one reaches a message already handed on, so a long outage loses nothing.
   * Oldest first, as each page is.
   */
  const missedMessages = async (r: Run, contact: ChatwootContact, conversation: number): Promise<unknown[] | undefined> => {
    const url = `${contactPath(contact)}/conversations/${conversation}/messages`;
    const known = r.stored.lastMessageId;
    let collected: unknown[] = [];
    let before: number | undefined;
    for (let page = 0; page < MAX_CATCH_UP_PAGES; page++) {
      const answer = await api.json({
        method: 'GET',
        url: before === undefined ? url : withQuery(url, { before: String(before) }),
        session: r.session,
        signal: r.controller.signal,
      });
      if (!live(r) || r.stored.conversation !== conversation) return undefined;
      if (!Array.isArray(answer.body)) throw invalid('the message list', answer.body);
      collected = [...answer.body, ...collected];
      const ids = answer.body.flatMap((m) => (isRecord(m) && typeof m.id === 'number' ? [m.id] : []));
      if (answer.body.length < PAGE_SIZE || ids.length === 0) break;
      const oldest = Math.min(...ids);
      const reached = (known !== undefined && oldest <= known) || ids.some((id) => shown.has(String(id)));
      if (reached || oldest === before) break;
      before = oldest;
    }
    return collected;
  };

  const catchUp = async (r: Run): Promise<void> => {
    const contact = r.stored.contact;
    const conversation = r.stored.conversation;
    if (!contact || conversation === undefined) return;
    const messages = await missedMessages(r, contact, conversation);
    if (!messages || !live(r) || r.stored.conversation !== conversation) return;
    const sorted = [...messages].sort((a, b) => (isRecord(a) && isRecord(b) ? Number(a.created_at) - Number(b.created_at) : 0));
    const batch = viewOf(r);
    emitValidated(fresh(sorted.flatMap((m) => chatwootMessageEvents(m, batch))), (event) => emitFrom(r, event), 'messages');
    noteMessageIds(r, sorted);
    const details = await api.json({ method: 'GET', url: `${contactPath(contact)}/conversations/${conversation}`, session: r.session, signal: r.controller.signal });
    if (!live(r) || r.stored.conversation !== conversation) return;
    if (isRecord(details.body) && details.body.status === 'resolved' && r.stored.resolved !== conversation) {
      r.stored.resolved = conversation;
      save(r);
      emitFrom(r, { type: 'ended', by: 'agent' });
    }
  };

  const reportCatchUp = (r: Run) => (error: unknown): void => {
    if (live(r)) emitFrom(r, { type: 'error', error: toTransportError(error, 'catch_up_failed') });
  };

  const schedulePoll = (r: Run, ms: number): void => {
    timers.set(() => {
      if (!live(r) || !r.polling) return;
      catchUp(r).then(
        () => {
          r.pollFailures = 0;
          setState(r, 'online');
          schedulePoll(r, pollIntervalMs);
        },
        (raw: unknown) => {
          if (!live(r) || !r.polling) return;
          const error = toTransportError(raw);
          if (!error.retryable) return giveUp(r, error);
          r.pollFailures++;
          if (r.pollFailures === 1) emitFrom(r, { type: 'error', error });
          setState(r, 'reconnecting');
          schedulePoll(r, backoffDelay(r.pollFailures, env.random, reconnect));
        },
      );
    }, ms);
  };

  const startPolling = (r: Run): void => {
    if (r.polling || !live(r)) return;
    r.polling = true;
    r.pollFailures = 0;
    schedulePoll(r, 0);
  };

  const presence = (r: Run, cable: WebSocketTransport): void => {
    timers.set(() => {
      if (!live(r) || r.cable !== cable) return;
      const id = newId('presence');
      if (r.state === 'online') void cable.request({ type: 'presence', id }, id).catch(() => undefined);
      presence(r, cable);
    }, PRESENCE_INTERVAL_MS);
  };

  /** Subscribes to the contact's events on the cable; polls when that cannot be done. */
  const listen = (r: Run): Promise<void> => {
    const contact = r.stored.contact;
    if (!contact || r.listening || !live(r)) return r.listening ?? Promise.resolve();
    const Ctor = Socket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) {
      startPolling(r);
      return Promise.resolve();
    }
    const identifier = cableIdentifier(contact.pubsubToken);
    let refused = false;
    const cable = createWebSocketTransport({
      url: `${baseUrl}/cable`,
      protocols: CABLE_PROTOCOLS,
      WebSocket: Ctor,
      kind: 'chatwoot',
      encode: (frame) => encodeCableFrame(frame, identifier),
      decode: (data) => {
        const frame = readCableFrame(data, identifier);
        switch (frame.kind) {
          case 'confirmed':
            return { type: 'ready' };
          case 'rejected':
            refused = true;
            return { type: 'error', code: 'subscription_rejected', message: "Chatwoot refused the real-time subscription: it does not know the contact's pubsub token (was the contact deleted?)." };
          case 'disconnect':
            if (!frame.reconnect) refused = true;
            return undefined;
          case 'broadcast': {
            if (frame.event === 'conversation.created' && isRecord(frame.data) && isRecord(frame.data.custom_attributes)) {
              const request = frame.data.custom_attributes.handoff_request_id;
              if (typeof request === 'string' && typeof frame.data.id === 'number') r.created.set(request, frame.data.id);
            }
            const events = fresh(chatwootBroadcastEvents(frame.event, frame.data, viewOf(r)));
            if (frame.event === 'message.created' && isRecord(frame.data) && frame.data.conversation_id === r.stored.conversation) noteMessageIds(r, [frame.data]);
            return events;
          }
          default:
            return undefined;
        }
      },
      // Messages go over HTTP; the cable only carries what Chatwoot pushes.
      acks: false,
      waitForReady: true,
      connectTimeoutMs,
      heartbeatIntervalMs,
      reconnect,
      shouldReconnect: (code) => !refused && code !== 1008,
      env,
    });
    r.cable = cable;
    r.listening = cable
      .connect((event) => {
        if (!live(r) || r.cable !== cable) return;
        if (event.type !== 'connection') return r.emit(event);
        // The cable gave up (Chatwoot refused the subscription, or asked not to reconnect): poll instead.
        if (event.state === 'closed' || event.state === 'offline') return startPolling(r);
        setState(r, event.state);
        // ActionCable does not replay: after every (re)subscription, fetch what was missed.
        if (event.state === 'online') catchUp(r).catch(reportCatchUp(r));
      }, r.session)
      .then(
        () => presence(r, cable),
        (error: unknown) => {
          if (!live(r) || r.cable !== cable) return;
          r.cable = undefined;
          void cable.close();
          emitFrom(r, {
            type: 'error',
            error: new TransportError('stream_unavailable', `The Chatwoot cable could not be used (${toTransportError(error).message}); polling for messages instead.`, { cause: error }),
          });
          startPolling(r);
        },
      );
    return r.listening;
  };

  const stopListening = (r: Run): void => {
    const cable = r.cable;
    r.cable = undefined;
    r.listening = undefined;
    r.polling = false;
    void cable?.close();
  };

  /**
   * Polling was refused for good (the contact or conversation is gone, access denied):
   * stop, reject calls at once (retryable: the next `connect()` starts over), and emit
   * `closed` so the chat calls `connect()` again when it needs the desk.
   */
  const giveUp = (r: Run, error: TransportError): void => {
    if (!live(r) || r.gaveUp) return;
    r.gaveUp = new TransportError(error.code, `${error.message} Chatwoot is tried again on the next connect.`, {
      cause: error,
      retryable: true,
      ...(error.status === undefined ? {} : { status: error.status }),
    });
    stopListening(r);
    emitFrom(r, { type: 'error', error });
    setState(r, 'closed');
  };

  const stop = (): void => {
    const r = run;
    run = undefined;
    if (r) {
      r.stopped = true;
      r.controller.abort();
      stopListening(r);
    }
    timers.clearAll();
    api.abortAll();
    posts.abortAll();
  };

  /** Whether the inbox is open now; when its details cannot be read, assume it is. */
  const isOpen = async (r: Run): Promise<boolean> => {
    try {
      const answer = await api.json({ method: 'GET', url: inboxPath, session: r.session, signal: r.controller.signal });
      return inboxAvailability(answer.body, env.now()).available;
    } catch (error) {
      emitFrom(r, { type: 'error', error: toTransportError(error, 'availability_failed') });
      return true;
    }
  };

  const handoffAttributes = (request: HandoffRequest, extra: Record<string, string | number | boolean> = {}): Record<string, string | number | boolean> => {
    const c = request.transcript.context;
    return {
      ...flat(c.custom),
      handoff_request_id: request.id,
      handoff_trigger: c.trigger,
      handoff_reason: c.reason,
      locale: c.locale,
      chat_conversation_id: request.conversationId,
      ...(c.page?.url ? { page_url: c.page.url } : {}),
      ...(c.page?.title ? { page_title: c.page.title } : {}),
      ...extra,
    };
  };

  /** Creates the conversation of `progress` (once) and posts the transcript into it (once). */
  const openConversation = async (
    r: Run,
    progress: ChatwootProgress,
    request: HandoffRequest,
    attributes: Record<string, string | number | boolean>,
    options: { lookup?: string; extra?: { name?: string; email?: string } } = {},
  ): Promise<number> =>
    withContact(
      r,
      async (contact) => {
      if (progress.conversation === undefined) {
        progress.conversation = (options.lookup === undefined ? undefined : r.created.get(options.lookup)) ?? (await createConversation(r, contact, attributes));
        save(r);
      }
      switchTo(r, progress.conversation);
      // Seen echoed back: an earlier attempt posted it even though its answer was lost.
      if (!progress.transcript && echoed.has(`${request.id}_transcript`)) progress.transcript = true;
      if (!progress.transcript) {
        await postMessage(r, contact, progress.conversation, transcriptToText(request.transcript), `${request.id}_transcript`);
        progress.transcript = true;
        save(r);
      }
      return progress.conversation;
      },
      options.extra,
    );

  const resolveConversation = async (r: Run, conversation: number | undefined): Promise<void> => {
    const contact = r.stored.contact;
    if (!contact || conversation === undefined) return;
    await posts.json({ method: 'POST', url: `${contactPath(contact)}/conversations/${conversation}/toggle_status`, session: r.session, signal: r.controller.signal });
    r.stored.resolved = conversation;
    save(r);
  };

  return {
    kind: 'chatwoot',
    async connect(emit, session) {
      if (run && !run.stopped && run.session.conversationId === session.conversationId && !run.gaveUp) {
        run.emit = emit;
        run.session = session;
        return;
      }
      stop();
      const r: Run = {
        emit,
        session,
        stopped: false,
        controller: new AbortController(),
        gaveUp: undefined,
        stored: store.state(session.conversationId),
        cable: undefined,
        listening: undefined,
        polling: false,
        pollFailures: 0,
        state: undefined,
        created: new Map(),
      };
      run = r;
      // A conversation restored after a reload: listen for the agent again.
      if (r.stored.contact && r.stored.conversation !== undefined) await listen(r);
    },
    async handoff(request): Promise<HandoffReceipt> {
      const r = connected();
      const progress = (r.stored.handoffs[request.id] ??= {});
      if (progress.conversation === undefined && workingHours && !(await isOpen(r))) return { status: 'unavailable' };
      await openConversation(r, progress, request, handoffAttributes(request), { lookup: request.id });
      return { status: 'queued' };
    },
    async leaveMessage(note) {
      const r = connected();
      const progress = (r.stored.notes[note.id] ??= {});
      const request: HandoffRequest = { id: note.id, conversationId: note.conversationId, transcript: note.transcript };
      const extra = { email: note.email, ...(note.name ? { name: note.name } : {}) };
      // The reply address also goes into the conversation: an existing contact keeps its own email.
      const conversation = await openConversation(r, progress, request, handoffAttributes(request, { left_message: true, reply_to: note.email }), { extra });
      if (!progress.note && echoed.has(`${note.id}_note`)) progress.note = true;
      if (!progress.note) {
        const contact = await ensureContact(r, extra);
        const who = note.name ? `${note.name}, ${note.email}` : note.email;
        await postMessage(r, contact, conversation, `Message left while nobody was available (reply to ${who}):\n${note.message}`, `${note.id}_note`);
        progress.note = true;
        save(r);
      }
    },
    async send(message): Promise<SendReceipt | void> {
      const r = connected();
      if (delivered.has(message.id) || echoed.has(message.id)) return;
      let answer: unknown;
      await withContact(r, async (contact) => {
        let conversation = r.stored.conversation;
        if (conversation === undefined) {
          // A message before any handoff (a desk used without a bot): a plain conversation.
          const progress = (r.stored.direct ??= {});
          progress.conversation ??= await createConversation(r, contact, { chat_conversation_id: r.session.conversationId, locale: r.session.locale });
          conversation = progress.conversation;
          switchTo(r, conversation);
        }
        answer = await postMessage(r, contact, conversation, message.text, message.id);
      });
      delivered.add(message.id);
      const id = isRecord(answer) ? answer.id : undefined;
      return typeof id === 'number' || typeof id === 'string' ? { serverId: String(id) } : undefined;
    },
    async cancel(requestId) {
      const r = connected();
      await resolveConversation(r, r.stored.handoffs[requestId]?.conversation);
    },
    async end() {
      const r = connected();
      await resolveConversation(r, r.stored.conversation);
    },
    async availability(): Promise<Availability> {
      const r = connected();
      const answer = await api.json({ method: 'GET', url: inboxPath, session: r.session, signal: r.controller.signal });
      if (!isRecord(answer.body)) throw invalid('the inbox details', answer.body);
      return workingHours ? inboxAvailability(answer.body, env.now()) : { available: true };
    },
    close() {
      stop();
    },
  };
}
