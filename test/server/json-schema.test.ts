/**
 * The test validator must catch what the schemas forbid, or every "valid frame"
 * assertion in the server tests would pass for nothing. Also checks that the
 * protocol's schemas are well formed: every $ref resolves.
 */
import { describe, expect, it } from 'vitest';
import { loadSchemas, SCHEMA_BASE, validate } from './json-schema.js';
import { handoffFrame } from './fixtures.js';

const schemas = loadSchemas();
const check = (file: string, value: unknown) => validate(schemas, `${SCHEMA_BASE}${file}.schema.json`, value);

describe('the test validator', () => {
  it('accepts frames that follow the schema', () => {
    expect(check('client-frame', { v: 1, type: 'ping', nonce: '1' })).toEqual([]);
    expect(check('client-frame', handoffFrame('cnv_1', 'req_1'))).toEqual([]);
    expect(check('server-frame', { v: 1, type: 'queued', seq: 1, time: 1, requestId: 'r', position: 1, etaSeconds: 60 })).toEqual([]);
  });

  it('names a missing property, a wrong type, an unexpected property and an out-of-range number', () => {
    expect(check('client-frame', { v: 1, type: 'csat', id: 'r1', conversationId: 'c1' })).toEqual([{ path: '', message: 'is missing required property "score"' }]);
    expect(check('client-frame', { v: 1, type: 'csat', id: 'r1', conversationId: 'c1', score: '5' })).toEqual([{ path: '/score', message: 'must be integer, got string' }]);
    expect(check('client-frame', { v: 1, type: 'csat', id: 'r1', conversationId: 'c1', score: 6 })).toEqual([{ path: '/score', message: 'must be ≤ 5' }]);
    expect(check('client-frame', { v: 1, type: 'csat', id: 'r1', conversationId: 'c1', score: 5, stars: 5 })).toEqual([{ path: '', message: 'has unexpected property "stars"' }]);
  });

  it('follows $refs into other files and reports the nested path', () => {
    const frame = handoffFrame('cnv_1', 'req_1');
    frame.transcript.context.trigger = 'magic';
    expect(check('client-frame', frame)).toEqual([{ path: '/transcript/context/trigger', message: expect.stringMatching(/^must be one of "button"/) }]);
  });

  it('rejects a frame of an unknown type and a wrong protocol version', () => {
    expect(check('server-frame', { v: 1, type: 'teleport', seq: 1 })).not.toEqual([]);
    expect(check('server-frame', { v: 2, type: 'pong' })).toEqual([{ path: '/v', message: 'must be 1' }]);
  });

  it('rejects ISO times and e-mail addresses that are not', () => {
    const frame = handoffFrame('cnv_1', 'req_1');
    frame.transcript.createdAt = 'yesterday';
    expect(check('client-frame', frame)[0]?.path).toBe('/transcript/createdAt');
    expect(check('client-frame', { ...handoffFrame('c', 'o'), type: 'leave-message', email: 'nope', message: 'hi' })).not.toEqual([]);
  });
});

describe('the protocol schemas', () => {
  it('declare draft 2020-12 and resolve every $ref', () => {
    const refs: Array<[string, string]> = [];
    const walk = (node: unknown, base: string): void => {
      if (Array.isArray(node)) node.forEach((n) => walk(n, base));
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push([value, base]);
          else walk(value, base);
        }
      }
    };
    expect(schemas.size).toBe(7);
    for (const [id, schema] of schemas) {
      expect((schema as { $schema: string }).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      walk(schema, id);
    }
    expect(refs.length).toBeGreaterThan(50);
    // Validating a value against each ref target throws when the ref does not resolve.
    for (const [ref, base] of refs) {
      const target = new URL(ref, base).href;
      const wrapper = new Map(schemas).set('urn:probe', { $ref: target });
      expect(() => validate(wrapper, 'urn:probe', {}), `${ref} from ${base}`).not.toThrow();
    }
  });
});
