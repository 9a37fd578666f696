import { loadWebVitals } from './web-vitals-source.js';

/** The part of the `web-vitals` module the widget uses. */
export interface WebVitalsModule {
  onLCP: Subscribe;
  onCLS: Subscribe;
  onINP: Subscribe;
  onFCP: Subscribe;
  onTTFB: Subscribe;
}

type Subscribe = (report: (metric: { name: string; value: number }) => void, options?: { reportAllChanges?: boolean }) => void;

/** The page's web-vitals, measured once per page and read when a handoff starts. */
export interface PageVitals {
  /** Loads `web-vitals` and starts measuring; later calls do nothing. */
  start(): void;
  /** The latest figures, rounded (`CLS` to 3 decimals, the others to whole milliseconds); `undefined` before any. */
  read(): Record<string, number> | undefined;
}

const NAMES = ['LCP', 'CLS', 'INP', 'FCP', 'TTFB'] as const;

/**
 * A web-vitals collector. `load` imports the module (a dynamic `import()` in the npm
 * build, so sites that never open the chat never download it). Every metric is
 * observed with `reportAllChanges`, because the figures are read mid-visit, when a
 * customer asks for a person, not when the page is hidden.
 *
 * `web-vitals` has no way to stop observing, so one collector serves the whole page
 * (see `pageVitals`): its observers are page-wide and passive, and a widget's
 * `destroy()` leaves them to the next widget.
 *
 * @example
 * const vitals = createPageVitals(() => import('web-vitals'))
 * vitals.start()
 * createChat({ human, vitals: () => vitals.read() })
 */
export function createPageVitals(load: () => Promise<WebVitalsModule>): PageVitals {
  const figures: Record<string, number> = {};
  let started = false;
  return {
    start() {
      if (started) return;
      started = true;
      load().then(
        (module) => {
          const record = (metric: { name: string; value: number }): void => {
            if (!Number.isFinite(metric.value) || metric.value < 0) return;
            figures[metric.name] = metric.name === 'CLS' ? Math.round(metric.value * 1000) / 1000 : Math.round(metric.value);
          };
          for (const name of NAMES) {
            try {
              module[`on${name}`](record, { reportAllChanges: true });
            } catch {
              // A metric this browser cannot measure (or a page already gone) does not stop the others.
            }
          }
        },
        () => {
          // Blocked or offline: the handoff simply goes without page figures.
        },
      );
    },
    read() {
      return Object.keys(figures).length ? { ...figures } : undefined;
    },
  };
}

const perPage = new WeakMap<object, PageVitals>();

/**
 * The collector of the page `win` belongs to, created on first use.
 *
 * @example
 * const vitals = pageVitals(window)
 * chat.on('open', () => vitals.start())
 */
export function pageVitals(win: object, load: () => Promise<WebVitalsModule> = loadWebVitals): PageVitals {
  let vitals = perPage.get(win);
  if (!vitals) {
    vitals = createPageVitals(load);
    perPage.set(win, vitals);
  }
  return vitals;
}
