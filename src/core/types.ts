/**
 * The conversation's domain types. Plain data only: everything here can be
 * serialised to JSON, stored and restored.
 */

/**
 * Who owns the conversation right now.
 * - `bot`: the bot answers.
 * - `waiting`: a person was asked for; the request is on its way or queued.
 * - `human`: a person has joined and answers.
 * - `ended`: the human conversation ended; sending again starts over with the bot.
 */
export type Phase = 'bot' | 'waiting' | 'human' | 'ended';

/** Who wrote a message. `system` lines describe the conversation itself (handoff progress). */
export type Author = 'customer' | 'bot' | 'agent' | 'system';

/** Delivery of a customer message to the backend that owns the conversation. */
export type DeliveryStatus = 'sending' | 'sent' | 'failed';

/** A button the bot offers; choosing it sends `title` (shown) with `payload` (for the bot). */
export interface QuickReply {
  title: string;
  payload?: string;
}

/** An image or file attached to a message. Only `https:` URLs are ever loaded. */
export interface Attachment {
  kind: 'image' | 'file';
  url: string;
  name?: string;
  alt?: string;
}

/** The person answering in the `human` phase, as the human backend describes them. */
export interface AgentInfo {
  id?: string;
  name: string;
  avatarUrl?: string;
  /** Shown under the name, e.g. "Support agent". */
  title?: string;
}

/** The customer, as the site knows them. Sent to the human backend with the transcript. */
export interface ChatUser {
  id?: string;
  name?: string;
  email?: string;
  /** Extra facts for the agent, e.g. plan or order number. Flat values only. */
  attributes?: Record<string, string | number | boolean | null>;
}

/** One line of the conversation. */
export interface Message {
  /** Stable id: generated on this device for customer and system lines, the backend's for others. */
  id: string;
  author: Author;
  text: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** Delivery status; inbound messages are always `sent`. */
  status: DeliveryStatus;
  /** True while a streamed reply is still growing. */
  streaming?: boolean;
  quickReplies?: QuickReply[];
  /** For a customer message sent by choosing a quick reply: the reply chosen. */
  chosenReply?: QuickReply;
  attachments?: Attachment[];
  /** For agent messages: who wrote it. */
  agent?: AgentInfo;
  /** For bot messages, when the bot reports them. */
  intent?: string;
  confidence?: number;
  /** The bot said it did not understand (a fallback reply). */
  fallback?: boolean;
  /** The last error when status is `failed`, for display. */
  error?: string;
  /** For system lines: what happened, so a UI can word it in the customer's language. */
  notice?: Notice;
}

/** Codes of the system lines the core writes; `text` holds an English fallback. */
export type NoticeCode =
  | 'handoff-requested'
  | 'handoff-queued'
  | 'handoff-unavailable'
  | 'handoff-cancelled'
  | 'agent-joined'
  | 'agent-left'
  | 'handed-back'
  | 'ended'
  | 'message-left'
  | 'rating-sent'
  /** Sensitive data the customer typed is masked for the team (said once). */
  | 'data-masked';

export interface Notice {
  code: NoticeCode;
  params?: Record<string, string | number>;
}

/** How a handoff was started, recorded in the request so the agent knows why. */
export type HandoffTrigger =
  | 'button'
  | 'keyword'
  | 'bot-failure'
  | 'frustration'
  | 'sensitive-topic'
  | 'bot-request'
  | 'low-confidence'
  | 'no-bot'
  | 'api';

/** Progress of the current handoff, as the UI shows it. */
export type HandoffStatus =
  | 'none'
  /** Request made, not yet accepted by the human backend (maybe retrying). */
  | 'requesting'
  /** Accepted and waiting in the queue. */
  | 'queued'
  /** A person joined. */
  | 'connected'
  /** The backend said nobody is available: offer the leave-a-message form. */
  | 'unavailable'
  /** The customer left a message for later. */
  | 'message-left';

export interface HandoffState {
  status: HandoffStatus;
  /** Id of the handoff request; the backend drops duplicates by it. */
  requestId?: string;
  trigger?: HandoffTrigger;
  reason?: string;
  /** 1-based position in the queue, when the backend gives it. */
  position?: number;
  /** Estimated wait in seconds, when the backend gives it. */
  etaSeconds?: number;
  /** Failed delivery attempts of the request so far. */
  attempts: number;
  /** Waiting longer than `queueTimeoutMs`: offer to leave a message instead of waiting on. */
  overdue?: boolean;
  /** The desk refused the left message; the customer can correct it and try again. */
  noteError?: string;
  /** When the request (re)entered the queue, e.g. after a transfer; the queue timeout counts from here. */
  queuedAt?: number;
  requestedAt?: number;
  acceptedAt?: number;
  joinedAt?: number;
}

/** Whether anyone is there to answer, as the human backend reports it before the customer commits. */
export interface Availability {
  available: boolean;
  /** Typical wait in seconds ("Usually replies in 2 min"). */
  etaSeconds?: number;
  /** Free text from the backend, e.g. business hours. */
  message?: string;
}

/** Connection state of one transport. */
export type ConnectionState = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'offline' | 'closed';

/** A satisfaction rating after a human conversation. */
export interface Rating {
  score: 1 | 2 | 3 | 4 | 5;
  comment?: string;
}

/** The leave-a-message form's content. */
export interface OfflineMessage {
  email: string;
  message: string;
  name?: string;
}
