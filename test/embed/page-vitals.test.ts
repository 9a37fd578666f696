import { describe, expect, it } from 'vitest';
import { createChat } from '../../src/core/chat';
import { createPageVitals, pageVitals, type WebVitalsModule } from '../../src/embed/page-vitals';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';

type Report = (metric: { name: string; value: number }) => void;

/** A stand-in for the web-vitals module that records subscriptions and lets the test report values. */
function fakeWebVitals() {
  const reporters: Record<string, Report> = {};
  const options: Array<{ reportAllChanges?: boolean } | undefined> = [];
  const subscribe = (name: string) => (report: Report, opts?: { reportAllChanges?: boolean }) => {
    reporters[name] = report;
    options.push(opts);
  };
  const module: WebVitalsModule = {
    onLCP: subscribe('LCP'),
    onCLS: subscribe('CLS'),
    onINP: subscribe('INP'),
    onFCP: subscribe('FCP'),
    onTTFB: subscribe('TTFB'),
  };
  let loads = 0;
  return {
    load: async () => {
      loads++;
      return module;
    },
    report: (name: string, value: number) => reporters[name]?.({ name, value }),
    get loads() {
      return loads;
    },
    options,
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('page vitals', () => {
  it('loads web-vitals only when started, once, and asks for every change', async () => {
    const fake = fakeWebVitals();
    const vitals = createPageVitals(fake.load);
    expect(fake.loads).toBe(0);
    expect(vitals.read()).toBeUndefined();
    vitals.start();
    vitals.start();
    await settle();
    expect(fake.loads).toBe(1);
    expect(fake.options).toEqual(Array(5).fill({ reportAllChanges: true }));
  });

  it('keeps the latest figure of each metric, rounded', async () => {
    const fake = fakeWebVitals();
    const vitals = createPageVitals(fake.load);
    vitals.start();
    await settle();
    fake.report('LCP', 1890.4);
    fake.report('LCP', 2450.6);
    fake.report('CLS', 0.08234);
    fake.report('INP', 183.2);
    fake.report('FCP', 1200.49);
    fake.report('TTFB', 310.5);
    fake.report('INP', Number.NaN);
    expect(vitals.read()).toEqual({ LCP: 2451, CLS: 0.082, INP: 183, FCP: 1200, TTFB: 311 });
  });

  it('hands out copies, so a handoff cannot change the collector', async () => {
    const fake = fakeWebVitals();
    const vitals = createPageVitals(fake.load);
    vitals.start();
    await settle();
    fake.report('LCP', 1000);
    const first = vitals.read()!;
    first.LCP = 1;
    expect(vitals.read()).toEqual({ LCP: 1000 });
  });

  it('goes without figures when web-vitals cannot load', async () => {
    const vitals = createPageVitals(() => Promise.reject(new Error('blocked')));
    vitals.start();
    await settle();
    expect(vitals.read()).toBeUndefined();
  });

  it('is one collector per page', () => {
    const page = {};
    expect(pageVitals(page, fakeWebVitals().load)).toBe(pageVitals(page));
    expect(pageVitals({}, fakeWebVitals().load)).not.toBe(pageVitals(page));
  });

  it('puts the figures into the handoff transcript’s context.vitals', async () => {
    const fake = fakeWebVitals();
    const vitals = createPageVitals(fake.load);
    vitals.start();
    await settle();
    fake.report('LCP', 2450.2);
    fake.report('CLS', 0.1);
    const human = createMemoryHuman();
    const chat = createChat({ bot: createMemoryBot(), human, locale: 'en', vitals: () => vitals.read() });
    chat.open();
    chat.requestHuman('please');
    await settle();
    expect(human.backend.handoffs[0]?.transcript.context.vitals).toEqual({ LCP: 2450, CLS: 0.1 });
    chat.destroy();
  });
});
