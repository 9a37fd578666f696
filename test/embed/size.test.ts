import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * Size budgets for the script-tag files, in gzip bytes (zlib level 9, so the same
 * file always measures the same). The loader is what every page pays up front; the
 * full widget is fetched when the browser is idle or on the first interaction.
 * Runs against dist/, so `npm run build` comes first (npm test does).
 *
 * Raise a budget only on purpose, in the same change that needs it, and say why.
 */
const BUDGETS = {
  'dist/handoff-chat.loader.js': 6.5 * 1024,
  // 104 KiB: the four presets (Rasa, Direct Line, OpenAI, Chatwoot) joined the script-tag
  // bundle so `data-bot="rasa"` works without a second file (about 12 KB gzip of it).
  // 108 KiB: focus management, the small-screen modal, announcements, the late-init
  // placeholder (UI review) and transport recovery paths (transport review), about 4 KB.
  // The next saving is loading the phrase lists and catalogues of other languages lazily.
  'dist/handoff-chat.iife.js': 108 * 1024,
} as const;

const gzipBytes = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length;

describe('size budgets (gzip)', () => {
  it.each(Object.entries(BUDGETS))('%s stays within %d bytes', (file, budget) => {
    expect(existsSync(file), `${file} is missing: run npm run build`).toBe(true);
    expect(gzipBytes(file)).toBeLessThanOrEqual(budget);
  });

  it('keeps the loader a small fraction of the full widget', () => {
    expect(gzipBytes('dist/handoff-chat.loader.js')).toBeLessThan(gzipBytes('dist/handoff-chat.iife.js') / 10);
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
});
