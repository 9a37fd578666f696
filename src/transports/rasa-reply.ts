import type { TransportEvent } from '../core/contract.js';
import { describeValue, toTransportError } from '../core/errors.js';
import { readInboundMessage, readTransportEvent } from './parse-event.js';
import { isRecord } from '../core/is-record.js';

/**
 * One entry of a Rasa REST channel answer, as Rasa's `CollectingOutputChannel` builds it:
 * only the keys that are set are present.
 *
 * @example { "recipient_id": "c_9f", "text": "How was it?", "buttons": [{ "title": "Great", "payload": "/mood_great" }] }
 */
export interface RasaReply {
  recipient_id?: string;
  text?: string;
  /** An image URL. */
  image?: string;
  buttons?: Array<{ title: string; payload?: string }>;
  /** A file URL (or a channel-specific object, which is not shown). */
  attachment?: unknown;
  /** The `json_message` of a custom action or a `custom:` response. */
  custom?: unknown;
}

type Raw = Record<string, unknown>;

/** An `error` event in the shape `readTransportEvent` reads, so it goes through validation like the rest. */
const problem = (code: string, message: string): Raw => ({ type: 'error', code, message });

/** Validates here, where the reply's place is known, so errors name `reply[i]`, not the event's index. */
function checked(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    const e = toTransportError(error, 'invalid_event');
    return problem(e.code, e.message);
  }
}

/** The default `custom` mapping: `{ handoff: true | "reason" | { reason?, context? } }` asks for a person. */
function handoffFromCustom(custom: unknown): unknown[] {
  if (!isRecord(custom)) return [];
  const handoff = custom.handoff;
  if (handoff === undefined || handoff === null || handoff === false) return [];
  const event: Raw = { type: 'handoff-suggested' };
  if (typeof handoff === 'string') event.reason = handoff;
  if (isRecord(handoff)) {
    if (handoff.reason !== undefined) event.reason = handoff.reason;
    if (handoff.context !== undefined) event.context = handoff.context;
  }
  return [event];
}

/**
 * Turns a Rasa REST answer into transport events, in order. Reply `i` to message `m`
 * gets the id `m_r<i>`, so an answer delivered twice is shown once. Every event is
 * validated; a bad reply becomes an `error` event naming it (`reply[2].image: …`).
 *
 * @example
 * rasaRepliesToEvents([{ text: 'Hi!' }, { image: 'https://cdn.example.com/a.png' }], 'msg_1')
 * // [{ type: 'message', message: { id: 'msg_1_r0', text: 'Hi!' } },
 * //  { type: 'message', message: { id: 'msg_1_r1', text: '', attachments: [{ kind: 'image', url: 'https://cdn.example.com/a.png' }] } }]
 */
export function rasaRepliesToEvents(
  replies: readonly unknown[],
  messageId: string,
  mapCustom?: (custom: unknown, reply: RasaReply) => TransportEvent | readonly TransportEvent[] | void,
): unknown[] {
  const out: unknown[] = [];
  replies.forEach((reply, index) => {
    const path = `reply[${index}]`;
    if (!isRecord(reply)) {
      out.push(problem('invalid_event', `${path}: expected a reply object, received ${describeValue(reply)}.`));
      return;
    }
    const message: Raw = { id: `${messageId}_r${index}`, text: reply.text ?? '' };
    const attachments: Raw[] = [];
    let shown = reply.text !== undefined && reply.text !== null;
    if (reply.buttons !== undefined && reply.buttons !== null) {
      // Validated later, entry by entry; only `title` and `payload` are kept.
      message.quickReplies = reply.buttons;
      shown = true;
    }
    if (reply.image !== undefined && reply.image !== null) {
      attachments.push({ kind: 'image', url: reply.image });
      shown = true;
    }
    if (reply.attachment !== undefined && reply.attachment !== null) {
      if (typeof reply.attachment === 'string') {
        attachments.push({ kind: 'file', url: reply.attachment });
        shown = true;
      } else {
        out.push(problem('unsupported', `${path}.attachment: only a file URL can be shown, received ${describeValue(reply.attachment)}; map it in mapCustom.`));
      }
    }
    if (attachments.length) message.attachments = attachments;
    if (shown) out.push(checked(() => ({ type: 'message', message: readInboundMessage(message, path) })));
    if (reply.custom === undefined || reply.custom === null) return;
    let mapped: unknown[];
    try {
      const result = mapCustom ? mapCustom(reply.custom, reply as RasaReply) : handoffFromCustom(reply.custom);
      mapped = result === undefined ? [] : Array.isArray(result) ? result : [result];
    } catch (error) {
      out.push(problem('map_failed', `${path}.custom: mapCustom failed: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    mapped.forEach((event, i) => out.push(checked(() => readTransportEvent(event, mapped.length > 1 ? `${path}.custom[${i}]` : `${path}.custom`))));
  });
  return out;
}
