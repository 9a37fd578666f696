import type { PageInfo } from './environment.js';
import type { TranscriptContext, TranscriptMessage, TranscriptV1 } from './transcript-types.js';
import type { Author, ChatUser, HandoffTrigger, Message, QuickReply } from './types.js';

/** Replaces sensitive data in a text; returns the kinds it found (e.g. `card`). */
export type Redactor = (text: string) => { text: string; kinds: string[] };

export interface TranscriptInput {
  conversationId: string;
  requestId: string;
  messages: readonly Message[];
  startedAt: number;
  now: number;
  locale: string;
  timeZone?: string;
  page?: PageInfo;
  user?: ChatUser;
  trigger: HandoffTrigger;
  reason: string;
  custom?: Record<string, unknown>;
  vitals?: Record<string, number>;
  /** Applied to every text that leaves; identity when masking is off. */
  redact?: Redactor;
}

const LAST_TURNS = 6;
const SUMMARY_TEXT_LIMIT = 280;

/** Latest time an ISO string can show without a six-digit year (9999-12-31T23:59:59.999Z). */
const MAX_ISO_MS = 253402300799999;

/** ISO 8601 in UTC; absurd times (from a hostile store or backend) are clamped rather than thrown on. */
function iso(ms: number): string {
  const t = Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_ISO_MS) : 0;
  return new Date(t).toISOString();
}

function clip(text: string): string {
  return text.length > SUMMARY_TEXT_LIMIT ? `${text.slice(0, SUMMARY_TEXT_LIMIT - 1)}…` : text;
}

/**
 * Builds the versioned transcript a handoff request carries: every message in order
 * (streaming ones as they stand), then the context an agent needs to pick up without
 * asking the customer to repeat themselves. Every text passes through `redact`.
 *
 * @example
 * buildTranscript({ conversationId: 'c1', requestId: 'req_1', messages, startedAt, now: Date.now(),
 *   locale: 'en', trigger: 'button', reason: 'Customer asked for a person' })
 */
export function buildTranscript(input: TranscriptInput): TranscriptV1 {
  const kinds = new Set<string>();
  const redact = (text: string): string => {
    if (!input.redact) return text;
    const result = input.redact(text);
    for (const k of result.kinds) kinds.add(k);
    return result.text;
  };

  const messages: TranscriptMessage[] = input.messages.map((m) => {
    const out: TranscriptMessage = { id: m.id, author: m.author, text: redact(m.text), time: iso(m.time) };
    if (m.author === 'customer') out.status = m.status === 'failed' ? 'failed' : 'sent';
    if (m.quickReplies?.length) out.quickReplies = m.quickReplies.map((q) => reply(q, redact));
    if (m.chosenReply) out.chosenReply = reply(m.chosenReply, redact);
    if (m.attachments?.length) {
      out.attachments = m.attachments.map((a) => {
        // Known fields only: whatever else a backend attached does not travel on.
        const copy: NonNullable<TranscriptMessage['attachments']>[number] = { kind: a.kind, url: a.url };
        if (a.name !== undefined) copy.name = redact(a.name);
        if (a.alt !== undefined) copy.alt = redact(a.alt);
        return copy;
      });
    }
    if (m.intent !== undefined) out.intent = m.intent;
    if (m.confidence !== undefined) out.confidence = m.confidence;
    if (m.fallback) out.fallback = true;
    if (m.streaming) out.partial = true;
    if (m.agent) out.agentName = m.agent.name;
    return out;
  });

  const firstCustomer = messages.find((m) => m.author === 'customer');
  const lastTurns: Array<{ author: Author; text: string }> = messages
    .filter((m) => m.author !== 'system')
    .slice(-LAST_TURNS)
    .map((m) => ({ author: m.author, text: clip(m.text) }));

  const context: TranscriptContext = {
    locale: input.locale,
    trigger: input.trigger,
    // A keyword reason quotes the customer, so it is masked like everything they wrote.
    reason: redact(input.reason),
    startedAt: iso(input.startedAt),
    summary: { lastTurns },
  };
  if (firstCustomer) context.summary.firstRequest = clip(firstCustomer.text);
  const page: NonNullable<TranscriptContext['page']> = {};
  for (const key of ['url', 'title', 'referrer'] as const) if (typeof input.page?.[key] === 'string') page[key] = input.page[key];
  if (Object.keys(page).length) context.page = page;
  if (input.timeZone) context.timeZone = input.timeZone;
  if (input.user) context.user = structuredCloneJson(input.user);
  if (input.vitals && Object.keys(input.vitals).length) context.vitals = { ...input.vitals };
  if (input.custom && Object.keys(input.custom).length) context.custom = structuredCloneJson(input.custom);
  if (kinds.size) context.masked = [...kinds].sort();

  return {
    version: 1,
    conversationId: input.conversationId,
    requestId: input.requestId,
    createdAt: iso(input.now),
    messages,
    context,
  };
}

/** Deep copy through JSON: drops functions and undefined, so the result is exactly what gets sent. */
function reply(q: QuickReply, redact: (text: string) => string): QuickReply {
  const out: QuickReply = { title: redact(q.title) };
  if (typeof q.payload === 'string') out.payload = q.payload;
  return out;
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const AUTHOR_LABEL: Record<Author, string> = { customer: 'Customer', bot: 'Bot', agent: 'Agent', system: 'System' };

/**
 * Renders a transcript as plain text for desks that accept only text.
 *
 * @example
 * transcriptToText(t) // "Handoff request req_… (trigger: button)\n…\n[10:02] Customer: where is my order"
 */
export function transcriptToText(transcript: TranscriptV1): string {
  const c = transcript.context;
  const lines: string[] = [];
  lines.push(`Handoff request ${transcript.requestId}`);
  lines.push(`Reason: ${c.reason} (trigger: ${c.trigger})`);
  lines.push(`Started: ${c.startedAt}${c.timeZone ? ` (${c.timeZone})` : ''}, locale ${c.locale}`);
  if (c.page?.url) lines.push(`Page: ${c.page.title ? `${c.page.title} — ` : ''}${c.page.url}`);
  if (c.page?.referrer) lines.push(`Referrer: ${c.page.referrer}`);
  if (c.user) {
    const who = [c.user.name, c.user.email, c.user.id && `id ${c.user.id}`].filter(Boolean).join(', ');
    if (who) lines.push(`Customer: ${who}`);
    for (const [k, v] of Object.entries(c.user.attributes ?? {})) lines.push(`  ${k}: ${String(v)}`);
  }
  if (c.summary.firstRequest) lines.push(`First request: ${c.summary.firstRequest}`);
  if (c.masked?.length) lines.push(`Masked before sending: ${c.masked.join(', ')}`);
  lines.push('');
  for (const m of transcript.messages) {
    const who = m.author === 'agent' && m.agentName ? `Agent (${m.agentName})` : AUTHOR_LABEL[m.author];
    const extra = m.chosenReply ? ' [quick reply]' : m.status === 'failed' ? ' [not delivered to bot]' : m.partial ? ' […cut off]' : '';
    lines.push(`[${m.time.slice(11, 16)}] ${who}: ${m.text}${extra}`);
  }
  return lines.join('\n');
}
