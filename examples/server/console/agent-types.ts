/**
 * The agent channel's frames as the console uses them (schemas:
 * schema/handoff-protocol/agent-*.schema.json). Transcript types come from the
 * widget core, so the console reads exactly what the widget sends.
 */
import type { TranscriptV1 } from '../../../src/core/transcript-types.js';
import type { AgentInfo, HandoffTrigger } from '../../../src/core/types.js';

export type { TranscriptV1, AgentInfo, HandoffTrigger };

/** Status of one handoff request. */
export type RequestStatus = 'waiting' | 'active' | 'ended' | 'handed-back' | 'cancelled' | 'unavailable';

/** One request as the board lists it. */
export interface Summary {
  conversationId: string;
  requestId: string;
  status: RequestStatus;
  requestedAt: number;
  trigger: HandoffTrigger;
  reason: string;
  customer: { id?: string; name?: string; email?: string };
  firstRequest?: string;
  position?: number;
  etaSeconds?: number;
  acceptedAt?: number;
  closedAt?: number;
  closedBy?: 'agent' | 'customer' | 'system';
  agent?: AgentInfo;
  csat?: { score: number; comment?: string; time: number };
  lastMessage?: { author: 'customer' | 'agent'; text: string; time: number };
}

/** A line of a request's log after the handoff. */
export interface Entry {
  id: string;
  author: 'customer' | 'agent' | 'system';
  text: string;
  time: number;
  agent?: AgentInfo;
}

export interface Detail {
  summary: Summary;
  transcript: TranscriptV1;
  entries: Entry[];
}

export interface OfflineNote {
  id: string;
  conversationId: string;
  email: string;
  name?: string;
  message: string;
  time: number;
  transcript: TranscriptV1;
}

/** Frames from the hub. */
export type HubFrame =
  | { v: 1; type: 'welcome'; agent: AgentInfo; heartbeatMs: number }
  | { v: 1; type: 'board'; agentsOnline: number; conversations: Summary[] }
  | { v: 1; type: 'conversation'; conversation: Detail }
  | { v: 1; type: 'entry'; conversationId: string; requestId: string; entry: Entry }
  | { v: 1; type: 'customer-typing'; conversationId: string; active: boolean }
  | { v: 1; type: 'offline'; messages: OfflineNote[] }
  | { v: 1; type: 'ack'; id: string; result?: Record<string, unknown> }
  | { v: 1; type: 'error'; id?: string; code: string; message: string; retryable: boolean }
  | { v: 1; type: 'pong'; nonce?: string };

/** Frames to the hub that change something (they carry an id and get an ack). */
export type AgentCommand =
  | { type: 'status'; available: boolean }
  | { type: 'accept'; conversationId: string; requestId: string }
  | { type: 'message'; conversationId: string; text: string }
  | { type: 'release'; conversationId: string }
  | { type: 'hand-back'; conversationId: string; reason?: string }
  | { type: 'end'; conversationId: string; reason?: string };

/** Frames to the hub that change nothing. */
export type AgentSignal =
  | { type: 'open'; conversationId: string; requestId?: string }
  | { type: 'typing'; conversationId: string; active: boolean };
