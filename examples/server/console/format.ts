/**
 * Words and times for the console. Everything here returns plain strings that
 * are rendered as text.
 */
import type { HandoffTrigger, RequestStatus } from './agent-types.js';

const TRIGGERS: Record<HandoffTrigger, string> = {
  button: 'Pressed the "talk to a person" button',
  keyword: 'Asked for a person in their own words',
  'bot-failure': 'The bot did not understand',
  frustration: 'Seemed frustrated',
  'sensitive-topic': 'Sensitive topic',
  'bot-request': 'The bot asked for a person',
  'low-confidence': 'The bot was unsure',
  'no-bot': 'Wrote in directly (no bot)',
  api: 'Requested by the site',
};

const STATUSES: Record<RequestStatus, string> = {
  waiting: 'Waiting',
  active: 'In conversation',
  ended: 'Ended',
  'handed-back': 'Handed back to the bot',
  cancelled: 'Withdrawn by the customer',
  unavailable: 'Told nobody was available',
};

/** A sentence describing why the customer asked for a person. */
export function triggerLabel(trigger: HandoffTrigger): string {
  return TRIGGERS[trigger] ?? trigger;
}

export function statusLabel(status: RequestStatus): string {
  return STATUSES[status] ?? status;
}

/** `14:05` in the agent's own time zone. */
export function clock(ms: number | string): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** `3 min` / `45 s`, for waiting times. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Any value of the site's custom context, as one line of text. */
export function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
