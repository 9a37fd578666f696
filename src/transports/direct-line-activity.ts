import type { OutboundMessage, TransportSession } from '../core/contract.js';
import { describeValue, toTransportError } from '../core/errors.js';
import { readInboundMessage, readTransportEvent } from './parse-event.js';
import { isRecord } from '../core/is-record.js';

/*
 * Bot Framework activities (Bot Framework Activity schema v3, as carried by Direct Line
 * 3.0) to and from handoff-chat events. Backend data is untrusted: every event built here
 * is validated, and anything that cannot be shown becomes an `error` event naming it.
 */

type Raw = Record<string, unknown>;

/**
 * A Bot Framework card action (suggested actions, hero card buttons).
 *
 * @example { "type": "imBack", "title": "Track my order", "value": "track order" }
 */
export interface CardAction {
  type: string;
  title?: string;
  value?: unknown;
  text?: string;
  displayText?: string;
}

/**
 * The actions behind the quick replies shown so far, by `quickReplyKey`, so choosing one
 * sends what the bot expects.
 *
 * @example const actions: QuickReplyActions = new Map()
 */
export type QuickReplyActions = Map<string, CardAction>;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const problem = (code: string, message: string): Raw => ({ type: 'error', code, message });

/**
 * Key of a quick reply in `QuickReplyActions`.
 *
 * @example actions.get(quickReplyKey('Yes', '{"answer":"yes"}'))
 */
export function quickReplyKey(title: string, payload: string | undefined): string {
  return `${title}\u0000${payload ?? ''}`;
}

/** A card action as a quick reply; actions a chat button cannot perform (openUrl, call…) give `undefined`. */
function actionToQuickReply(action: unknown, actions: QuickReplyActions): Raw | undefined {
  if (!isRecord(action) || typeof action.type !== 'string') return undefined;
  const value = action.value;
  const valueText = typeof value === 'string' ? value : value === undefined || value === null ? undefined : JSON.stringify(value);
  let payload: string | undefined;
  switch (action.type) {
    case 'imBack':
    case 'postBack':
      payload = valueText;
      break;
    case 'messageBack':
      payload = str(action.text) ?? valueText;
      break;
    default:
      return undefined;
  }
  const title = str(action.title) ?? str(action.displayText) ?? payload;
  if (title === undefined) return undefined;
  actions.set(quickReplyKey(title, payload), {
    type: action.type,
    ...(value === undefined ? {} : { value }),
    ...(str(action.text) ? { text: action.text as string } : {}),
    ...(str(action.displayText) ? { displayText: action.displayText as string } : {}),
  });
  return payload === undefined ? { title } : { title, payload };
}

const HERO_CARDS = ['application/vnd.microsoft.card.hero', 'application/vnd.microsoft.card.thumbnail'];

/** What one attachment adds to the message: text lines, attachments, quick replies, or a problem. */
function readAttachment(attachment: unknown, path: string, actions: QuickReplyActions): { lines: string[]; files: Raw[]; replies: Raw[]; problems: Raw[] } {
  const out = { lines: [] as string[], files: [] as Raw[], replies: [] as Raw[], problems: [] as Raw[] };
  if (!isRecord(attachment) || typeof attachment.contentType !== 'string') {
    out.problems.push(problem('invalid_event', `${path}: expected an attachment with a contentType, received ${describeValue(attachment)}.`));
    return out;
  }
  const { contentType, contentUrl, content, name } = attachment;
  if (typeof contentUrl === 'string') {
    // Only https: a page served over https must not load mixed content, and data: URLs can be huge.
    if (!/^https:\/\//i.test(contentUrl)) {
      out.problems.push(problem('unsupported', `${path}.contentUrl: only https URLs are shown, received ${describeValue(contentUrl)}.`));
      return out;
    }
    const file: Raw = { kind: contentType.startsWith('image/') ? 'image' : 'file', url: contentUrl };
    if (str(name)) file.name = name;
    out.files.push(file);
    return out;
  }
  if (HERO_CARDS.includes(contentType) && isRecord(content)) {
    for (const key of ['title', 'subtitle', 'text'] as const) if (str(content[key])) out.lines.push(content[key] as string);
    for (const image of Array.isArray(content.images) ? content.images : []) {
      if (isRecord(image) && typeof image.url === 'string' && /^https:\/\//i.test(image.url)) {
        out.files.push({ kind: 'image', url: image.url, ...(str(image.alt) ? { alt: image.alt } : {}) });
      }
    }
    for (const button of Array.isArray(content.buttons) ? content.buttons : []) {
      const reply = actionToQuickReply(button, actions);
      if (reply) out.replies.push(reply);
    }
    return out;
  }
  // Adaptive Cards and others cannot be rendered here; their fallback text can.
  if (isRecord(content) && str(content.fallbackText)) {
    out.lines.push(content.fallbackText as string);
    return out;
  }
  out.problems.push(problem('unsupported', `${path}: attachments of type ${describeValue(contentType)} cannot be shown.`));
  return out;
}

function validated(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    const e = toTransportError(error, 'invalid_event');
    return problem(e.code, e.message);
  }
}

/**
 * Turns one activity the bot sent into events (unknown activity types give none): a
 * `message` with text, suggested actions as quick replies, https images and files, and
 * hero cards; `typing`; and the `handoff.initiate` event as a `handoff-suggested` event
 * carrying the bot's `handoffContext`. Returns validated events and `error` entries in the
 * shape `readTransportEvent` reads.
 *
 * @example
 * activityToEvents({ type: 'message', id: 'c1|0001', from: { id: 'bot' }, text: 'Hi',
 *   suggestedActions: { actions: [{ type: 'imBack', title: 'Orders', value: 'orders' }] } }, { userId: 'dl_1', actions: new Map() })
 * // [{ type: 'message', message: { id: 'c1|0001', text: 'Hi', quickReplies: [{ title: 'Orders', payload: 'orders' }] } }]
 */
export function activityToEvents(activity: Raw, context: { userId: string; actions: QuickReplyActions }): unknown[] {
  const id = str(activity.id) ?? '';
  const path = `activity ${describeValue(id || 'without id')}`;
  switch (activity.type) {
    case 'typing':
      return [{ type: 'typing', active: true }];
    case 'event': {
      if (activity.name !== 'handoff.initiate') return [];
      const value = activity.value;
      const reason = isRecord(value) && str(value.reason) ? value.reason : str(activity.text);
      const event: Raw = { type: 'handoff-suggested' };
      if (reason !== undefined) event.reason = reason;
      if (value !== undefined && value !== null) event.context = { handoffContext: value };
      return [validated(() => readTransportEvent(event, path))];
    }
    case 'message':
      break;
    default:
      return [];
  }
  const lines: string[] = str(activity.text) ? [activity.text as string] : [];
  const files: Raw[] = [];
  const replies: Raw[] = [];
  const out: unknown[] = [];
  (Array.isArray(activity.attachments) ? activity.attachments : []).forEach((attachment, i) => {
    const part = readAttachment(attachment, `${path}.attachments[${i}]`, context.actions);
    lines.push(...part.lines);
    files.push(...part.files);
    replies.push(...part.replies);
    out.push(...part.problems);
  });
  const suggested = activity.suggestedActions;
  // Suggested actions addressed to other recipients are not ours to show.
  if (isRecord(suggested) && (!Array.isArray(suggested.to) || suggested.to.length === 0 || suggested.to.includes(context.userId))) {
    for (const action of Array.isArray(suggested.actions) ? suggested.actions : []) {
      const reply = actionToQuickReply(action, context.actions);
      if (reply) replies.push(reply);
    }
  }
  if (lines.length === 0 && files.length === 0) return out; // e.g. an activity carrying only channel data
  const message: Raw = { id, text: lines.join('\n\n') };
  const time = typeof activity.timestamp === 'string' ? Date.parse(activity.timestamp) : Number.NaN;
  if (!Number.isNaN(time)) message.time = time;
  if (replies.length) message.quickReplies = replies;
  if (files.length) message.attachments = files;
  return [validated(() => ({ type: 'message', message: readInboundMessage(message, path) })), ...out];
}

/**
 * The activity a customer message is posted as. `channelData.clientActivityID` carries
 * the message id, so the echo Direct Line sends back is recognised. A chosen quick reply
 * is sent the way its card action asks: `imBack` as text, `postBack` with
 * `channelData.postBack`, `messageBack` with its `text`, `value` and `displayText`.
 *
 * @example
 * outgoingActivity({ id: 'msg_1', conversationId: 'c1', text: 'Hi', time: 0, attempt: 1 }, { conversationId: 'c1', locale: 'en' }, 'dl_c1', new Map())
 * // { type: 'message', from: { id: 'dl_c1' }, locale: 'en', text: 'Hi', channelData: { clientActivityID: 'msg_1' } }
 */
export function outgoingActivity(message: OutboundMessage, session: TransportSession, userId: string, actions: QuickReplyActions): Raw {
  const name = session.user?.name;
  const channelData: Raw = { clientActivityID: message.id };
  const activity: Raw = { type: 'message', from: name ? { id: userId, name } : { id: userId }, locale: session.locale, text: message.text, channelData };
  const chosen = message.quickReply;
  if (!chosen) return activity;
  const action = actions.get(quickReplyKey(chosen.title, chosen.payload));
  switch (action?.type) {
    case 'imBack':
      activity.text = typeof action.value === 'string' ? action.value : chosen.title;
      break;
    case 'postBack':
      channelData.postBack = true;
      if (typeof action.value === 'string') activity.text = action.value;
      else {
        delete activity.text;
        activity.value = action.value;
      }
      break;
    case 'messageBack':
      channelData.messageBack = { displayText: action.displayText ?? chosen.title };
      if (action.text === undefined) delete activity.text;
      else activity.text = action.text;
      if (action.value !== undefined) activity.value = action.value;
      break;
    default:
      // Not shown by this page (e.g. restored after a reload): the payload is what the bot expects.
      activity.text = chosen.payload ?? chosen.title;
  }
  return activity;
}
