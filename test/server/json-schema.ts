/**
 * A small JSON Schema (draft 2020-12) validator for the keywords the protocol
 * schemas use, so the tests can check every frame without a new dependency.
 * A keyword it does not know is an error, never silently skipped: a schema that
 * starts using one must get it implemented here first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Schema = boolean | { [keyword: string]: unknown };

export interface SchemaIssue {
  /** JSON Pointer into the validated value. */
  path: string;
  message: string;
}

const ANNOTATIONS = new Set(['$schema', '$id', '$defs', 'title', 'description']);
const KNOWN = new Set([
  ...ANNOTATIONS,
  '$ref',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'pattern',
  'oneOf',
  'anyOf',
]);

/** The directory of the protocol's schemas. */
export const SCHEMA_DIR = join(process.cwd(), 'schema', 'handoff-protocol');

/** Loads every `*.schema.json` of a directory, keyed by its `$id`. */
export function loadSchemas(dir = SCHEMA_DIR): Map<string, Schema> {
  const byId = new Map<string, Schema>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.schema.json'))) {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { $id?: string };
    if (typeof schema.$id !== 'string') throw new Error(`${file} has no $id`);
    byId.set(schema.$id, schema as Schema);
  }
  return byId;
}

/**
 * Returns the issues of `value` against the schema with id `rootId` (an empty
 * list when it is valid).
 *
 * @example
 * validate(loadSchemas(), `${BASE}client-frame.schema.json`, { v: 1, type: 'ping' }) // []
 */
export function validate(schemas: Map<string, Schema>, rootId: string, value: unknown): SchemaIssue[] {
  const root = schemas.get(rootId);
  if (root === undefined) throw new Error(`Unknown schema ${rootId}`);
  return check(schemas, root, rootId, value, '');
}

function resolveRef(schemas: Map<string, Schema>, ref: string, base: string): { schema: Schema; base: string } {
  const url = new URL(ref, base);
  const hash = decodeURIComponent(url.hash.slice(1));
  url.hash = '';
  const doc = schemas.get(url.href);
  if (doc === undefined) throw new Error(`$ref ${ref} (from ${base}) points at an unknown schema ${url.href}`);
  let node: unknown = doc;
  for (const part of hash.split('/').slice(1)) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !(key in node)) {
      throw new Error(`$ref ${ref} (from ${base}) does not resolve: no "${key}"`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return { schema: node as Schema, base: url.href };
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function pointer(path: string, key: string | number): string {
  return `${path}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

function check(schemas: Map<string, Schema>, schema: Schema, base: string, value: unknown, path: string): SchemaIssue[] {
  if (schema === true) return [];
  if (schema === false) return [{ path, message: 'is not allowed here' }];
  const s = schema;
  for (const keyword of Object.keys(s)) {
    if (!KNOWN.has(keyword)) throw new Error(`Schema keyword "${keyword}" is not supported by the test validator (${base})`);
  }
  const issues: SchemaIssue[] = [];
  const add = (message: string, at = path): void => {
    issues.push({ path: at, message });
  };

  if (typeof s.$ref === 'string') {
    const target = resolveRef(schemas, s.$ref, base);
    issues.push(...check(schemas, target.schema, target.base, value, path));
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => matchesType(value, t))) {
      add(`must be ${types.join(' or ')}, got ${typeOf(value)}`);
      return issues; // the other keywords would only repeat the same problem
    }
  }
  if ('const' in s && !deepEqual(value, s.const)) add(`must be ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, value))) {
    add(`must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && [...value].length < s.minLength) add(`must be at least ${s.minLength} characters`);
    if (typeof s.maxLength === 'number' && [...value].length > s.maxLength) add(`must be at most ${s.maxLength} characters`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) add(`must match ${s.pattern}`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) add(`must be ≥ ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) add(`must be ≤ ${s.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) add(`must have at least ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) add(`must have at most ${s.maxItems} items`);
    if (s.items !== undefined) {
      value.forEach((item, i) => issues.push(...check(schemas, s.items as Schema, base, item, pointer(path, i))));
    }
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of (s.required ?? []) as string[]) {
      if (!(key in obj)) add(`is missing required property "${key}"`);
    }
    for (const [key, v] of Object.entries(obj)) {
      if (key in props) {
        issues.push(...check(schemas, props[key] as Schema, base, v, pointer(path, key)));
      } else if (s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) add(`has unexpected property "${key}"`);
        else issues.push(...check(schemas, s.additionalProperties as Schema, base, v, pointer(path, key)));
      }
    }
  }
  if (Array.isArray(s.anyOf)) {
    const results = (s.anyOf as Schema[]).map((branch) => check(schemas, branch, base, value, path));
    if (!results.some((r) => r.length === 0)) issues.push(...closest(results, value, 'anyOf'));
  }
  if (Array.isArray(s.oneOf)) {
    const results = (s.oneOf as Schema[]).map((branch) => check(schemas, branch, base, value, path));
    const passing = results.filter((r) => r.length === 0).length;
    if (passing > 1) add(`matches ${passing} alternatives of oneOf; exactly one is allowed`);
    if (passing === 0) issues.push(...closest(results, value, 'oneOf'));
  }
  return issues;
}

/**
 * When no alternative matches, report the one the value was most likely meant to
 * be: the branch whose `type` const it names, else the branch with fewest issues.
 */
function closest(results: SchemaIssue[][], value: unknown, keyword: string): SchemaIssue[] {
  const typeName = typeOf(value) === 'object' ? (value as { type?: unknown }).type : undefined;
  if (typeof typeName === 'string') {
    const named = results.filter((r) => !r.some((issue) => issue.path === '/type' && issue.message.startsWith('must be "')));
    if (named.length && named.length < results.length) return named.reduce((a, b) => (b.length < a.length ? b : a));
  }
  const best = results.reduce((a, b) => (b.length < a.length ? b : a));
  return best.length ? best : [{ path: '', message: `matches none of the ${keyword} alternatives` }];
}

/** Base URI of the protocol's schema `$id`s. */
export const SCHEMA_BASE = 'https://handoff-chat.example/schema/handoff-protocol/v1/';

/** Throws with every issue listed when `value` is not valid against `file` (e.g. `server-frame`). */
export function assertValid(schemas: Map<string, Schema>, file: string, value: unknown): void {
  const issues = validate(schemas, `${SCHEMA_BASE}${file}.schema.json`, value);
  if (issues.length) {
    const list = issues.map((i) => `  ${i.path || '(root)'} ${i.message}`).join('\n');
    throw new Error(`Not a valid ${file}:\n${list}\nvalue: ${JSON.stringify(value).slice(0, 600)}`);
  }
}
