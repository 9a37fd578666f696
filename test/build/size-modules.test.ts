import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run sizes:modules` (scripts/size-modules.mjs) is what the README's "where the bytes
 * go" figures come from: it must weigh the bundle as the real build makes it (same plugins,
 * so English only and no add-ons), area by area.
 */
let output = '';

describe('npm run sizes:modules', () => {
  beforeAll(async () => {
    ({ stdout: output } = await promisify(execFile)(process.execPath, ['scripts/size-modules.mjs', '--top', '500'], { timeout: 60_000 }));
  }, 60_000);

  it('weighs the bundle by area, the core and the transports among them', () => {
    const areas = new Map([...output.matchAll(/^\| ([\w@/.-]+) \| ([\d.]+) KB \| \d+ % \|$/gm)].map((m) => [m[1], Number(m[2])]));
    for (const area of ['core', 'transports', 'ui', 'embed', 'preact', 'ky']) expect(areas.get(area), area).toBeGreaterThan(0.5);
    expect(Math.max(...areas.values())).toBe(areas.get('core'));
  });

  it('sees the bundle the build ships: English inside, the other languages and the presets left to their files', () => {
    const modules = [...output.matchAll(/^\| (src\/[^ ]+) \|/gm)].map((m) => m[1]);
    expect(modules).toEqual(expect.arrayContaining(['src/core/chat.ts', 'src/i18n/en.ts', 'src/core/phrases/en.ts', 'src/embed/languages/registry.ts']));
    for (const left of ['src/i18n/fr.ts', 'src/core/phrases/ar.ts', 'src/transports/rasa.ts', 'src/transports/chatwoot.ts']) expect(modules).not.toContain(left);
  });

  it('refuses a --top that is not a whole number', async () => {
    await expect(promisify(execFile)(process.execPath, ['scripts/size-modules.mjs', '--top', 'many'])).rejects.toThrow(/--top "many": expected a whole number/);
  });
});
