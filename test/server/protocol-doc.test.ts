/**
 * docs/handoff-protocol.md is the contract the client preset is written from:
 * every frame in its example exchanges must be valid against the schemas.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { assertValid, loadSchemas } from './json-schema.js';

const doc = readFileSync(join(process.cwd(), 'docs', 'handoff-protocol.md'), 'utf8');
const schemas = loadSchemas();

it('has only valid frames in its example exchanges', () => {
  const lines = doc.split('\n').filter((l) => l.startsWith('→ ') || l.startsWith('← '));
  expect(lines.length).toBeGreaterThan(20);
  for (const line of lines) {
    const frame = JSON.parse(line.slice(2));
    assertValid(schemas, line.startsWith('→') ? 'client-frame' : 'server-frame', frame);
  }
});

it('has only valid frames in its server-sent-events example', () => {
  const data = doc.split('\n').filter((l) => l.startsWith('data: '));
  expect(data.length).toBe(3);
  for (const line of data) assertValid(schemas, 'server-frame', JSON.parse(line.slice(6)));
});

it('shows seqs that grow by one in the main example', () => {
  const seqs = doc
    .split('\n')
    .filter((l) => l.startsWith('← '))
    .map((l) => JSON.parse(l.slice(2)).seq)
    .filter((s) => s !== undefined);
  // The main exchange (1..7), then the "nobody online" variant starting again at 1.
  expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 1]);
});
