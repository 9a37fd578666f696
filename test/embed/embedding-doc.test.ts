import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/embed/command-api';
import { ATTRIBUTES } from '../../src/embed/read-attributes';
import { kebabCase } from '../../src/embed/theme-attributes';
import { BOT_TRANSPORTS, HUMAN_TRANSPORTS } from '../../src/embed/transport-presets';

/** docs/embedding.md is what site owners read: it must list what the code accepts. */
const doc = readFileSync('docs/embedding.md', 'utf8');

describe('docs/embedding.md', () => {
  it.each(Object.keys(ATTRIBUTES))('documents %s', (name) => {
    expect(doc).toContain(`\`${name}\``);
  });

  it.each([
    ...Object.entries(BOT_TRANSPORTS).map(([name, t]) => ['data-bot', name, t] as const),
    ...Object.entries(HUMAN_TRANSPORTS).map(([name, t]) => ['data-human', name, t] as const),
  ])('documents %s="%s" and each of its attributes', (lane, name, transport) => {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${name}\` |`) && doc.indexOf(line) > doc.indexOf(`| \`${lane}\` | transport |`));
    expect(row, `${lane}="${name}" row`).toBeDefined();
    for (const option of Object.keys(transport.options)) expect(row).toContain(`\`-${kebabCase(option)}\``);
    for (const option of transport.required) expect(row).toContain(`**\`-${kebabCase(option)}\`**`);
  });

  it.each(COMMANDS)('documents the %s command', (command) => {
    expect(doc).toMatch(new RegExp(`\\| [^\\n]*\`${command}\``));
  });
});
