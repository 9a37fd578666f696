import type { HandoffChatError } from './errors.js';
import type { AgentInfo, Availability, ConnectionState, HandoffTrigger, Message, Phase } from './types.js';
import type { ChatState } from './chat.js';

/**
 * Every event a chat emits, with its listener's signature. Subscribe with
 * `chat.on(name, listener)`; it returns the unsubscribe function.
 *
 * @example
 * const off = chat.on('phase', (to, from) => console.log(`${from} → ${to}`))
 * off()
 */
export interface ChatEvents {
  /** Anything in the state changed; read the new snapshot from the argument. */
  change: (state: ChatState) => void;
  /** A message was added (customer, bot, agent or system). */
  message: (message: Message) => void;
  /** A message changed: delivery status, streamed text, or its final version. */
  'message:update': (message: Message) => void;
  /** A customer message's delivery status changed (`sending` → `sent` / `failed`). */
  'message:status': (message: Message) => void;
  phase: (phase: Phase, previous: Phase) => void;
  /** Something went wrong in the background; the chat keeps going. */
  error: (error: HandoffChatError) => void;
  typing: (who: 'bot' | 'agent', active: boolean) => void;
  connection: (lane: 'bot' | 'human', state: ConnectionState) => void;
  availability: (availability: Availability) => void;
  queue: (queue: { position?: number; etaSeconds?: number }) => void;
  open: () => void;
  close: () => void;
  /** The widget asks the customer whether they want a person. */
  'handoff:offered': (info: { trigger: HandoffTrigger; reason: string }) => void;
  /** A handoff was requested; `timeToRequestMs` counts from the start of the conversation. */
  'handoff:requested': (info: { requestId: string; trigger: HandoffTrigger; reason: string; timeToRequestMs: number }) => void;
  /** The human backend took the request (queued it, assigned it, or said nobody is available). */
  'handoff:accepted': (info: {
    requestId: string;
    status: 'queued' | 'accepted' | 'unavailable';
    position?: number;
    etaSeconds?: number;
    timeToAcceptMs: number;
  }) => void;
  'agent:joined': (info: { agent: AgentInfo; requestId?: string; timeInQueueMs?: number }) => void;
  /** The human part is over: ended, handed back, or cancelled (`by` says who). */
  'handoff:ended': (info: {
    requestId?: string;
    by: 'agent' | 'customer' | 'system';
    timeInQueueMs?: number;
    timeToFirstReplyMs?: number;
    durationMs?: number;
  }) => void;
}
