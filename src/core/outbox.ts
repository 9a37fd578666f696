import { backoffDelay, type BackoffOptions } from './backoff.js';
import type { ChatEnvironment, KeyValueStorage } from './environment.js';
import { toTransportError, type TransportError } from './errors.js';
import { readJson } from './safe-storage.js';
import { isRecord } from './is-record.js';

/** Which backend an entry goes to. Each lane delivers one entry at a time, in order. */
export type Lane = 'bot' | 'human';

/** What an entry carries. */
export type OutboxKind = 'message' | 'handoff' | 'cancel' | 'end' | 'rating' | 'offline';

/** Something that must reach a backend exactly once, kept until the backend accepts it. */
export interface OutboxEntry {
  /** Client id; sent with every attempt so the backend can drop duplicates. */
  id: string;
  lane: Lane;
  kind: OutboxKind;
  /** JSON-serialisable content, specific to `kind`. */
  payload: unknown;
  /** Failed attempts so far. */
  attempts: number;
  createdAt: number;
}

export interface OutboxOptions {
  storage: KeyValueStorage;
  /** Storage key the entries are kept under. */
  key: string;
  env: ChatEnvironment;
  backoff?: BackoffOptions;
  /** Performs one delivery attempt; resolves when the backend accepted it. */
  deliver(entry: OutboxEntry): Promise<unknown>;
  onDelivered(entry: OutboxEntry, result: unknown): void;
  /** `retryInMs` is null when the entry was dropped because retrying cannot help. */
  onFailed(entry: OutboxEntry, error: TransportError, retryInMs: number | null): void;
  /** What is written to storage for an entry (e.g. with sensitive data masked); identity by default. */
  serialize?(entry: OutboxEntry): OutboxEntry;
}

/**
 * A persistent, per-lane FIFO with retries. It survives reloads (entries are written
 * to storage on every change), delivers one entry per lane at a time so order is
 * kept, and retries failures with capped exponential backoff, honouring a backend's
 * `Retry-After`, until the backend accepts or says retrying cannot help.
 */
export interface Outbox {
  add(entry: Pick<OutboxEntry, 'id' | 'lane' | 'kind' | 'payload'>): void;
  /** Forgets an entry. An attempt already under way finishes, but its result is ignored. */
  remove(id: string): boolean;
  has(id: string): boolean;
  /** True while an attempt for this entry is under way. */
  inFlight(id: string): boolean;
  list(lane?: Lane): readonly OutboxEntry[];
  /** Retries waiting entries now (e.g. the browser came back online). */
  flush(): void;
  /** Writes the entries to storage again (e.g. after storage was switched). */
  save(): void;
  /** Stops every timer; entries stay stored. */
  stop(): void;
}

const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/** Whether a stored entry's payload has what its kind needs; a broken one would block its lane forever. */
function hasValidPayload(kind: string, p: unknown): boolean {
  if (!isRecord(p)) return false;
  switch (kind) {
    case 'message':
      return typeof p.id === 'string' && typeof p.text === 'string' && typeof p.time === 'number';
    case 'handoff':
      return isRecord(p.request) && typeof p.request.id === 'string' && isRecord(p.request.transcript) && Array.isArray(p.carried);
    case 'cancel':
      return typeof p.requestId === 'string';
    case 'rating':
      return typeof p.score === 'number';
    case 'offline':
      return typeof p.email === 'string' && typeof p.message === 'string' && isRecord(p.transcript);
    default:
      return true;
  }
}

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.id === 'string' &&
    (e.lane === 'bot' || e.lane === 'human') &&
    ['message', 'handoff', 'cancel', 'end', 'rating', 'offline'].includes(e.kind as string) &&
    typeof e.attempts === 'number' &&
    typeof e.createdAt === 'number' &&
    hasValidPayload(e.kind as string, e.payload)
  );
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { storage, key, env } = options;
  const stored = readJson(storage, key);
  let entries: OutboxEntry[] = Array.isArray(stored) ? stored.filter(isEntry) : [];
  const busy = new Map<Lane, string>();
  const timers = new Map<Lane, unknown>();
  let stopped = false;

  const persist = (): void => {
    if (entries.length === 0) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(options.serialize ? entries.map(options.serialize) : entries));
  };

  const clearTimer = (lane: Lane): void => {
    if (timers.has(lane)) {
      env.clearTimeout(timers.get(lane));
      timers.delete(lane);
    }
  };

  const pump = (lane: Lane): void => {
    if (stopped || busy.has(lane) || timers.has(lane)) return;
    const entry = entries.find((e) => e.lane === lane);
    if (!entry) return;
    busy.set(lane, entry.id);
    let attempt: Promise<unknown>;
    try {
      attempt = Promise.resolve(options.deliver(entry));
    } catch (error) {
      attempt = Promise.reject(error);
    }
    attempt.then(
      (result) => {
        busy.delete(lane);
        if (stopped) return;
        const index = entries.findIndex((e) => e.id === entry.id);
        try {
          if (index !== -1) {
            entries.splice(index, 1);
            persist();
            options.onDelivered(entry, result);
          }
        } finally {
          // Whatever the callback did, the next entry still goes.
          pump(lane);
        }
      },
      (raw: unknown) => {
        busy.delete(lane);
        if (stopped) return;
        const current = entries.find((e) => e.id === entry.id);
        if (!current) return pump(lane);
        const error = toTransportError(raw);
        current.attempts += 1;
        if (!error.retryable) {
          entries = entries.filter((e) => e.id !== entry.id);
          persist();
          try {
            options.onFailed(current, error, null);
          } finally {
            pump(lane);
          }
          return;
        }
        persist();
        // A wait longer than a timer can hold would fire at once; an hour is the longest we wait.
        const asked = Math.min(error.retryAfterMs ?? 0, MAX_RETRY_DELAY_MS);
        const delay = Math.max(asked, backoffDelay(current.attempts, env.random, options.backoff));
        try {
          options.onFailed(current, error, delay);
        } catch {
          // The retry below matters more than a failing callback.
        }
        timers.set(
          lane,
          env.setTimeout(() => {
            timers.delete(lane);
            pump(lane);
          }, delay),
        );
      },
    );
  };

  const pumpAll = (): void => {
    pump('bot');
    pump('human');
  };

  // Entries restored from storage start on the next tick, once the chat is wired up.
  if (entries.length > 0) env.setTimeout(pumpAll, 0);

  return {
    add(input) {
      if (entries.some((e) => e.id === input.id)) return;
      entries.push({ ...input, attempts: 0, createdAt: env.now() });
      persist();
      pump(input.lane);
    },
    remove(id) {
      const before = entries.length;
      entries = entries.filter((e) => e.id !== id);
      if (entries.length === before) return false;
      persist();
      return true;
    },
    has: (id) => entries.some((e) => e.id === id),
    inFlight: (id) => busy.get('bot') === id || busy.get('human') === id,
    list: (lane) => (lane ? entries.filter((e) => e.lane === lane) : entries.slice()),
    save: persist,
    flush() {
      clearTimer('bot');
      clearTimer('human');
      pumpAll();
    },
    stop() {
      stopped = true;
      clearTimer('bot');
      clearTimer('human');
    },
  };
}
