import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUDGETS, TARGETS, TRANSPORT_FACTORIES, floorTable, sizeTable, type FloorRow, type SizeRow } from '../../scripts/sizes.mjs';

/**
 * Size budgets, in gzip -9 bytes (the same file always measures the same), over the
 * built files: the script-tag files as served and the npm entries as a site's bundler
 * would take them. Budgets and issue #8's targets live in scripts/sizes.mjs, which
 * `npm run bench` prints from; npm test builds dist/ first.
 */
let rows: SizeRow[] = [];
const row = (entry: string): SizeRow => {
  const found = rows.find((r) => r.entry === entry);
  if (!found) throw new Error(`no size row for ${entry}`);
  return found;
};

describe('size budgets (gzip -9)', () => {
  beforeAll(async () => {
    rows = await sizeTable();
  }, 120_000);

  it('measures every script-tag file and every npm entry it promises', () => {
    expect(rows.map((r) => r.entry)).toEqual(
      expect.arrayContaining(['handoff-chat.loader.js', 'handoff-chat.iife.js', 'handoff-chat/core', ...TRANSPORT_FACTORIES.map((f) => `+ ${f}`)]),
    );
  });

  it.each(['handoff-chat.loader.js', 'handoff-chat.iife.js', 'handoff-chat/core'])('%s stays within its budget', (entry) => {
    const r = row(entry);
    expect(r.budget, `${entry} has no budget`).toBeGreaterThan(0);
    expect(r.gzip, `${entry}: ${r.gzip} B gzip, budget ${r.budget} B`).toBeLessThanOrEqual(r.budget!);
  });

  it.each([...TRANSPORT_FACTORIES])('%s adds at most its budget on top of the core', (factory) => {
    const r = row(`+ ${factory}`);
    expect(r.gzip, `${factory}: +${r.gzip} B gzip beyond core, budget ${BUDGETS.transportBeyondCore} B`).toBeLessThanOrEqual(
      BUDGETS.transportBeyondCore,
    );
  });

  it.each([
    ['rasa', 'webhooks/rest'],
    ['direct-line', 'v3/directline'],
    ['openai', 'api.openai.com'],
    ['chatwoot', 'public/api/v1'],
  ])('keeps the %s preset in its add-on file, out of the widget', (name, marker) => {
    expect(readFileSync(`dist/handoff-chat.${name}.js`, 'utf8')).toContain(marker);
    expect(readFileSync('dist/handoff-chat.iife.js', 'utf8')).not.toContain(marker);
  });

  it('keeps the loader a small fraction of the full widget', () => {
    expect(row('handoff-chat.loader.js').gzip).toBeLessThan(row('handoff-chat.iife.js').gzip / 10);
  });

  it.each([
    ['Preact hooks', '__H'],
    ['the core', 'createChat'],
    ['the HTTP transports', 'idempotency-key'],
    ['the SSE transport', 'text/event-stream'],
  ])('keeps %s out of the loader (present in the full widget)', (_, marker) => {
    expect(readFileSync('dist/handoff-chat.iife.js', 'utf8')).toContain(marker);
    expect(readFileSync('dist/handoff-chat.loader.js', 'utf8')).not.toContain(marker);
  });

  describe('the floor under the targets (npm run sizes prints it)', () => {
    let floor: FloorRow[] = [];
    const part = (prefix: string): number => {
      const found = floor.find((r) => r.entry.startsWith(prefix));
      if (!found) throw new Error(`no floor row for ${prefix}`);
      return found.gzip;
    };
    beforeAll(async () => {
      floor = await floorTable();
    }, 120_000);

    it('weighs the six languages from the sources: more than the five language files hold apart from English', () => {
      const fileGzip = (lang: string) => row(`handoff-chat.${lang}.js`).gzip;
      const largest = Math.max(...['sv', 'de', 'fr', 'es', 'ar'].map(fileGzip));
      expect(part('texts and escalation phrases')).toBeGreaterThan(3 * largest);
    });

    it('takes the phrase lists from the core as shipped, and ky as a transport gets it', () => {
      expect(part('escalation phrases')).toBeLessThan(row('handoff-chat/core').gzip);
      // The phrase lists alone (about 57 % of the six languages' texts and lists), nothing of the
      // core's code: taken from dist/core.js they would bring masking's word lists (66 %).
      expect(part('escalation phrases')).toBeLessThan(part('texts and escalation phrases') * 0.62);
      expect(part('ky')).toBeLessThan(row('+ createRestTransport').gzip);
      expect(floor.every((r) => [TARGETS.widget, TARGETS.core, TARGETS.transportBeyondCore].includes(r.target))).toBe(true);
    });
  });
});
