import type {
  Emit,
  HandoffReceipt,
  HandoffRequest,
  HumanTransport,
  OutboundMessage,
  Transport,
  TransportEvent,
  TransportSession,
} from '../core/contract.js';
import { TransportError } from '../core/errors.js';
import type { AgentInfo, Availability, OfflineMessage, QuickReply, Rating } from '../core/types.js';
import type { TranscriptV1 } from '../core/transcript-types.js';

/** A reply the scripted bot gives. A plain string is a text reply. */
export type ScriptedReply =
  | string
  | {
      text: string;
      quickReplies?: QuickReply[];
      /** Marks the reply as "I did not understand". */
      fallback?: boolean;
      /** Ask for a person after this reply. */
      handoff?: boolean | string;
    };

/**
 * What a memory backend records and lets a test or demo control. Like a real
 * backend, it keeps each client id once, however often it was delivered.
 */
export interface MemoryBackend {
  /** Messages accepted, once per id, in order. */
  readonly received: OutboundMessage[];
  /** Every delivery attempt, duplicates included. */
  readonly attempts: OutboundMessage[];
  readonly handoffs: HandoffRequest[];
  readonly cancels: string[];
  readonly ends: string[];
  readonly ratings: Array<Rating & { id: string; conversationId: string }>;
  readonly notes: Array<OfflineMessage & { id: string; conversationId: string; transcript: TranscriptV1 }>;
  /** The session of the last `connect`. */
  readonly session: TransportSession | undefined;
  readonly connected: boolean;
  /** How many times `connect` was called. */
  readonly connects: number;
  /** Pushes an event to the connected client, as the backend would. */
  emit(event: TransportEvent): void;
  /** Makes the next `count` calls (send, handoff, …) reject; default a retryable network error. */
  failNext(count: number, error?: Error): void;
  /** Makes `connect` reject until called with false. */
  refuseConnections(refuse: boolean): void;
}

interface Timers {
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

function createBackend(timers: Timers) {
  let emitFn: Emit | undefined;
  let failures: Error[] = [];
  let refuse = false;
  const pending = new Set<unknown>();
  const set = timers.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
  const clear = timers.clearTimeout ?? ((h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>));
  const backend = {
    received: [] as OutboundMessage[],
    attempts: [] as OutboundMessage[],
    handoffs: [] as HandoffRequest[],
    cancels: [] as string[],
    ends: [] as string[],
    ratings: [] as MemoryBackend['ratings'],
    notes: [] as MemoryBackend['notes'],
    session: undefined as TransportSession | undefined,
    connected: false,
    connects: 0,
    emit(event: TransportEvent) {
      emitFn?.(event);
    },
    failNext(count: number, error?: Error) {
      failures = Array.from({ length: count }, () => error ?? new TransportError('network_error', 'Simulated network failure'));
    },
    refuseConnections(value: boolean) {
      refuse = value;
    },
  };
  return {
    backend,
    /** Throws the next planned failure, if any. */
    check() {
      const failure = failures.shift();
      if (failure) throw failure;
    },
    async connect(emit: Emit, session: TransportSession) {
      backend.connects++;
      if (refuse) throw new TransportError('connect_failed', 'Simulated: the backend refuses connections');
      emitFn = emit;
      backend.session = session;
      backend.connected = true;
    },
    later(fn: () => void, ms: number) {
      if (!backend.connected) return;
      const handle = set(() => {
        pending.delete(handle);
        if (backend.connected) fn();
      }, ms);
      pending.add(handle);
    },
    close() {
      backend.connected = false;
      emitFn = undefined;
      for (const h of pending) clear(h);
      pending.clear();
    },
    /** Records a message once per id; returns true the first time. */
    accept(message: OutboundMessage): boolean {
      if (backend.received.some((m) => m.id === message.id)) return false;
      backend.received.push(message);
      return true;
    },
  };
}

export interface MemoryBotOptions extends Timers {
  /** Answers a customer message; return nothing to stay silent. */
  reply?: (text: string, message: OutboundMessage) => ScriptedReply | ScriptedReply[] | undefined;
  /** Said once when the chat first connects. */
  greeting?: ScriptedReply;
  /** How long the bot "types" before answering, in ms. Default 0. */
  delayMs?: number;
  /** Streams replies word by word, as an LLM would. */
  stream?: boolean;
}

/**
 * An in-memory scripted bot for tests, demos and prototypes. It answers through
 * `reply`, can stream, and exposes `backend` to inspect and steer it.
 *
 * @example
 * const bot = createMemoryBot({
 *   greeting: 'Hi! Ask me about orders or refunds.',
 *   reply: (text) => /refund/i.test(text) ? 'Refunds take 5 days.' : { text: "Sorry, I didn't get that.", fallback: true },
 * })
 */
export function createMemoryBot(options: MemoryBotOptions = {}): Transport & { backend: MemoryBackend } {
  const core = createBackend(options);
  let counter = 0;
  let greeted = false;
  const delay = options.delayMs ?? 0;

  const say = (reply: ScriptedReply): void => {
    const r = typeof reply === 'string' ? { text: reply } : reply;
    const id = `bot_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
    if (options.stream) {
      const words = r.text.split(/(?<=\s)/);
      words.forEach((word, i) => {
        core.later(() => core.backend.emit({ type: 'delta', id, text: word, done: i === words.length - 1 }), i * 40);
      });
    } else {
      core.backend.emit({
        type: 'message',
        message: {
          id,
          text: r.text,
          time: Date.now(),
          ...(r.quickReplies ? { quickReplies: r.quickReplies } : {}),
          ...(r.fallback ? { fallback: true } : {}),
        },
      });
    }
    if (r.handoff) {
      core.backend.emit({ type: 'handoff-suggested', reason: typeof r.handoff === 'string' ? r.handoff : 'The bot asked for a person' });
    }
  };

  const answer = (replies: ScriptedReply[]): void => {
    if (!replies.length) return;
    if (delay > 0) {
      core.backend.emit({ type: 'typing', active: true });
      core.later(() => replies.forEach(say), delay);
    } else {
      replies.forEach(say);
    }
  };

  return {
    kind: 'memory-bot',
    backend: core.backend,
    async connect(emit, session) {
      await core.connect(emit, session);
      if (options.greeting && !greeted) {
        greeted = true;
        const greeting = options.greeting;
        core.later(() => say(greeting), 0);
      }
    },
    async send(message) {
      core.backend.attempts.push(message);
      core.check();
      if (!core.backend.connected) throw new TransportError('not_connected', 'The memory bot is not connected');
      if (!core.accept(message)) return;
      const out = options.reply?.(message.quickReply?.payload ?? message.text, message);
      answer(out === undefined ? [] : Array.isArray(out) ? out : [out]);
    },
    close: core.close,
  };
}

export interface MemoryHumanOptions extends Timers {
  /** What the desk answers to a handoff request. Default `{ status: 'queued', position: 1 }`. */
  receipt?: HandoffReceipt | ((request: HandoffRequest) => HandoffReceipt);
  /** When set, this person joins `joinAfterMs` after a request. */
  agent?: AgentInfo;
  joinAfterMs?: number;
  /** The agent's automatic answer to each customer message in the human phase. */
  reply?: (text: string) => string | undefined;
  /** Reported before the customer commits. Default: available. */
  availability?: Availability;
}

/**
 * An in-memory live-agent desk for tests and demos. By default it queues requests;
 * with `agent` it has that person join, and with `reply` the person answers.
 *
 * @example
 * const human = createMemoryHuman({ agent: { name: 'Alex', title: 'Support agent' }, joinAfterMs: 1500 })
 * human.backend.emit({ type: 'message', message: { id: 'a1', text: 'Hi, I am Alex.' } })
 */
export function createMemoryHuman(options: MemoryHumanOptions = {}): HumanTransport & { backend: MemoryBackend } {
  const core = createBackend(options);
  let counter = 0;
  const replyAs = (text: string): void => {
    core.backend.emit({ type: 'message', message: { id: `agent_${++counter}`, text, time: Date.now(), ...(options.agent ? { agent: options.agent } : {}) } });
  };
  const requireConnection = (): void => {
    core.check();
    if (!core.backend.connected) throw new TransportError('not_connected', 'The memory desk is not connected');
  };
  return {
    kind: 'memory-human',
    backend: core.backend,
    connect: core.connect,
    async send(message) {
      core.backend.attempts.push(message);
      requireConnection();
      if (!core.accept(message)) return;
      const text = options.reply?.(message.text);
      if (text && options.agent) {
        core.backend.emit({ type: 'typing', active: true, agent: options.agent });
        core.later(() => replyAs(text), 600);
      }
    },
    async handoff(request) {
      requireConnection();
      if (core.backend.handoffs.some((r) => r.id === request.id)) {
        return typeof options.receipt === 'function' ? options.receipt(request) : options.receipt ?? { status: 'queued', position: 1 };
      }
      core.backend.handoffs.push(request);
      const receipt = typeof options.receipt === 'function' ? options.receipt(request) : options.receipt ?? { status: 'queued', position: 1 };
      const agent = options.agent;
      if (agent && receipt.status !== 'unavailable') {
        core.later(() => {
          core.backend.emit({ type: 'agent-joined', agent });
          core.later(() => replyAs(`Hi, I'm ${agent.name}. I can see your conversation with the bot, so no need to repeat anything.`), 400);
        }, options.joinAfterMs ?? 1000);
      }
      return receipt;
    },
    async cancel(requestId) {
      requireConnection();
      if (!core.backend.cancels.includes(requestId)) core.backend.cancels.push(requestId);
    },
    async end(conversationId) {
      requireConnection();
      core.backend.ends.push(conversationId);
    },
    async rate(rating) {
      requireConnection();
      if (!core.backend.ratings.some((r) => r.id === rating.id)) core.backend.ratings.push(rating);
    },
    async leaveMessage(note) {
      requireConnection();
      if (!core.backend.notes.some((n) => n.id === note.id)) core.backend.notes.push(note);
    },
    async availability() {
      core.check();
      return options.availability ?? { available: true, etaSeconds: 120 };
    },
    close: core.close,
  };
}
