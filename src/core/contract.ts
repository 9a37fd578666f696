/**
 * The transport contract: one shape for the bot backend and the human backend.
 *
 * A transport is a plain object. The core calls `connect(emit, session)` once before
 * first use, `send(message)` for each customer message (in order, one at a time), and
 * `close()` when the chat is destroyed. Everything the backend says, whenever it says
 * it, goes to `emit`. A human transport adds `handoff(request)`.
 *
 * Rules the core relies on:
 * - `send` resolves only once the backend accepted the message, and rejects (with a
 *   `TransportError`, `retryable` set honestly) otherwise; the core retries with the
 *   same `message.id`, so the backend can drop duplicates by it.
 * - inbound messages carry the backend's id; the core drops ids it has already seen.
 * - errors that happen in the background are emitted as `{ type: 'error' }`, never thrown.
 */
import type {
  AgentInfo,
  Attachment,
  Availability,
  ChatUser,
  ConnectionState,
  OfflineMessage,
  QuickReply,
  Rating,
} from './types.js';
import type { KeyValueStorage } from './environment.js';
import type { TranscriptV1 } from './transcript-types.js';

/** Facts about the conversation a transport may need. */
export interface TransportSession {
  /** Stable id of this conversation; the same after a reload. */
  conversationId: string;
  /** BCP 47 language tag, e.g. `sv-SE`. */
  locale: string;
  /** The identified customer, if any. */
  user?: ChatUser;
  /**
   * A fresh signed identity token from the site, when it gave one (`identify(user, { token })`).
   * Send it in a header or body, never in a URL. Call it for every request: tokens expire.
   */
  identityToken?: () => Promise<string | undefined>;
  /**
   * A small key-value store for the transport's own state (e.g. a resume cursor), kept
   * with the conversation: written only with the customer's consent to storage, and
   * wiped by `logout()`. Keys are private to this chat.
   */
  storage?: KeyValueStorage;
}

/** A customer message on its way to a backend. */
export interface OutboundMessage {
  /** Client id; the same on every retry, so the backend can drop duplicates. */
  id: string;
  conversationId: string;
  text: string;
  /** Milliseconds since the epoch, when the customer sent it. */
  time: number;
  /** Set when the customer chose a quick reply: its payload is what the bot expects. */
  quickReply?: QuickReply;
  /** 1 on the first try, 2 on the first retry... */
  attempt: number;
}

/** A message from a backend. */
export interface InboundMessage {
  /** The backend's id; repeated ids are dropped. */
  id: string;
  text: string;
  /** Milliseconds since the epoch; the core uses its own clock when missing or absurd. */
  time?: number;
  quickReplies?: QuickReply[];
  attachments?: Attachment[];
  intent?: string;
  confidence?: number;
  /** The bot said it did not understand. */
  fallback?: boolean;
  /** Human transports: who wrote it. */
  agent?: AgentInfo;
}

/** Everything a backend can tell the widget. */
export type TransportEvent =
  | { type: 'message'; message: InboundMessage }
  /** A piece of a streamed reply: `text` is appended to the message `id` (created if new). */
  | { type: 'delta'; id: string; text: string; done?: boolean }
  | { type: 'typing'; active: boolean; agent?: AgentInfo }
  | { type: 'queue'; position?: number; etaSeconds?: number }
  | { type: 'availability'; availability: Availability }
  | { type: 'agent-joined'; agent: AgentInfo }
  | { type: 'agent-left'; agent?: AgentInfo }
  /** Nobody can take the conversation: the customer is offered to leave a message. */
  | { type: 'unavailable'; reason?: string }
  /** The agent handed the conversation back to the bot. */
  | { type: 'handed-back'; reason?: string }
  /** The human conversation is over. */
  | { type: 'ended'; by?: 'agent' | 'customer' | 'system'; reason?: string }
  /** The bot asks for a person (e.g. Bot Framework `handoff.initiate`). */
  | { type: 'handoff-suggested'; reason?: string; context?: Record<string, unknown> }
  | { type: 'connection'; state: ConnectionState }
  | { type: 'error'; error: Error };

/** The callback a transport hands inbound events to. */
export type Emit = (event: TransportEvent) => void;

/** What `send` may resolve with. */
export interface SendReceipt {
  /** The backend's id for the message, when it assigns one. */
  serverId?: string;
}

/**
 * A backend connection. Bot transports implement this; human transports extend it.
 *
 * @example
 * const echo: Transport = {
 *   kind: 'echo',
 *   async connect(emit) { this.emit = emit },
 *   async send(m) { emit({ type: 'message', message: { id: 'r' + m.id, text: m.text } }) },
 *   close() {},
 * }
 */
export interface Transport {
  /** Short name for errors and logs, e.g. `rest`, `rasa`. */
  readonly kind: string;
  /** Opens the channel. May be called again after a failure or `close()`. */
  connect(emit: Emit, session: TransportSession): Promise<void>;
  /** Resolves once the backend accepted the message; rejects so the core can retry. */
  send(message: OutboundMessage): Promise<SendReceipt | void>;
  /** Releases every socket, timer and listener. Safe to call twice. */
  close(): Promise<void> | void;
}

/** The request that brings a person in. */
export interface HandoffRequest {
  /** Unique id; the backend drops duplicate requests by it. */
  id: string;
  conversationId: string;
  transcript: TranscriptV1;
}

/** What the human backend says about a handoff request it accepted. */
export interface HandoffReceipt {
  status: 'queued' | 'accepted' | 'unavailable';
  position?: number;
  etaSeconds?: number;
  /** Set when a person took the conversation at once. */
  agent?: AgentInfo;
}

/** A transport to a live-agent desk. */
export interface HumanTransport extends Transport {
  /** Resolves once the backend accepted the request (queued it, assigned it, or said nobody is available). */
  handoff(request: HandoffRequest): Promise<HandoffReceipt | void>;
  /** Withdraws a request that is still waiting. */
  cancel?(requestId: string): Promise<void>;
  /** The customer ends the human conversation. */
  end?(conversationId: string): Promise<void>;
  /** Delivers a satisfaction rating. */
  rate?(rating: Rating & { conversationId: string; id: string }): Promise<void>;
  /** Delivers a leave-a-message form, with the transcript. */
  leaveMessage?(note: OfflineMessage & { id: string; conversationId: string; transcript: TranscriptV1 }): Promise<void>;
  /** Asks whether anyone is there before the customer commits. */
  availability?(): Promise<Availability>;
}
