/**
 * Fills `{name}` placeholders in a catalogue string. Values are inserted as text;
 * the result is rendered as a text node, never parsed as HTML. Unknown placeholders
 * are left as they are so a typo in an override is visible rather than silent.
 *
 * @example
 * formatString('You are number {position} in the queue', { position: 3 })
 */
export function formatString(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : whole,
  );
}
