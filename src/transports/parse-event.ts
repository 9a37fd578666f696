import type { InboundMessage, TransportEvent } from '../core/contract.js';
import { TransportError, describeValue } from '../core/errors.js';
import type { AgentInfo, Attachment, Availability, QuickReply } from '../core/types.js';
import { isRecord } from '../core/is-record.js';

/*
 * Backend data is untrusted. Each reader below builds a fresh object from the fields
 * it knows, so extra fields, prototype tricks and wrong types never reach the chat.
 * A bad value throws an `invalid_event` TransportError naming its path, e.g.
 * `events[2].message.text: expected a string, received 42`.
 */

type Json = Record<string, unknown>;

/** Keys that could tamper with prototypes when an object is copied. */
const UNSAFE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

function fail(path: string, expected: string, received: unknown): never {
  throw new TransportError('invalid_event', `${path}: expected ${expected}, received ${describeValue(received)}.`, {
    retryable: false,
  });
}

function record(value: unknown, path: string): Json {
  if (!isRecord(value)) fail(path, 'an object', value);
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string', value);
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, path);
}

function optionalNumber(value: unknown, path: string, min = -Infinity): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) fail(path, `a number ≥ ${min}`, value);
  return value;
}

function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(path, 'true or false', value);
  return value;
}

/** Ids may come as numbers from some backends; they are used as strings. */
function id(value: unknown, path: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value === '') fail(path, 'a non-empty string id', value);
  return value;
}

function httpUrl(value: unknown, path: string): string {
  const url = string(value, path);
  if (!/^https?:\/\//i.test(url)) fail(path, 'an http(s) URL', url);
  return url;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array', value);
  return value;
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(path, allowed.map((a) => `"${a}"`).join(' or '), value);
  return value as T;
}

/** Copies JSON data, dropping keys that could tamper with prototypes. */
function plainCopy(value: unknown, depth = 0): unknown {
  if (depth > 20) return undefined;
  if (Array.isArray(value)) return value.map((v) => plainCopy(v, depth + 1));
  if (isRecord(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) if (!UNSAFE_KEYS.includes(k)) out[k] = plainCopy(v, depth + 1);
    return out;
  }
  return value;
}

function readQuickReply(value: unknown, path: string): QuickReply {
  const v = record(value, path);
  const title = string(v.title, `${path}.title`);
  if (!title.trim()) fail(`${path}.title`, 'a non-empty string', title);
  const out: QuickReply = { title };
  const payload = optionalString(v.payload, `${path}.payload`);
  if (payload !== undefined) out.payload = payload;
  return out;
}

function readAttachment(value: unknown, path: string): Attachment {
  const v = record(value, path);
  const out: Attachment = { kind: oneOf(v.kind, `${path}.kind`, ['image', 'file'] as const), url: httpUrl(v.url, `${path}.url`) };
  const name = optionalString(v.name, `${path}.name`);
  const alt = optionalString(v.alt, `${path}.alt`);
  if (name !== undefined) out.name = name;
  if (alt !== undefined) out.alt = alt;
  return out;
}

/**
 * Reads an `AgentInfo`; only `name` is required.
 *
 * @example readAgent({ name: 'Alex', avatarUrl: 'https://cdn.example.com/a.png' }, 'agent')
 */
export function readAgent(value: unknown, path: string): AgentInfo {
  const v = record(value, path);
  const name = string(v.name, `${path}.name`);
  if (!name.trim()) fail(`${path}.name`, 'a non-empty string', name);
  const out: AgentInfo = { name };
  if (v.id !== undefined && v.id !== null) out.id = id(v.id, `${path}.id`);
  const title = optionalString(v.title, `${path}.title`);
  if (title !== undefined) out.title = title;
  if (v.avatarUrl !== undefined && v.avatarUrl !== null) out.avatarUrl = httpUrl(v.avatarUrl, `${path}.avatarUrl`);
  return out;
}

/**
 * Reads an `InboundMessage`. A message with neither text nor attachments is refused
 * (code `blank_message`): it would show as an empty bubble.
 *
 * @example
 * readInboundMessage({ id: 7, text: 'Hi', extra: true }, 'reply') // { id: '7', text: 'Hi' }
 * readInboundMessage({ id: 'a', text: ' ' }, 'reply') // throws TransportError blank_message
 */
export function readInboundMessage(value: unknown, path: string): InboundMessage {
  const v = record(value, path);
  const out: InboundMessage = { id: id(v.id, `${path}.id`), text: v.text === undefined || v.text === null ? '' : string(v.text, `${path}.text`) };
  const time = optionalNumber(v.time, `${path}.time`, 0);
  if (time !== undefined) out.time = time;
  if (v.quickReplies !== undefined && v.quickReplies !== null) {
    out.quickReplies = array(v.quickReplies, `${path}.quickReplies`).map((q, i) => readQuickReply(q, `${path}.quickReplies[${i}]`));
  }
  if (v.attachments !== undefined && v.attachments !== null) {
    out.attachments = array(v.attachments, `${path}.attachments`).map((a, i) => readAttachment(a, `${path}.attachments[${i}]`));
  }
  const intent = optionalString(v.intent, `${path}.intent`);
  if (intent !== undefined) out.intent = intent;
  const confidence = optionalNumber(v.confidence, `${path}.confidence`, 0);
  if (confidence !== undefined) out.confidence = confidence;
  if (optionalBoolean(v.fallback, `${path}.fallback`)) out.fallback = true;
  if (v.agent !== undefined && v.agent !== null) out.agent = readAgent(v.agent, `${path}.agent`);
  if (!out.text.trim() && !out.attachments?.length) {
    throw new TransportError('blank_message', `${path}: message "${out.id}" has no text and no attachments, so it was not shown.`, {
      retryable: false,
    });
  }
  return out;
}

/**
 * Reads an `Availability` as a desk reports it.
 *
 * @example readAvailability({ available: false, message: 'Back at 9:00' }, 'availability')
 */
export function readAvailability(value: unknown, path: string): Availability {
  const v = record(value, path);
  const available = optionalBoolean(v.available, `${path}.available`);
  if (available === undefined) fail(`${path}.available`, 'true or false', v.available);
  const out: Availability = { available };
  const eta = optionalNumber(v.etaSeconds, `${path}.etaSeconds`, 0);
  if (eta !== undefined) out.etaSeconds = eta;
  const message = optionalString(v.message, `${path}.message`);
  if (message !== undefined) out.message = message;
  return out;
}

function reasonOf(v: Json, path: string): { reason?: string } {
  const reason = optionalString(v.reason, `${path}.reason`);
  return reason === undefined ? {} : { reason };
}

/**
 * Reads one `TransportEvent` a backend sent. `connection` events are the transport's
 * own business and are refused from a backend; a backend `error` event
 * (`{ type: 'error', message, code? }`) becomes a `TransportError`.
 *
 * @example
 * readTransportEvent({ type: 'typing', active: true }, 'events[0]') // { type: 'typing', active: true }
 */
export function readTransportEvent(value: unknown, path: string): TransportEvent {
  const v = record(value, path);
  const type = string(v.type, `${path}.type`);
  switch (type) {
    case 'message':
      return { type, message: readInboundMessage(v.message, `${path}.message`) };
    case 'delta': {
      const event: TransportEvent = { type, id: id(v.id, `${path}.id`), text: string(v.text, `${path}.text`) };
      if (optionalBoolean(v.done, `${path}.done`)) event.done = true;
      return event;
    }
    case 'typing': {
      const active = optionalBoolean(v.active, `${path}.active`);
      if (active === undefined) fail(`${path}.active`, 'true or false', v.active);
      const event: TransportEvent = { type, active };
      if (v.agent !== undefined && v.agent !== null) event.agent = readAgent(v.agent, `${path}.agent`);
      return event;
    }
    case 'queue': {
      const event: TransportEvent = { type };
      const position = optionalNumber(v.position, `${path}.position`, 0);
      const eta = optionalNumber(v.etaSeconds, `${path}.etaSeconds`, 0);
      if (position !== undefined) event.position = Math.round(position);
      if (eta !== undefined) event.etaSeconds = eta;
      return event;
    }
    case 'availability':
      return { type, availability: readAvailability(v.availability, `${path}.availability`) };
    case 'agent-joined':
      return { type, agent: readAgent(v.agent, `${path}.agent`) };
    case 'agent-left': {
      const event: TransportEvent = { type };
      if (v.agent !== undefined && v.agent !== null) event.agent = readAgent(v.agent, `${path}.agent`);
      return event;
    }
    case 'unavailable':
    case 'handed-back':
      return { type, ...reasonOf(v, path) };
    case 'ended': {
      const event: Extract<TransportEvent, { type: 'ended' }> = { type, ...reasonOf(v, path) };
      if (v.by !== undefined && v.by !== null) event.by = oneOf(v.by, `${path}.by`, ['agent', 'customer', 'system'] as const);
      return event;
    }
    case 'handoff-suggested': {
      const event: Extract<TransportEvent, { type: 'handoff-suggested' }> = { type, ...reasonOf(v, path) };
      if (v.context !== undefined && v.context !== null) event.context = plainCopy(record(v.context, `${path}.context`)) as Json;
      return event;
    }
    case 'error': {
      const message = optionalString(v.message, `${path}.message`) ?? 'The backend reported an error.';
      const code = optionalString(v.code, `${path}.code`) ?? 'backend_error';
      return { type, error: new TransportError(code, message, { retryable: false }) };
    }
    default:
      throw new TransportError('invalid_event', `${path}.type: unknown event type ${describeValue(type)}.`, { retryable: false });
  }
}
