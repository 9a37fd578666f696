import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createChat } from '../../src/core/chat';
import { createRedactor } from '../../src/core/masking';
import { buildTranscript, type TranscriptInput } from '../../src/core/transcript';
import type { TranscriptContext, TranscriptMessage, TranscriptV1 } from '../../src/core/transcript-types';
import type { Attachment, ChatUser, HandoffTrigger, Message, QuickReply } from '../../src/core/types';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const schema = JSON.parse(readFileSync(new URL('../../schema/transcript-v1.schema.json', import.meta.url), 'utf8')) as Schema;

// ---------------------------------------------------------------------------------------
// A small JSON Schema validator for exactly the keywords the transcript schema uses. It
// refuses any other keyword, so the schema cannot quietly grow a rule nobody checks.

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description']);
const ASSERTIONS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'minimum', 'maximum', 'pattern', '$ref', '$defs']);

function isPlainObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolve(ref: string): Schema {
  if (!ref.startsWith('#')) throw new Error(`only local $ref is supported, got ${ref}`);
  let node: Json = schema;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isPlainObject(node) || !(key in node)) throw new Error(`$ref ${ref} does not resolve`);
    node = node[key] as Json;
  }
  if (!isPlainObject(node)) throw new Error(`$ref ${ref} is not a schema`);
  return node;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    default:
      throw new Error(`unknown type ${type}`);
  }
}

function validate(node: Schema, value: unknown, path = ''): string[] {
  for (const key of Object.keys(node)) {
    if (!ANNOTATIONS.has(key) && !ASSERTIONS.has(key)) throw new Error(`the test validator does not know "${key}" (at ${path || '/'})`);
  }
  const errors: string[] = [];
  const at = path || '/';
  if (typeof node.$ref === 'string') errors.push(...validate(resolve(node.$ref), value, path));
  if (node.type !== undefined) {
    const types = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
    if (!types.some((t) => hasType(value, t))) return [...errors, `${at}: expected ${types.join(' or ')}, got ${JSON.stringify(value)}`];
  }
  if ('const' in node && JSON.stringify(node.const) !== JSON.stringify(value)) errors.push(`${at}: expected ${JSON.stringify(node.const)}`);
  if (Array.isArray(node.enum) && !node.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(node.enum)}`);
  }
  if (typeof value === 'number') {
    if (typeof node.minimum === 'number' && value < node.minimum) errors.push(`${at}: below ${node.minimum}`);
    if (typeof node.maximum === 'number' && value > node.maximum) errors.push(`${at}: above ${node.maximum}`);
  }
  if (typeof value === 'string' && typeof node.pattern === 'string' && !new RegExp(node.pattern, 'u').test(value)) {
    errors.push(`${at}: ${JSON.stringify(value)} does not match ${node.pattern}`);
  }
  if (Array.isArray(value) && isPlainObject(node.items)) {
    value.forEach((item, i) => errors.push(...validate(node.items as Schema, item, `${path}/${i}`)));
  }
  if (isPlainObject(value)) {
    const properties = isPlainObject(node.properties) ? node.properties : {};
    for (const name of (node.required as string[] | undefined) ?? []) {
      if (!Object.prototype.hasOwnProperty.call(value, name)) errors.push(`${at}: missing "${name}"`);
    }
    for (const [name, child] of Object.entries(value)) {
      const childPath = `${path}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (Object.prototype.hasOwnProperty.call(properties, name)) errors.push(...validate(properties[name] as Schema, child, childPath));
      else if (node.additionalProperties === false) errors.push(`${at}: unexpected "${name}"`);
      else if (isPlainObject(node.additionalProperties)) errors.push(...validate(node.additionalProperties, child, childPath));
    }
  }
  return errors;
}

/** What a backend receives: the transcript after a trip through JSON. */
const validateWire = (t: TranscriptV1): string[] => validate(schema, JSON.parse(JSON.stringify(t)));

// ---------------------------------------------------------------------------------------
// The schema and the TypeScript type must list the same fields. Each record below must
// name exactly the keys of its type (the type checker enforces it), and the tests compare
// them with the schema's properties and required lists.

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type Page = NonNullable<TranscriptContext['page']>;
type Summary = TranscriptContext['summary'];
type Turn = Summary['lastTurns'][number];

const shapes: Array<{ where: string; node: () => Schema; keys: Record<string, true>; required: Record<string, true> }> = [
  {
    where: 'transcript',
    node: () => schema,
    keys: { version: true, conversationId: true, requestId: true, createdAt: true, messages: true, context: true } satisfies Record<keyof TranscriptV1, true>,
    required: { version: true, conversationId: true, requestId: true, createdAt: true, messages: true, context: true } satisfies Record<RequiredKeys<TranscriptV1>, true>,
  },
  {
    where: 'message',
    node: () => resolve('#/$defs/message'),
    keys: {
      id: true, author: true, text: true, time: true, status: true, quickReplies: true, chosenReply: true, attachments: true,
      intent: true, confidence: true, fallback: true, partial: true, agentName: true,
    } satisfies Record<keyof TranscriptMessage, true>,
    required: { id: true, author: true, text: true, time: true } satisfies Record<RequiredKeys<TranscriptMessage>, true>,
  },
  {
    where: 'quickReply',
    node: () => resolve('#/$defs/quickReply'),
    keys: { title: true, payload: true } satisfies Record<keyof QuickReply, true>,
    required: { title: true } satisfies Record<RequiredKeys<QuickReply>, true>,
  },
  {
    where: 'attachment',
    node: () => resolve('#/$defs/attachment'),
    keys: { kind: true, url: true, name: true, alt: true } satisfies Record<keyof Attachment, true>,
    required: { kind: true, url: true } satisfies Record<RequiredKeys<Attachment>, true>,
  },
  {
    where: 'user',
    node: () => resolve('#/$defs/user'),
    keys: { id: true, name: true, email: true, attributes: true } satisfies Record<keyof ChatUser, true>,
    required: {} satisfies Record<RequiredKeys<ChatUser>, true>,
  },
  {
    where: 'context',
    node: () => resolve('#/$defs/context'),
    keys: {
      page: true, locale: true, timeZone: true, user: true, trigger: true, reason: true, startedAt: true, summary: true, vitals: true,
      custom: true, masked: true,
    } satisfies Record<keyof TranscriptContext, true>,
    required: { locale: true, trigger: true, reason: true, startedAt: true, summary: true } satisfies Record<RequiredKeys<TranscriptContext>, true>,
  },
  {
    where: 'context.page',
    node: () => resolve('#/$defs/context/properties/page'),
    keys: { url: true, title: true, referrer: true } satisfies Record<keyof Page, true>,
    required: {} satisfies Record<RequiredKeys<Page>, true>,
  },
  {
    where: 'context.summary',
    node: () => resolve('#/$defs/context/properties/summary'),
    keys: { firstRequest: true, lastTurns: true } satisfies Record<keyof Summary, true>,
    required: { lastTurns: true } satisfies Record<RequiredKeys<Summary>, true>,
  },
  {
    where: 'summary turn',
    node: () => resolve('#/$defs/turn'),
    keys: { author: true, text: true } satisfies Record<keyof Turn, true>,
    required: { author: true, text: true } satisfies Record<RequiredKeys<Turn>, true>,
  },
];

const TRIGGERS: HandoffTrigger[] = ['button', 'keyword', 'bot-failure', 'frustration', 'sensitive-topic', 'bot-request', 'low-confidence', 'no-bot', 'api'];

describe('the transcript schema matches the TypeScript type', () => {
  it.each(shapes.map((s) => [s.where, s] as const))('%s has the same fields and the same required ones', (_where, shape) => {
    const node = shape.node();
    expect(Object.keys(node.properties as Schema).sort()).toEqual(Object.keys(shape.keys).sort());
    expect(((node.required as string[] | undefined) ?? []).slice().sort()).toEqual(Object.keys(shape.required).sort());
    expect(node.additionalProperties).toBe(false);
  });

  it('lists every trigger and author the core knows', () => {
    expect(resolve('#/$defs/trigger').enum).toEqual(TRIGGERS satisfies Array<TranscriptContext['trigger']>);
    expect(resolve('#/$defs/author').enum).toEqual(['customer', 'bot', 'agent', 'system'] satisfies Array<TranscriptMessage['author']>);
  });

  it('is a draft 2020-12 schema whose references all resolve', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const refs = JSON.stringify(schema).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(() => resolve(JSON.parse(`{${ref}}`).$ref as string)).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const base: TranscriptInput = {
  conversationId: 'cnv_1',
  requestId: 'req_1',
  messages: [],
  startedAt: T0,
  now: T0 + 60_000,
  locale: 'en-GB',
  trigger: 'button',
  reason: 'The customer asked for a person',
};

function fullInput(): TranscriptInput {
  const m = (over: Partial<Message> & Pick<Message, 'id' | 'author' | 'text'>, minute: number): Message => ({ time: T0 + minute * 60_000, status: 'sent', ...over });
  return {
    ...base,
    timeZone: 'Europe/Stockholm',
    page: { url: 'https://shop.example/checkout?step=2', title: 'Checkout', referrer: 'https://search.example/' },
    user: { id: 'u-7', name: 'Ana', email: 'ana@example.com', attributes: { plan: 'pro', orders: 12, vip: true, note: null } },
    trigger: 'keyword',
    reason: 'Customer asked for a person: "talk to a human"',
    custom: { cart: { items: 3, total: 129.5 }, flags: ['new'], coupon: null },
    vitals: { LCP: 2450.5, INP: 180, CLS: 0.08, FCP: 900, TTFB: 120 },
    redact: createRedactor(),
    messages: [
      m({ id: 'msg_1', author: 'customer', text: 'My card 4242 4242 4242 4242 was charged twice' }, 0),
      m({ id: 'bot_1', author: 'bot', text: 'Which order?', intent: 'billing', confidence: 0.42, quickReplies: [{ title: 'Order 1001', payload: '/order{"id":1001}' }, { title: 'Other' }] }, 1),
      m({ id: 'msg_2', author: 'customer', text: 'Order 1001', chosenReply: { title: 'Order 1001', payload: '/order{"id":1001}' } }, 2),
      m({ id: 'bot_2', author: 'bot', text: "Sorry, I didn't get that.", fallback: true, confidence: 0 }, 3),
      m({ id: 'msg_3', author: 'customer', text: 'talk to a human, mail me at ana@example.com', status: 'failed', error: 'offline' }, 4),
      m({ id: 'sys_1', author: 'system', text: 'Connecting you with a person…', notice: { code: 'handoff-requested' } }, 5),
      m({ id: 'agt_1', author: 'agent', text: 'Hi Ana, here is the receipt', agent: { name: 'Alex', id: 'a-1' }, attachments: [{ kind: 'file', url: 'https://files.example/r.pdf', name: 'r.pdf' }, { kind: 'image', url: 'https://files.example/x.png', alt: 'receipt' }] }, 6),
      m({ id: 'bot_3', author: 'bot', text: 'partial repl', streaming: true }, 7),
    ],
  };
}

describe('transcripts built by buildTranscript validate against the schema', () => {
  it('with nothing optional', () => {
    expect(validateWire(buildTranscript(base))).toEqual([]);
  });

  it('with every optional field present, masks applied', () => {
    const t = buildTranscript(fullInput());
    expect(validateWire(t)).toEqual([]);
    // The fixture really exercises the optional fields, so the check above means something.
    expect(Object.keys(t.context).sort()).toEqual(Object.keys(shapes[5]?.keys ?? {}).sort());
    const fields = new Set(t.messages.flatMap((m) => Object.keys(m)));
    expect([...fields].sort()).toEqual(Object.keys(shapes[1]?.keys ?? {}).sort());
    expect(t.context.masked).toEqual(['card', 'email']);
    expect(JSON.stringify(t)).not.toContain('4242 4242 4242 4242');
  });

  it('for any messages and context the types allow', () => {
    const text = fc.string({ unit: 'binary', maxLength: 60 });
    const time = fc.integer({ min: 0, max: Date.UTC(2199, 11, 31) });
    const quickReply = fc.record({ title: text, payload: text }, { requiredKeys: ['title'] });
    const message: fc.Arbitrary<Message> = fc.record(
      {
        id: fc.string({ minLength: 1, maxLength: 24 }),
        author: fc.constantFrom('customer', 'bot', 'agent', 'system'),
        text,
        time,
        status: fc.constantFrom('sending', 'sent', 'failed'),
        streaming: fc.boolean(),
        quickReplies: fc.array(quickReply, { maxLength: 3 }),
        chosenReply: quickReply,
        attachments: fc.array(
          fc.record({ kind: fc.constantFrom('image', 'file'), url: fc.webUrl(), name: text, alt: text }, { requiredKeys: ['kind', 'url'] }),
          { maxLength: 2 },
        ),
        agent: fc.record({ id: text, name: text, avatarUrl: fc.webUrl(), title: text }, { requiredKeys: ['name'] }),
        intent: text,
        confidence: fc.double({ min: 0, max: 1, noNaN: true }),
        fallback: fc.boolean(),
        error: text,
      },
      { requiredKeys: ['id', 'author', 'text', 'time', 'status'] },
    );
    const flat = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
    const input: fc.Arbitrary<TranscriptInput> = fc.record(
      {
        conversationId: fc.string({ minLength: 1 }),
        requestId: fc.string({ minLength: 1 }),
        messages: fc.array(message, { maxLength: 12 }),
        startedAt: time,
        now: time,
        locale: fc.constantFrom('en', 'sv-SE', 'de-DE', 'ar'),
        timeZone: fc.constantFrom('Europe/Stockholm', 'UTC', 'America/New_York'),
        page: fc.record({ url: fc.webUrl(), title: text, referrer: fc.webUrl() }, { requiredKeys: [] }),
        user: fc.record({ id: text, name: text, email: text, attributes: fc.dictionary(fc.string({ maxLength: 10 }), flat, { maxKeys: 4 }) }, { requiredKeys: [] }),
        trigger: fc.constantFrom(...TRIGGERS),
        reason: text,
        custom: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
        vitals: fc.dictionary(fc.constantFrom('LCP', 'INP', 'CLS', 'FCP', 'TTFB'), fc.double({ min: 0, max: 60_000, noNaN: true })),
        redact: fc.constantFrom(createRedactor(), (s: string) => ({ text: s, kinds: [] })),
      },
      { requiredKeys: ['conversationId', 'requestId', 'messages', 'startedAt', 'now', 'locale', 'trigger', 'reason'] },
    );
    fc.assert(
      fc.property(input, (i) => {
        expect(validateWire(buildTranscript(i))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('as sent to the human backend by a real conversation', async () => {
    const bot = createMemoryBot({ reply: (t) => ({ text: `You said: ${t}`, intent: 'echo', confidence: 0.9, quickReplies: [{ title: 'More' }] }) });
    const human = createMemoryHuman({ agent: { name: 'Alex' }, joinAfterMs: 5 });
    const chat = createChat({
      bot,
      human,
      user: { id: 'u-1', attributes: { plan: 'pro' } },
      context: () => ({ cart: 2 }),
      env: { page: () => ({ url: 'https://shop.example/', title: 'Shop' }), timeZone: () => 'Europe/Stockholm' },
    });
    chat.open();
    chat.send('hello, my number is +46 70 123 45 67');
    await vi.waitFor(() => expect(chat.state.messages.some((m) => m.author === 'bot')).toBe(true));
    chat.requestHuman();
    await vi.waitFor(() => expect(human.backend.handoffs).toHaveLength(1));
    const sent = human.backend.handoffs[0]?.transcript as TranscriptV1;
    chat.destroy();
    // The customer is told once that their phone number is masked for the team.
    expect(sent.messages.map((m) => m.author)).toEqual(['customer', 'system', 'bot']);
    expect(JSON.stringify(sent)).not.toContain('123 45 67');
    expect(sent.context.masked).toContain('phone');
    expect(validateWire(sent)).toEqual([]);
  });
});

describe('the schema rejects what the type does not allow', () => {
  const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(buildTranscript(fullInput()))) as Record<string, unknown>;
  const cases: Array<[string, (t: Record<string, any>) => void, string]> = [
    ['an unknown top-level field', (t) => (t.extra = 1), '/: unexpected "extra"'],
    ['another version', (t) => (t.version = 2), '/version: expected 1'],
    ['a missing reason', (t) => delete t.context.reason, '/context: missing "reason"'],
    ['an unknown author', (t) => (t.messages[0].author = 'robot'), '/messages/0/author: "robot" is not one of'],
    ['a confidence above 1', (t) => (t.messages[1].confidence = 1.5), '/messages/1/confidence: above 1'],
    ['a time that is not ISO 8601', (t) => (t.messages[0].time = 1764064800000), '/messages/0/time: expected string'],
    ['a local time', (t) => (t.createdAt = '2026-11-25 10:00'), '/createdAt: "2026-11-25 10:00" does not match'],
    ['a nested user attribute', (t) => (t.context.user.attributes.address = { city: 'Malmö' }), '/context/user/attributes/address: expected string or number or boolean or null'],
    ['a vital that is not a number', (t) => (t.context.vitals.LCP = 'slow'), '/context/vitals/LCP: expected number'],
    ['a summary without turns', (t) => delete t.context.summary.lastTurns, '/context/summary: missing "lastTurns"'],
    ['an unknown trigger', (t) => (t.context.trigger = 'magic'), '/context/trigger: "magic" is not one of'],
    ['an attachment without url', (t) => delete t.messages[6].attachments[0].url, '/messages/6/attachments/0: missing "url"'],
    ['an extra quick reply field', (t) => (t.messages[1].quickReplies[0].colour = 'red'), '/messages/1/quickReplies/0: unexpected "colour"'],
    ['custom that is not an object', (t) => (t.context.custom = [1, 2]), '/context/custom: expected object'],
  ];

  it.each(cases)('%s', (_name, mutate, error) => {
    const t = valid();
    expect(validate(schema, t)).toEqual([]);
    mutate(t);
    const errors = validate(schema, t);
    expect(errors.some((e) => e.startsWith(error))).toBe(true);
  });

  it('has a validator that refuses keywords it does not implement', () => {
    expect(() => validate({ type: 'string', minLength: 1 }, 'x')).toThrow(/does not know "minLength"/);
  });
});
