import { ConfigError } from '../core/errors.js';
import { en } from './en.js';
import type { Strings } from './strings.js';
import { isRecord } from '../core/is-record.js';

/**
 * Checks the `strings` option (overrides for catalogue texts) and returns a copy.
 * Throws a `ConfigError` naming the bad key, e.g. `strings.talkToHumn`.
 *
 * @example
 * normalizeStrings({ talkToHuman: 'Talk to our team' })
 */
export function normalizeStrings(input: unknown, option = 'strings'): Partial<Strings> {
  if (input === undefined) return {};
  if (!isRecord(input)) {
    throw new ConfigError(option, 'an object of texts such as { talkToHuman: "Talk to our team" }', input);
  }
  const out: Partial<Strings> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!Object.prototype.hasOwnProperty.call(en, key)) {
      throw new ConfigError(`${option}.${key}`, '', value, `Unknown option "${option}.${key}": there is no text with that name. See the Strings type for the list.`);
    }
    if (typeof value !== 'string' || !value.trim()) {
      throw new ConfigError(`${option}.${key}`, 'a non-empty string', value);
    }
    out[key as keyof Strings] = value;
  }
  return out;
}
