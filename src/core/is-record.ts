/**
 * A plain object (not `null`, not an array): what parsed JSON, stored data and option
 * objects must be before their fields are read. One copy for every module that checks.
 *
 * @example
 * if (isRecord(body) && typeof body.text === 'string') emit(body.text)
 */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
