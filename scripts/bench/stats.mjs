// Medians of the bench's samples, and long tasks as issue #8 counts them.

/** A long task is one over 50 ms (the Long Tasks API reports those; the threshold is restated for clarity). */
export const LONG_TASK_MS = 50;

/** Long tasks of `tasks` ({ start, duration } in page time) that overlap the window [from, to). */
export function longTasksIn(tasks, from = 0, to = Infinity) {
  return tasks.filter((t) => t.duration > LONG_TASK_MS && t.start + t.duration > from && t.start < to);
}

/** How many long tasks and the longest, in milliseconds (0 when none). */
export function longTaskSummary(tasks) {
  return { count: tasks.length, longestMs: tasks.reduce((max, t) => Math.max(max, t.duration), 0) };
}

/** The median of the numbers in `values` (nulls and undefined left out); null when there are none. */
export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The value at `path` ("scroll.count") in a sample, or undefined. */
const pick = (sample, path) => path.split('.').reduce((v, key) => (v === null || v === undefined ? undefined : v[key]), sample);

/**
 * For each numeric figure named in `paths`, the median across `samples` (runs that
 * failed, with an `error`, left out).
 *
 * @example
 * medians([{ a: 1 }, { a: 3 }, { a: 2 }], ['a']) // { a: 2 }
 */
export function medians(samples, paths) {
  const ok = samples.filter((s) => !s.error);
  return Object.fromEntries(paths.map((path) => [path, median(ok.map((s) => pick(s, path)))]));
}
