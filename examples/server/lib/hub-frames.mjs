/**
 * Checks incoming frames of the handoff-chat protocol (docs/handoff-protocol.md)
 * and copies out only the fields the hub knows, so what it stores and relays to
 * agents is exactly what the schemas describe. Every refusal is a
 * `ProtocolError` naming the field (as a JSON Pointer) and what it should be.
 */

export const PROTOCOL_VERSION = 1;
export const MAX_FRAME_BYTES = 1024 * 1024;
const MAX_TEXT = 20_000;
const MAX_COMMENT = 2_000;

const TRIGGERS = new Set(['button', 'keyword', 'bot-failure', 'frustration', 'sensitive-topic', 'bot-request', 'low-confidence', 'no-bot', 'api']);
const AUTHORS = new Set(['customer', 'bot', 'agent', 'system']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A frame the hub refuses; becomes an `error` frame. */
export class ProtocolError extends Error {
  name = 'ProtocolError';
  /**
   * @param {string} code one of the error codes of the protocol
   * @param {string} message one sentence for people
   * @param {{ retryable?: boolean, path?: string, supported?: number[] }} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message);
    this.code = code;
    this.retryable = extra.retryable ?? false;
    if (extra.path !== undefined) this.path = extra.path;
    if (extra.supported) this.supported = extra.supported;
  }
}

/**
 * The `error` frame for an error thrown while handling a frame with `id`.
 *
 * @example
 * ws.send(JSON.stringify(errorFrame(new ProtocolError('bad_frame', '…'), 'msg_1')))
 */
export function errorFrame(error, id) {
  const known = error instanceof ProtocolError;
  const frame = {
    v: PROTOCOL_VERSION,
    type: 'error',
    code: known ? error.code : 'internal',
    message: known ? error.message : 'The hub failed to process the frame; send it again.',
    retryable: known ? error.retryable : true,
  };
  if (typeof id === 'string' && id && id.length <= 200) frame.id = id;
  if (known && error.path !== undefined) frame.path = error.path;
  if (known && error.supported) frame.supported = error.supported;
  return frame;
}

const bad = (path, expected) => new ProtocolError('bad_frame', `${path || 'The frame'} must be ${expected}.`, { path });

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

function object(value, path) {
  if (!isObject(value)) throw bad(path, 'an object');
  return value;
}

function string(obj, key, path, { optional = false, min = 0, max = 200, pattern, patternText } = {}) {
  const v = obj[key];
  const at = `${path}/${key}`;
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v.length < min || v.length > max) {
    throw bad(at, min > 0 ? `a string of ${min} to ${max} characters` : `a string of at most ${max} characters`);
  }
  if (pattern && !pattern.test(v)) throw bad(at, patternText);
  return v;
}

const id = (obj, key, path, optional = false) => string(obj, key, path, { optional, min: 1, max: 200 });

function integer(obj, key, path, { min, max, optional = false }) {
  const v = obj[key];
  if (v === undefined && optional) return undefined;
  if (!Number.isInteger(v) || v < min || (max !== undefined && v > max)) {
    throw bad(`${path}/${key}`, max === undefined ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`);
  }
  return v;
}

function boolean(obj, key, path) {
  if (typeof obj[key] !== 'boolean') throw bad(`${path}/${key}`, 'true or false');
  return obj[key];
}

const defined = (entries) => Object.fromEntries(entries.filter(([, v]) => v !== undefined));

function quickReply(value, path) {
  const qr = object(value, path);
  return defined([
    ['title', string(qr, 'title', path, { min: 1, max: 500 })],
    ['payload', string(qr, 'payload', path, { optional: true, max: 2000 })],
  ]);
}

function attachment(value, path) {
  const a = object(value, path);
  if (a.kind !== 'image' && a.kind !== 'file') throw bad(`${path}/kind`, '"image" or "file"');
  return defined([
    ['kind', a.kind],
    ['url', string(a, 'url', path, { min: 1, max: 4000 })],
    ['name', string(a, 'name', path, { optional: true, max: 500 })],
    ['alt', string(a, 'alt', path, { optional: true, max: 1000 })],
  ]);
}

/** A `ChatUser`; attribute values must be flat. */
export function chatUser(value, path) {
  const u = object(value, path);
  let attributes;
  if (u.attributes !== undefined) {
    attributes = {};
    for (const [k, v] of Object.entries(object(u.attributes, `${path}/attributes`))) {
      if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) throw bad(`${path}/attributes/${k}`, 'a string, number, boolean or null');
      attributes[k] = v;
    }
  }
  return defined([
    ['id', string(u, 'id', path, { optional: true })],
    ['name', string(u, 'name', path, { optional: true })],
    ['email', string(u, 'email', path, { optional: true, max: 320 })],
    ['attributes', attributes],
  ]);
}

function list(value, path, item, max = 5000) {
  if (!Array.isArray(value) || value.length > max) throw bad(path, `an array of at most ${max} items`);
  return value.map((v, i) => item(v, `${path}/${i}`));
}

function transcriptMessage(value, path) {
  const m = object(value, path);
  if (!AUTHORS.has(m.author)) throw bad(`${path}/author`, 'one of customer, bot, agent, system');
  if (m.status !== undefined && m.status !== 'sent' && m.status !== 'failed') throw bad(`${path}/status`, '"sent" or "failed"');
  if (m.fallback !== undefined && typeof m.fallback !== 'boolean') throw bad(`${path}/fallback`, 'true or false');
  if (m.confidence !== undefined && !(typeof m.confidence === 'number' && m.confidence >= 0 && m.confidence <= 1)) {
    throw bad(`${path}/confidence`, 'a number from 0 to 1');
  }
  return defined([
    ['id', id(m, 'id', path)],
    ['author', m.author],
    ['text', string(m, 'text', path, { max: MAX_TEXT })],
    ['time', string(m, 'time', path, { max: 40, pattern: ISO_TIME, patternText: 'an ISO 8601 time' })],
    ['status', m.status],
    ['quickReplies', m.quickReplies === undefined ? undefined : list(m.quickReplies, `${path}/quickReplies`, quickReply, 50)],
    ['chosenReply', m.chosenReply === undefined ? undefined : quickReply(m.chosenReply, `${path}/chosenReply`)],
    ['attachments', m.attachments === undefined ? undefined : list(m.attachments, `${path}/attachments`, attachment, 50)],
    ['intent', string(m, 'intent', path, { optional: true })],
    ['confidence', m.confidence],
    ['fallback', m.fallback],
    ['agentName', string(m, 'agentName', path, { optional: true })],
  ]);
}

function transcriptContext(value, path) {
  const c = object(value, path);
  if (!TRIGGERS.has(c.trigger)) throw bad(`${path}/trigger`, `one of ${[...TRIGGERS].join(', ')}`);
  let page;
  if (c.page !== undefined) {
    const p = object(c.page, `${path}/page`);
    page = defined([
      ['url', string(p, 'url', `${path}/page`, { optional: true, max: 4000 })],
      ['title', string(p, 'title', `${path}/page`, { optional: true, max: 1000 })],
      ['referrer', string(p, 'referrer', `${path}/page`, { optional: true, max: 4000 })],
    ]);
  }
  const s = object(c.summary, `${path}/summary`);
  const lastTurns = list(s.lastTurns, `${path}/summary/lastTurns`, (t, at) => {
    const turn = object(t, at);
    if (!AUTHORS.has(turn.author)) throw bad(`${at}/author`, 'one of customer, bot, agent, system');
    return { author: turn.author, text: string(turn, 'text', at, { max: 1000 }) };
  }, 50);
  let vitals;
  if (c.vitals !== undefined) {
    vitals = {};
    for (const [k, v] of Object.entries(object(c.vitals, `${path}/vitals`))) {
      if (typeof v !== 'number') throw bad(`${path}/vitals/${k}`, 'a number');
      vitals[k] = v;
    }
  }
  return defined([
    ['page', page],
    ['locale', string(c, 'locale', path, { min: 1, max: 100 })],
    ['timeZone', string(c, 'timeZone', path, { optional: true, max: 100 })],
    ['user', c.user === undefined ? undefined : chatUser(c.user, `${path}/user`)],
    ['trigger', c.trigger],
    ['reason', string(c, 'reason', path, { max: 1000 })],
    ['startedAt', string(c, 'startedAt', path, { max: 40, pattern: ISO_TIME, patternText: 'an ISO 8601 time' })],
    ['summary', defined([['firstRequest', string(s, 'firstRequest', `${path}/summary`, { optional: true, max: 1000 })], ['lastTurns', lastTurns]])],
    ['vitals', vitals],
    ['custom', c.custom === undefined ? undefined : object(c.custom, `${path}/custom`)],
    ['masked', c.masked === undefined ? undefined : list(c.masked, `${path}/masked`, (v, at) => {
      if (typeof v !== 'string') throw bad(at, 'a string');
      return v;
    }, 50)],
  ]);
}

/** A `TranscriptV1`, copied down to its known fields. */
export function transcript(value, path) {
  const t = object(value, path);
  if (t.version !== 1) throw bad(`${path}/version`, '1');
  return {
    version: 1,
    conversationId: id(t, 'conversationId', path),
    requestId: id(t, 'requestId', path),
    createdAt: string(t, 'createdAt', path, { max: 40, pattern: ISO_TIME, patternText: 'an ISO 8601 time' }),
    messages: list(t.messages, `${path}/messages`, transcriptMessage),
    context: transcriptContext(t.context, `${path}/context`),
  };
}

/** Checks `v` and `type` of any frame; returns the type. */
export function frameType(frame) {
  if (!isObject(frame)) throw bad('', 'a JSON object');
  if (frame.v !== PROTOCOL_VERSION) {
    throw new ProtocolError('unsupported_version', `This hub speaks version ${PROTOCOL_VERSION} of the protocol; the frame says ${JSON.stringify(frame.v)}.`, {
      path: '/v',
      supported: [PROTOCOL_VERSION],
    });
  }
  if (typeof frame.type !== 'string' || !frame.type) throw bad('/type', 'a non-empty string');
  return frame.type;
}

const unknownType = (type) => new ProtocolError('unknown_type', `"${type}" is not a frame type this hub knows.`, { path: '/type' });

/**
 * Checks a customer frame and returns its normalized copy.
 *
 * @example
 * customerFrame({ v: 1, type: 'ping' }) // { v: 1, type: 'ping' }
 */
export function customerFrame(frame) {
  const type = frameType(frame);
  const base = { v: PROTOCOL_VERSION, type };
  switch (type) {
    case 'hello':
      return defined([
        ...Object.entries(base),
        ['conversationId', id(frame, 'conversationId', '')],
        ['lastSeq', integer(frame, 'lastSeq', '', { min: 0 })],
        ['locale', string(frame, 'locale', '', { optional: true, min: 1, max: 100 })],
        ['user', frame.user === undefined ? undefined : chatUser(frame.user, '/user')],
      ]);
    case 'handoff': {
      const out = { ...base, id: id(frame, 'id', ''), conversationId: id(frame, 'conversationId', ''), transcript: transcript(frame.transcript, '/transcript') };
      if (out.transcript.requestId !== out.id) throw bad('/transcript/requestId', `the frame's id ("${out.id}")`);
      if (out.transcript.conversationId !== out.conversationId) throw bad('/transcript/conversationId', `the frame's conversationId ("${out.conversationId}")`);
      return out;
    }
    case 'message': {
      const text = string(frame, 'text', '', { min: 1, max: MAX_TEXT });
      return defined([
        ...Object.entries(base),
        ['id', id(frame, 'id', '')],
        ['conversationId', id(frame, 'conversationId', '')],
        ['text', text],
        ['time', integer(frame, 'time', '', { min: 0 })],
        ['quickReply', frame.quickReply === undefined ? undefined : quickReply(frame.quickReply, '/quickReply')],
      ]);
    }
    case 'typing':
      return { ...base, conversationId: id(frame, 'conversationId', ''), active: boolean(frame, 'active', '') };
    case 'cancel':
      return { ...base, id: id(frame, 'id', ''), conversationId: id(frame, 'conversationId', ''), requestId: id(frame, 'requestId', '') };
    case 'end':
      return defined([
        ...Object.entries(base),
        ['id', id(frame, 'id', '')],
        ['conversationId', id(frame, 'conversationId', '')],
        ['requestId', id(frame, 'requestId', '', true)],
      ]);
    case 'csat':
      return defined([
        ...Object.entries(base),
        ['id', id(frame, 'id', '')],
        ['conversationId', id(frame, 'conversationId', '')],
        ['score', integer(frame, 'score', '', { min: 1, max: 5 })],
        ['comment', string(frame, 'comment', '', { optional: true, max: MAX_COMMENT })],
      ]);
    case 'leave-message': {
      const out = defined([
        ...Object.entries(base),
        ['id', id(frame, 'id', '')],
        ['conversationId', id(frame, 'conversationId', '')],
        ['email', string(frame, 'email', '', { min: 3, max: 320, pattern: EMAIL, patternText: 'an e-mail address' })],
        ['name', string(frame, 'name', '', { optional: true })],
        ['message', string(frame, 'message', '', { min: 1, max: MAX_TEXT })],
        ['transcript', transcript(frame.transcript, '/transcript')],
      ]);
      return out;
    }
    case 'availability':
      return { ...base, id: id(frame, 'id', '') };
    case 'ping':
      return defined([...Object.entries(base), ['nonce', string(frame, 'nonce', '', { optional: true, max: 100 })]]);
    default:
      throw unknownType(type);
  }
}

/**
 * Checks a frame of the agent console and returns its normalized copy.
 *
 * @example
 * agentFrame({ v: 1, type: 'open', conversationId: 'cnv_1' })
 */
export function agentFrame(frame) {
  const type = frameType(frame);
  const base = { v: PROTOCOL_VERSION, type };
  switch (type) {
    case 'hello': {
      const a = object(frame.agent, '/agent');
      return {
        ...base,
        agent: defined([
          ['id', id(a, 'id', '/agent')],
          ['name', string(a, 'name', '/agent', { min: 1, max: 200 })],
          ['title', string(a, 'title', '/agent', { optional: true })],
        ]),
        available: boolean(frame, 'available', ''),
      };
    }
    case 'status':
      return { ...base, id: id(frame, 'id', ''), available: boolean(frame, 'available', '') };
    case 'open':
      return defined([
        ...Object.entries(base),
        ['conversationId', id(frame, 'conversationId', '')],
        ['requestId', id(frame, 'requestId', '', true)],
      ]);
    case 'accept':
      return { ...base, id: id(frame, 'id', ''), conversationId: id(frame, 'conversationId', ''), requestId: id(frame, 'requestId', '') };
    case 'message':
      return { ...base, id: id(frame, 'id', ''), conversationId: id(frame, 'conversationId', ''), text: string(frame, 'text', '', { min: 1, max: MAX_TEXT }) };
    case 'typing':
      return { ...base, conversationId: id(frame, 'conversationId', ''), active: boolean(frame, 'active', '') };
    case 'release':
      return { ...base, id: id(frame, 'id', ''), conversationId: id(frame, 'conversationId', '') };
    case 'hand-back':
    case 'end':
      return defined([
        ...Object.entries(base),
        ['id', id(frame, 'id', '')],
        ['conversationId', id(frame, 'conversationId', '')],
        ['reason', string(frame, 'reason', '', { optional: true, max: 1000 })],
      ]);
    case 'ping':
      return defined([...Object.entries(base), ['nonce', string(frame, 'nonce', '', { optional: true, max: 100 })]]);
    default:
      throw unknownType(type);
  }
}
