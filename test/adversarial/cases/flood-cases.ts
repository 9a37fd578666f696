/**
 * Floods: a customer (or a script on the page) hammering the widget, a backend
 * drowning it, and a panel opened and closed until something leaks. `flooding.test.tsx`
 * runs them.
 */
export type FloodCase =
  | { name: string; kind: 'sends'; count: number; botDown?: boolean }
  | { name: string; kind: 'inbound'; count: number; duplicates: number; budgetMs: number }
  | { name: string; kind: 'human-clicks'; count: number; slowDeskMs: number }
  | { name: string; kind: 'open-close'; count: number }
  | { name: string; kind: 'mount-unmount'; count: number }
  | { name: string; kind: 'typing-storm'; count: number };

export const FLOOD_CASES: readonly FloodCase[] = [
  { name: '100 sends within a second', kind: 'sends', count: 100 },
  { name: '100 sends while the bot is down, then it recovers', kind: 'sends', count: 100, botDown: true },
  { name: '1,000 inbound messages within a second, some twice', kind: 'inbound', count: 1000, duplicates: 50, budgetMs: 3000 },
  { name: 'the human control pressed 20 times while the desk is slow', kind: 'human-clicks', count: 20, slowDeskMs: 40 },
  { name: 'the panel opened and closed 50 times', kind: 'open-close', count: 50 },
  { name: 'the widget mounted and unmounted 50 times', kind: 'mount-unmount', count: 50 },
  { name: '1,000 typing and availability events', kind: 'typing-storm', count: 1000 },
];
