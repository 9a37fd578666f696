/**
 * Property-based tests of the code that reads backend data: arbitrary JSON (and
 * arbitrary text) never makes the validators throw anything but a TransportError,
 * never yields an event the core's types do not allow, never touches a prototype;
 * the SSE parser gives the same events however the stream is cut; and whatever the
 * validators let through, a chat takes without breaking its own invariants.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createChat } from '../../src/core/chat';
import type { TransportEvent } from '../../src/core/contract';
import { isTransportError, TransportError } from '../../src/core/errors';
import { emitValidated } from '../../src/transports/emit-validated';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';
import { readTransportEvent } from '../../src/transports/parse-event';
import { parseJson } from '../../src/transports/parse-json';
import { restResponseEvents } from '../../src/transports/rest-wire';
import { createSseParser, type SseEvent } from '../../src/transports/sse-parser';
import { decodeJsonFrame } from '../../src/transports/websocket-frames';

afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).filter((k) => k.startsWith('polluted'))).toEqual([]);
});

const TYPES = ['message', 'delta', 'typing', 'queue', 'availability', 'agent-joined', 'agent-left', 'unavailable', 'handed-back', 'ended', 'handoff-suggested', 'connection', 'error', 'script', ''];
const KEYS = [
  'type', 'message', 'id', 'text', 'time', 'quickReplies', 'attachments', 'agent', 'name', 'title', 'payload', 'url', 'kind', 'alt', 'avatarUrl',
  'active', 'position', 'etaSeconds', 'availability', 'available', 'reason', 'by', 'context', 'done', 'fallback', 'confidence', 'intent', 'code',
  '__PROTO__', 'constructor', 'prototype', 'polluted',
];
const STRINGS = ['', ' ', 'hi', 'https://ok.example/a.png', 'javascript:alert(1)', 'image', 'file', 'agent', 'customer', '<img src=x onerror=alert(1)>', '\ud800', 'a'.repeat(300)];
const NUMBERS = [0, 1, -1, 0.5, 1e300, -1e300, 7, 2 ** 53, 1.5];

const primitive = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, ...STRINGS, ...NUMBERS, ...TYPES),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** JSON-shaped values whose keys are the ones validators look at (plus prototype names). */
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitive,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 8 }),
  ),
}));

/** An event-like object: a known `type` and arbitrary fields, as a backend's JSON would be parsed. */
const eventLike = fc
  .tuple(fc.constantFrom(...TYPES), fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 }))
  .map(([type, fields]) => ({ ...fields, type }));

/** Events that are valid, or nearly: right shapes with hostile values, so every reader branch runs. */
const anyValue = fc.oneof(primitive, value);
const agentLike = fc.record({ name: fc.oneof(fc.constantFrom('Alex', ' ', '<b>x</b>'), anyValue), title: anyValue, avatarUrl: fc.constantFrom('https://cdn.example/a.png', 'javascript:x', 3) }, { requiredKeys: ['name'] });
const messageLike = fc.record(
  {
    id: fc.oneof(fc.constantFrom('m1', '__proto__', 'constructor', 7, '', null), anyValue),
    text: fc.oneof(fc.constantFrom(...STRINGS), anyValue),
    time: fc.constantFrom(0, 1e300, -1, Date.UTC(2026, 0, 1), '1'),
    quickReplies: fc.array(fc.record({ title: fc.constantFrom('Yes', '', '<script>', 5), payload: anyValue }, { requiredKeys: ['title'] }), { maxLength: 3 }),
    attachments: fc.array(fc.record({ kind: fc.constantFrom('image', 'file', 'exe'), url: fc.constantFrom('https://cdn.example/a.png', 'HTTP://x.example/a', 'javascript:x', 'data:image/png,x'), name: anyValue, alt: anyValue }, { requiredKeys: ['kind', 'url'] }), { maxLength: 3 }),
    agent: agentLike,
    confidence: fc.constantFrom(0.5, -1, 2, 'high'),
    fallback: fc.constantFrom(true, false, 'yes'),
    __PROTO__: fc.constant({ polluted: true }),
  },
  { requiredKeys: ['id', 'text'] },
);
const validMessage = fc.record({
  id: fc.constantFrom('m1', '__proto__', 'constructor', 7),
  text: fc.constantFrom('hi', '<script>alert(1)</script>', '[x](javascript:alert(1))', '\ud800'),
  quickReplies: fc.array(fc.record({ title: fc.constantFrom('Yes', '<b>No</b>') }), { maxLength: 2 }),
});
const nearValid = fc.oneof(
  messageLike.map((message) => ({ type: 'message', message })),
  validMessage.map((message) => ({ type: 'message', message })),
  fc.record({ type: fc.constant('delta'), id: fc.constantFrom('d1', '', 3), text: fc.oneof(fc.constantFrom(...STRINGS), anyValue), done: fc.constantFrom(true, false, 1) }, { requiredKeys: ['type', 'id', 'text'] }),
  fc.record({ type: fc.constant('typing'), active: fc.constantFrom(true, false, 'yes'), agent: agentLike }, { requiredKeys: ['type', 'active'] }),
  fc.record({ type: fc.constant('queue'), position: fc.constantFrom(1, 2.6, -1, '3'), etaSeconds: fc.constantFrom(30, -5, 1e300) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('availability'), availability: fc.record({ available: fc.constantFrom(true, false, 'no'), message: anyValue }, { requiredKeys: ['available'] }) }),
  fc.record({ type: fc.constantFrom('agent-joined', 'agent-left'), agent: agentLike }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constantFrom('unavailable', 'handed-back', 'ended'), reason: anyValue, by: fc.constantFrom('agent', 'bot', 'system') }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('handoff-suggested'), reason: anyValue, context: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('error'), message: anyValue, code: anyValue }, { requiredKeys: ['type'] }),
);

/** Goes through JSON text, so "__proto__" arrives as an own key, the way JSON.parse delivers it. */
const asParsedJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replaceAll('"__PROTO__"', '"__proto__"'));

const anyInput = fc.oneof(nearValid.map(asParsedJson), eventLike.map(asParsedJson), value.map(asParsedJson), fc.jsonValue());

/** Every object in the value has the ordinary prototype and no prototype-named own keys. */
function plain(v: unknown, path = 'event'): string[] {
  if (typeof v !== 'object' || v === null) return [];
  if (v instanceof TransportError) return [];
  const problems: string[] = [];
  if (Array.isArray(v)) v.forEach((item, i) => problems.push(...plain(item, `${path}[${i}]`)));
  else {
    if (Object.getPrototypeOf(v) !== Object.prototype) problems.push(`${path} has another prototype`);
    for (const [k, item] of Object.entries(v)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') problems.push(`${path}.${k}`);
      problems.push(...plain(item, `${path}.${k}`));
    }
  }
  return problems;
}

const str = (v: unknown): boolean => typeof v === 'string';
const opt = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);
const num = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const only = (o: object, keys: string[]): boolean => Object.keys(o).every((k) => keys.includes(k));
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAgent = (a: unknown): boolean =>
  isRecord(a) && only(a, ['name', 'id', 'title', 'avatarUrl']) && str(a.name) && (a.name as string).trim() !== '' && opt(a.id, str) && opt(a.title, str) && opt(a.avatarUrl, (u) => str(u) && /^https?:\/\//i.test(u as string));

/** An independent statement of what the core may receive (src/core/contract.ts). */
function isValidEvent(e: unknown): boolean {
  if (!isRecord(e)) return false;
  switch (e.type) {
    case 'message': {
      const m = e.message;
      if (!isRecord(m) || !only(e, ['type', 'message'])) return false;
      const replies = m.quickReplies;
      const attachments = m.attachments;
      return (
        only(m, ['id', 'text', 'time', 'quickReplies', 'attachments', 'intent', 'confidence', 'fallback', 'agent']) &&
        str(m.id) && m.id !== '' && str(m.text) &&
        ((m.text as string).trim() !== '' || (Array.isArray(attachments) && attachments.length > 0)) &&
        opt(m.time, num) && opt(m.intent, str) && opt(m.confidence, num) && opt(m.fallback, (f) => f === true) && opt(m.agent, isAgent) &&
        opt(replies, (r) => Array.isArray(r) && r.every((q) => isRecord(q) && only(q, ['title', 'payload']) && str(q.title) && (q.title as string).trim() !== '' && opt(q.payload, str))) &&
        opt(attachments, (a) => Array.isArray(a) && a.every((x) => isRecord(x) && only(x, ['kind', 'url', 'name', 'alt']) && (x.kind === 'image' || x.kind === 'file') && str(x.url) && /^https?:\/\//i.test(x.url as string) && opt(x.name, str) && opt(x.alt, str)))
      );
    }
    case 'delta':
      return only(e, ['type', 'id', 'text', 'done']) && str(e.id) && e.id !== '' && str(e.text) && opt(e.done, (d) => d === true);
    case 'typing':
      return only(e, ['type', 'active', 'agent']) && typeof e.active === 'boolean' && opt(e.agent, isAgent);
    case 'queue':
      return only(e, ['type', 'position', 'etaSeconds']) && opt(e.position, (p) => num(p) && Number.isInteger(p)) && opt(e.etaSeconds, num);
    case 'availability': {
      const a = e.availability;
      return only(e, ['type', 'availability']) && isRecord(a) && only(a, ['available', 'etaSeconds', 'message']) && typeof a.available === 'boolean' && opt(a.etaSeconds, num) && opt(a.message, str);
    }
    case 'agent-joined':
      return only(e, ['type', 'agent']) && isAgent(e.agent);
    case 'agent-left':
      return only(e, ['type', 'agent']) && opt(e.agent, isAgent);
    case 'unavailable':
    case 'handed-back':
      return only(e, ['type', 'reason']) && opt(e.reason, str);
    case 'ended':
      return only(e, ['type', 'by', 'reason']) && opt(e.by, (b) => b === 'agent' || b === 'customer' || b === 'system') && opt(e.reason, str);
    case 'handoff-suggested':
      return only(e, ['type', 'reason', 'context']) && opt(e.reason, str) && opt(e.context, isRecord);
    case 'error':
      return only(e, ['type', 'error']) && isTransportError(e.error);
    default:
      // `connection` is the transport's own business: a backend can never send it.
      return false;
  }
}

/** Calls `fn`; anything thrown must be a TransportError with a code and a message. */
function onlyTransportErrors<T>(fn: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    expect(isTransportError(error), `threw ${String(error)}`).toBe(true);
    expect((error as TransportError).code).toMatch(/^[a-z_]+$/);
    expect((error as TransportError).message.length).toBeGreaterThan(0);
    return { ok: false };
  }
}

describe('readTransportEvent, for arbitrary JSON', () => {
  it('returns an event the core accepts, or throws a TransportError; nothing else', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const result = onlyTransportErrors(() => readTransportEvent(input, 'event'));
        if (result.ok) {
          expect(isValidEvent(result.value), JSON.stringify(result.value)).toBe(true);
          expect(plain(result.value)).toEqual([]);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts the events it should, of every type (the property above is not vacuous)', () => {
    const accepted = new Map<string, number>();
    fc.assert(
      fc.property(nearValid.map(asParsedJson), (input) => {
        const result = onlyTransportErrors(() => readTransportEvent(input, 'event'));
        if (result.ok) accepted.set(result.value.type, (accepted.get(result.value.type) ?? 0) + 1);
      }),
      { numRuns: 3000 },
    );
    for (const type of TYPES.filter((t) => t && t !== 'connection' && t !== 'script')) expect(accepted.get(type), type).toBeGreaterThan(5);
  });
});

describe('the wire readers, for arbitrary input', () => {
  it('restResponseEvents: an array or a TransportError', () => {
    fc.assert(
      fc.property(fc.oneof(value.map(asParsedJson), fc.jsonValue(), fc.constant(undefined)), (body) => {
        const result = onlyTransportErrors(() => restResponseEvents(body));
        if (result.ok) expect(Array.isArray(result.value)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('parseJson and decodeJsonFrame: a value or a TransportError, for any text or data', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.jsonValue().map((v) => JSON.stringify(v)).chain((t) => fc.integer({ min: 0, max: t.length }).map((n) => t.slice(0, n))),
    );
    fc.assert(
      fc.property(text, fc.oneof(text, fc.uint8Array({ maxLength: 8 }), fc.integer()), (t, data) => {
        onlyTransportErrors(() => parseJson(t, 'the backend'));
        onlyTransportErrors(() => decodeJsonFrame(data));
        const parsed = onlyTransportErrors(() => parseJson(t.replaceAll('"a"', '"__proto__"'), 'the backend'));
        if (parsed.ok) expect(plain(parsed.value).filter((p) => p.endsWith('__proto__'))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('emitValidated never throws and emits only valid events or TransportError errors, in order', () => {
    fc.assert(
      fc.property(fc.array(anyInput, { maxLength: 8 }), (list) => {
        const out: TransportEvent[] = [];
        emitValidated(list, (e) => out.push(e), 'response');
        expect(out).toHaveLength(list.length);
        for (const e of out) expect(e.type === 'error' ? isTransportError(e.error) : isValidEvent(e)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the SSE parser', () => {
  const field = fc.constantFrom('data', 'id', 'event', 'retry', '', ':', 'dat', 'data ', 'id\u0000');
  const line = fc.tuple(field, fc.constantFrom(':', ': ', ''), fc.string({ unit: 'binary', maxLength: 10 }).map((s) => s.replace(/[\r\n]/g, ' '))).map(([f, sep, v]) => `${f}${sep}${v}`);
  const newline = fc.constantFrom('\n', '\r', '\r\n');
  const stream = fc.array(fc.tuple(line, newline, fc.boolean()), { maxLength: 20 }).map((lines) => lines.map(([l, nl, blank]) => `${l}${nl}${blank ? nl : ''}`).join(''));

  it('gives the same events however the stream is cut into pieces', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 10 }), (text, rawCuts) => {
        const whole: SseEvent[] = [];
        createSseParser({ onEvent: (e) => whole.push(e) }).feed(text);
        const pieces: SseEvent[] = [];
        const parser = createSseParser({ onEvent: (e) => pieces.push(e) });
        const cuts = [...new Set(rawCuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        let at = 0;
        for (const cut of [...cuts, text.length]) {
          parser.feed(text.slice(at, cut));
          at = cut;
        }
        expect(pieces).toEqual(whole);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the SSE parser with an event size limit', () => {
  it('delivers every event within the limit intact and reports every other, however the stream is cut', () => {
    const event = fc.tuple(fc.nat({ max: 60 }), fc.nat({ max: 3 })).map(([size, lines]) => Array.from({ length: lines + 1 }, (_, i) => `${i}${'d'.repeat(size)}`));
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 8 }), fc.integer({ min: 8, max: 120 }), fc.array(fc.nat(), { maxLength: 12 }), (events, max, rawCuts) => {
        const text = events.map((lines) => `${lines.map((l) => `data: ${l}`).join('\n')}\n\n`).join('');
        const got: string[] = [];
        let overflows = 0;
        const parser = createSseParser({ onEvent: (e) => got.push(e.data), onOverflow: () => overflows++ }, '', max);
        const cuts = [...new Set(rawCuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        let at = 0;
        for (const cut of [...cuts, text.length]) {
          parser.feed(text.slice(at, cut));
          at = cut;
        }
        const sent = events.map((lines) => lines.join('\n'));
        // Nothing over the limit gets through, each event is delivered whole or reported, in order.
        for (const data of got) expect(data.length).toBeLessThanOrEqual(max);
        expect(got.length + overflows).toBe(events.length);
        expect(sent.filter((d) => got.includes(d))).toEqual(got);
        for (const d of sent) if (d.length + 1 < max - 8) expect(got).toContain(d);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('a chat fed whatever the validators let through', () => {
  it('keeps its invariants and its path to a person', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('bot', 'human'), anyInput), { maxLength: 12 }), async (inputs) => {
        const bot = createMemoryBot();
        const human = createMemoryHuman();
        const chat = createChat({ bot, human, locale: 'en', retry: { baseMs: 1, maxMs: 2 } });
        chat.on('error', () => undefined);
        chat.open();
        await Promise.resolve();
        for (const [lane, input] of inputs) {
          const backend = lane === 'bot' ? bot.backend : human.backend;
          emitValidated([input], (e) => backend.emit(e), 'event');
          const s = chat.state;
          expect(['bot', 'waiting', 'human', 'ended']).toContain(s.phase);
          expect(new Set(s.messages.map((m) => m.id)).size).toBe(s.messages.length);
          for (const m of s.messages) {
            expect(typeof m.text).toBe('string');
            expect(['customer', 'bot', 'agent', 'system']).toContain(m.author);
            expect(Number.isFinite(new Date(m.time).getTime())).toBe(true);
          }
          expect(() => JSON.stringify(s)).not.toThrow();
        }
        if (chat.state.phase === 'bot' || chat.state.phase === 'ended') expect(chat.requestHuman().status).toBe('requesting');
        chat.destroy();
      }),
      { numRuns: 300 },
    );
  });
});
