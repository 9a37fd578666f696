/**
 * Malformed and hostile backend responses. `EVENT_CASES` are lists of raw event texts
 * that every transport carries in its own framing (a REST `events` array, SSE `data:`
 * lines, WebSocket frames with a `seq`); the other tables are specific to one wire.
 *
 * Each case says what the customer must end up seeing: the bot texts in order, and
 * which error codes the chat reports. Everything else is checked by the test for all.
 */
import type { RawAnswer } from '../support/raw-servers';

export interface Expectation {
  /** Bot messages shown, in order. */
  shown: string[];
  /** Error codes that must be reported (others may be too). */
  errors?: string[];
  /** The bot asked for a person, so the chat is waiting for one. */
  handoff?: boolean;
}

export interface EventCase extends Expectation {
  name: string;
  /** Each entry one JSON object (an event), as raw text. */
  events: string[];
  /** POSTs the REST server may see: 2 when the whole answer is malformed and retried. Default 1. */
  restAttempts?: number;
}

const deepObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const msg = (fields: string): string => `{"type":"message","message":{${fields}}}`;

export const EVENT_CASES: readonly EventCase[] = [
  {
    name: '__proto__ keys on the event and the message',
    events: [`{"type":"message","__proto__":{"polluted":"yes"},"message":{"id":"p1","text":"proto ok","__proto__":{"polluted":"yes","text":"evil"}}}`],
    shown: ['proto ok'],
  },
  {
    name: 'constructor.prototype inside a handoff context',
    events: [`{"type":"handoff-suggested","reason":"ctor","context":{"constructor":{"prototype":{"polluted":"yes"}},"nested":{"__proto__":{"polluted":"yes"},"prototype":{"polluted":"yes"}}}}`],
    shown: [],
    handoff: true,
  },
  {
    name: 'the same message id twice',
    events: [msg(`"id":"d1","text":"first"`), msg(`"id":"d1","text":"second"`)],
    shown: ['first'],
  },
  {
    name: 'a numeric id and the same id as a string',
    events: [msg(`"id":7,"text":"seven"`), msg(`"id":"7","text":"seven again"`)],
    shown: ['seven'],
  },
  {
    name: 'message ids out of order',
    events: [msg(`"id":"o3","text":"three"`), msg(`"id":"o1","text":"one"`), msg(`"id":"o2","text":"two"`)],
    shown: ['three', 'one', 'two'],
  },
  {
    name: 'absurd timestamps',
    events: [msg(`"id":"t1","text":"far future","time":1e300`), msg(`"id":"t2","text":"epoch","time":0`), msg(`"id":"t3","text":"negative","time":-1`), msg(`"id":"t4","text":"a string","time":"tomorrow"`)],
    shown: ['far future', 'epoch'],
    errors: ['invalid_event'],
  },
  {
    name: 'wrong types next to a good entry',
    events: [
      msg(`"id":"w1","text":42`),
      msg(`"id":null,"text":"no id"`),
      msg(`"id":"w3","text":"bad replies","quickReplies":"yes"`),
      msg(`"id":"w4","text":"bad attachment","attachments":[{"kind":"image","url":"javascript:alert(1)"}]`),
      `{"type":"typing","active":"yes"}`,
      `{"type":"message","message":[1,2]}`,
      msg(`"id":"w5","text":"kept"`),
    ],
    shown: ['kept'],
    errors: ['invalid_event'],
  },
  {
    name: 'deep nesting the parser can read',
    events: [`{"type":"handoff-suggested","reason":"deep","context":${deepObject(1000)}}`, msg(`"id":"n1","text":${deepArray(1000)}`)],
    shown: [],
    handoff: true,
    errors: ['invalid_event'],
  },
  {
    name: 'nesting deeper than the parser\'s stack',
    events: [`{"type":"handoff-suggested","reason":"deeper","context":${deepObject(50_000)}}`],
    restAttempts: 2,
    shown: [],
    errors: ['invalid_response'],
  },
  {
    name: 'event types a backend may not send',
    events: [
      `{"type":"connection","state":"online"}`,
      `{"type":"script","src":"https://evil.example/x.js"}`,
      `{"type":"agent-joined","agent":{"name":"Mallory"}}`,
      `{"type":"error","message":"<img src=x onerror=alert(1)>","code":"boom"}`,
    ],
    shown: [],
    errors: ['invalid_event', 'boom'],
  },
  {
    name: 'blank messages',
    events: [msg(`"id":"e1","text":"   "`), msg(`"id":"e2","text":""`), msg(`"id":"e3"`)],
    shown: [],
    errors: ['blank_message'],
  },
  {
    name: 'ids that are Object.prototype names',
    events: [msg(`"id":"__proto__","text":"a"`), msg(`"id":"constructor","text":"b"`), msg(`"id":"hasOwnProperty","text":"c"`), `{"type":"delta","id":"toString","text":"d","done":true}`],
    shown: ['a', 'b', 'c', 'd'],
  },
  {
    name: 'a 200,000-character message and 5,000 newlines',
    events: [msg(`"id":"h1","text":"${'x'.repeat(200_000)}"`), msg(`"id":"h2","text":"${'\\n'.repeat(5000)}end"`)],
    shown: ['x'.repeat(200_000), `${'\n'.repeat(5000)}end`],
  },
];

export interface RestCase extends Expectation {
  name: string;
  /** The answer to the message's first POST; with `sticky`, to every retry of it too. */
  answer: RawAnswer;
  sticky?: boolean;
  /** The customer message in the end: delivered, or shown as not sent. */
  outcome: 'sent' | 'failed';
  /** POSTs the server may see for the one message during the test (retries included). */
  maxAttempts: number;
}

export const REST_CASES: readonly RestCase[] = [
  {
    name: 'an HTML page with status 200',
    answer: { status: 200, contentType: 'text/html', body: '<!doctype html><html><body><script>alert(1)</script>Sign in</body></html>' },
    outcome: 'sent',
    maxAttempts: 2,
    shown: [],
    errors: ['invalid_response'],
  },
  {
    name: 'HTML with a JSON content type',
    answer: { status: 200, contentType: 'application/json', body: '<html><body>Gateway</body></html>' },
    outcome: 'sent',
    maxAttempts: 2,
    shown: [],
    errors: ['invalid_response'],
  },
  {
    name: 'truncated JSON',
    answer: { status: 200, contentType: 'application/json', body: '{"messages":[{"id":"r1","text":"Hel' },
    outcome: 'sent',
    maxAttempts: 2,
    shown: [],
    errors: ['invalid_response'],
  },
  {
    name: 'JSON with a byte-order mark, written one byte at a time',
    answer: { status: 200, contentType: 'application/json; charset=utf-8', body: '\uFEFF{"messages":[{"id":"r1","text":"Grüße 👋"}]}', trickle: true },
    outcome: 'sent',
    maxAttempts: 1,
    shown: ['Grüße 👋'],
  },
  {
    name: 'a body larger than maxResponseBytes',
    answer: { status: 200, contentType: 'application/json', body: `{"messages":[{"id":"r1","text":"${'x'.repeat(1_100_000)}"}]}` },
    outcome: 'failed',
    maxAttempts: 1,
    shown: [],
    errors: ['response_too_large'],
  },
  {
    name: 'an array where an object belongs',
    answer: { status: 200, contentType: 'application/json', body: '[{"id":"r1","text":"an array"}]' },
    outcome: 'failed',
    maxAttempts: 1,
    shown: [],
    errors: ['invalid_response'],
  },
  {
    name: 'NaN in the JSON',
    answer: { status: 200, contentType: 'application/json', body: '{"messages":[{"id":"r1","text":"n","confidence":NaN}]}' },
    outcome: 'sent',
    maxAttempts: 2,
    shown: [],
    errors: ['invalid_response'],
  },
  {
    name: 'a 503 HTML page asking to retry in 30 years, every time',
    answer: { status: 503, contentType: 'text/html', headers: { 'retry-after': '999999999' }, body: '<h1>Down</h1>' },
    sticky: true,
    outcome: 'failed',
    maxAttempts: 1,
    shown: [],
    errors: ['server_error'],
  },
];

export interface SseCase extends Expectation {
  name: string;
  /** Raw text written to the event stream after the message is accepted. */
  stream: string | Buffer;
  trickle?: boolean;
  /** How the first GET of the event stream is answered instead of with a stream. */
  eventsAnswer?: RawAnswer;
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

export const SSE_CASES: readonly SseCase[] = [
  {
    name: 'an event split at every byte, through multi-byte characters and CRLF',
    stream: utf8('id: 1\r\ndata: {"type":"message","message":{"id":"s1","text":"Grüße 👋 ok"}}\r\n\r\n'),
    trickle: true,
    shown: ['Grüße 👋 ok'],
  },
  {
    name: 'HTML and truncated JSON in data lines',
    stream: 'id: 1\ndata: <html><script>alert(1)</script>\n\nid: 2\ndata: {"type":"message","message":{"id":"s1"\n\nid: 3\ndata: {"type":"message","message":{"id":"s2","text":"after"}}\n\n',
    shown: ['after'],
    errors: ['invalid_response'],
  },
  {
    name: 'replayed and out-of-order event ids',
    stream:
      'id: 5\ndata: {"type":"message","message":{"id":"s5","text":"five"}}\n\n' +
      'id: 5\ndata: {"type":"message","message":{"id":"s5b","text":"five again"}}\n\n' +
      'id: 3\ndata: {"type":"message","message":{"id":"s3","text":"three, late"}}\n\n' +
      'id: 6\ndata: {"type":"message","message":{"id":"s6","text":"six"}}\n\n',
    shown: ['five', 'six'],
  },
  {
    name: 'NUL in an id, unknown fields and an absurd retry',
    stream: 'retry: 99999999999999\nid: 1\u00002\nfoo: bar\nevent: weird\ndata: {"type":"message","message":{"id":"s1","text":"still fine"}}\n\n',
    shown: ['still fine'],
  },
  {
    name: 'a data line split over many data fields',
    stream: 'id: 1\ndata: {"type":"message",\ndata: "message":{"id":"s1","text":"joined"}}\n\n',
    shown: ['joined'],
  },
  {
    name: 'an event larger than maxResponseBytes, between two good ones',
    stream:
      'id: 1\ndata: {"type":"message","message":{"id":"s1","text":"before"}}\n\n' +
      `id: 2\ndata: {"type":"message","message":{"id":"s2","text":"${'x'.repeat(600_000)}\ndata: ${'y'.repeat(600_000)}"}}\n\n` +
      'id: 3\ndata: {"type":"message","message":{"id":"s3","text":"after"}}\n\n',
    shown: ['before', 'after'],
    errors: ['response_too_large'],
  },
  {
    name: 'a line that never ends',
    stream: `id: 1\ndata: {"type":"message","message":{"id":"s1","text":"before"}}\n\ndata: ${'z'.repeat(2_500_000)}`,
    shown: ['before'],
    errors: ['response_too_large'],
  },
  {
    name: 'an event stream URL that answers with an HTML page first',
    eventsAnswer: { status: 200, contentType: 'text/html', body: '<html><script>alert(1)</script></html>' },
    stream: 'id: 1\ndata: {"type":"message","message":{"id":"s1","text":"connected later"}}\n\n',
    shown: ['connected later'],
    errors: ['invalid_response'],
  },
];

export interface WsCase extends Expectation {
  name: string;
  /** Sent after the ack of the message (`$ID` is replaced with its id). */
  frames: Array<string | Buffer>;
  /** Sent instead of an ack to every attempt of the message (`$ID` is replaced with its id). */
  refuseWith?: string;
  /** Message frames the server may see for the one message during the test. */
  maxAttempts?: number;
}

export const WS_CASES: readonly WsCase[] = [
  {
    name: 'HTML and truncated JSON frames',
    frames: ['<html><script>alert(1)</script>', '{"type":"message","seq":1,"message":{"id":"w1"', '{"type":"message","seq":2,"message":{"id":"w2","text":"after"}}'],
    shown: ['after'],
    errors: ['invalid_response'],
  },
  {
    name: 'binary and non-object frames',
    frames: [Buffer.from([0xff, 0x00, 0x7b]), '42', '"text"', 'null', '[]', '{"seq":1,"message":{"id":"w1","text":"no type"}}', '{"type":"message","seq":2,"message":{"id":"w2","text":"ok"}}'],
    shown: ['ok'],
    errors: ['invalid_frame'],
  },
  {
    name: 'replayed and out-of-order seq',
    frames: [
      '{"type":"message","seq":5,"message":{"id":"w5","text":"five"}}',
      '{"type":"message","seq":5,"message":{"id":"w5b","text":"five again"}}',
      '{"type":"message","seq":4,"message":{"id":"w4","text":"four, late"}}',
      '{"type":"message","seq":6,"message":{"id":"w5","text":"five, new seq"}}',
      '{"type":"message","seq":7,"message":{"id":"w7","text":"seven"}}',
    ],
    shown: ['five', 'seven'],
  },
  {
    name: 'acks for ids nobody sent and a forged ack',
    frames: ['{"type":"ack","id":"msg_nobody"}', '{"type":"ack"}', '{"type":"nack","id":"msg_nobody","retryable":true}', '{"type":"message","seq":1,"message":{"id":"w1","text":"ok"}}'],
    shown: ['ok'],
  },
  {
    name: 'a nack asking to retry in 30 years, every time',
    refuseWith: '{"type":"nack","id":"$ID","code":"busy","retryable":true,"retryAfterMs":1e15}',
    frames: [],
    maxAttempts: 1,
    shown: [],
    errors: ['busy'],
  },
  {
    name: 'a server ping storm',
    frames: Array.from({ length: 200 }, () => '{"type":"ping"}').concat('{"type":"message","seq":1,"message":{"id":"w1","text":"after the storm"}}'),
    shown: ['after the storm'],
  },
];
