import type { Availability } from '../core/types.js';
import { isRecord } from '../core/is-record.js';

/*
 * Whether a Chatwoot inbox is open, from its public details (`GET
 * /public/api/v1/inboxes/{inbox_identifier}`): `working_hours_enabled`, `timezone` and
 * `working_hours`, one entry per `day_of_week` (0 = Sunday) with `closed_all_day`,
 * `open_all_day`, or `open_hour`/`open_minutes` to `close_hour`/`close_minutes`.
 * The Client API says nothing about which agents are online, so open hours are the
 * availability it can give.
 */

type Raw = Record<string, unknown>;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Day of week and minutes since midnight at `now` in `timeZone` (UTC when Intl does not know it). */
function localTime(now: number, timeZone: string | undefined): { day: number; minutes: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: timeZone || 'UTC', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  }
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return { day: DAYS.indexOf(get('weekday')), minutes: (Number(get('hour')) % 24) * 60 + Number(get('minute')) };
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * The availability a Chatwoot inbox's public details imply at `now`: open unless working
 * hours are enabled and `now` falls outside them in the inbox's time zone.
 *
 * @example
 * inboxAvailability({ working_hours_enabled: true, timezone: 'Europe/Stockholm',
 *   working_hours: [{ day_of_week: 1, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 0 }] }, Date.parse('2024-01-01T10:00:00Z'))
 * // { available: true } (a Monday, 11:00 in Stockholm)
 */
export function inboxAvailability(inbox: unknown, now: number): Availability {
  if (!isRecord(inbox) || inbox.working_hours_enabled !== true) return { available: true };
  const { day, minutes } = localTime(now, typeof inbox.timezone === 'string' ? inbox.timezone : undefined);
  const hours = Array.isArray(inbox.working_hours) ? inbox.working_hours : [];
  const today = hours.find((h): h is Raw => isRecord(h) && h.day_of_week === day);
  if (!today || today.closed_all_day === true) return { available: false };
  if (today.open_all_day === true) return { available: true };
  const opens = num(today.open_hour) * 60 + num(today.open_minutes);
  const closes = num(today.close_hour) * 60 + num(today.close_minutes);
  return { available: minutes >= opens && minutes < closes };
}
