import type { Attachment, Author, ChatUser, HandoffTrigger, QuickReply } from './types.js';

/** One message as the human backend receives it. Times are ISO 8601 strings. */
export interface TranscriptMessage {
  id: string;
  author: Author;
  text: string;
  time: string;
  /** `failed` marks a customer message the bot never received; the agent still sees it. */
  status?: 'sent' | 'failed';
  quickReplies?: QuickReply[];
  chosenReply?: QuickReply;
  attachments?: Attachment[];
  intent?: string;
  confidence?: number;
  fallback?: boolean;
  /** A streamed reply still arriving when the transcript was built: its text is cut off. */
  partial?: boolean;
  agentName?: string;
}

/** What the agent needs besides the messages. */
export interface TranscriptContext {
  page?: { url?: string; title?: string; referrer?: string };
  locale: string;
  timeZone?: string;
  user?: ChatUser;
  trigger: HandoffTrigger;
  /** Human-readable reason, e.g. "Customer pressed 'Talk to a person'". */
  reason: string;
  /** When the conversation started (ISO 8601). */
  startedAt: string;
  /** The customer's first request and the last few turns, for a glance. */
  summary: {
    firstRequest?: string;
    lastTurns: Array<{ author: Author; text: string }>;
  };
  /** Page performance figures (web-vitals), when collected. */
  vitals?: Record<string, number>;
  /** Anything else the site adds through the `context` option. */
  custom?: Record<string, unknown>;
  /** Kinds of data that were masked before sending, e.g. `card`, `email`. */
  masked?: string[];
}

/** The versioned transcript sent with every handoff request. */
export interface TranscriptV1 {
  version: 1;
  conversationId: string;
  /** Same as the handoff request id. */
  requestId: string;
  createdAt: string;
  messages: TranscriptMessage[];
  context: TranscriptContext;
}
