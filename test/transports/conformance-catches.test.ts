/**
 * The conformance suite must be able to fail: each deliberately broken transport
 * below breaks one rule, and the suite has to catch exactly that.
 */
import { describe, expect, it } from 'vitest';
import type { Transport, TransportEvent } from '../../src/core/contract';
import { TransportError } from '../../src/core/errors';
import { describeTransportConformance, type ConformanceSetup } from '../../src/testing/index';
import { createMemoryBot } from '../../src/transports/index';

/** Runs the suite through a framework that records which tests failed instead of reporting them. */
async function failingTests(setup: () => ConformanceSetup): Promise<string[]> {
  const tests: Array<{ name: string; body: () => Promise<void> }> = [];
  describeTransportConformance(
    'broken',
    setup,
    { describe: (_name, body) => body(), it: (name, body) => void tests.push({ name, body }), expect },
    { waitMs: 200, quietMs: 40 },
  );
  const failed: string[] = [];
  for (const test of tests) {
    try {
      await test.body();
    } catch {
      failed.push(test.name);
    }
  }
  return failed;
}

/** A memory bot behind a wrapper that lets each case break one thing. */
function memory(wrap: (bot: ReturnType<typeof createMemoryBot>, replies: TransportEvent[][]) => Transport): () => ConformanceSetup {
  return () => {
    const replies: TransportEvent[][] = [];
    const bot = createMemoryBot({
      reply: () => {
        for (const event of replies.shift() ?? []) bot.backend.emit(event);
        return undefined;
      },
    });
    return {
      transport: wrap(bot, replies),
      backend: {
        accepted: () => bot.backend.received,
        fail: (mode) =>
          mode === 'none' ? bot.backend.failNext(0) : bot.backend.failNext(1000, mode === 'fatal' ? new TransportError('rejected', 'no', { retryable: false }) : undefined),
        replyWith: (events) => void replies.push(events),
        push: (events) => events.forEach((e) => bot.backend.emit(e)),
      },
    };
  };
}

describe('the conformance suite', () => {
  it('passes the memory bot as it is', async () => {
    expect(await failingTests(memory((bot) => bot))).toEqual([]);
  });

  it('catches a send that resolves before the backend has the message', async () => {
    const failed = await failingTests(
      memory((bot) => ({ ...bot, send: async (m) => void setTimeout(() => bot.send(m).catch(() => undefined), 20) })),
    );
    expect(failed).toContain('resolves send only once the backend has the message, keeping order');
  });

  it('catches a send that swallows failures', async () => {
    const failed = await failingTests(memory((bot) => ({ ...bot, send: (m) => bot.send(m).catch(() => undefined) })));
    expect(failed).toEqual(
      expect.arrayContaining([
        'rejects with a retryable TransportError while the backend has trouble, and keeps the id for the retry',
        'rejects with a non-retryable TransportError when the backend refuses for good',
      ]),
    );
  });

  it('catches a retry that changes the message id', async () => {
    const failed = await failingTests(memory((bot) => ({ ...bot, send: (m) => bot.send({ ...m, id: `${m.id}#${m.attempt}` }) })));
    expect(failed).toContain('accepts a message delivered twice only once');
  });

  it('catches events emitted after close', async () => {
    const failed = await failingTests(
      memory((bot) => {
        let keep: ((e: TransportEvent) => void) | undefined;
        return {
          ...bot,
          connect: (emit, session) => {
            keep = emit;
            return bot.connect(emit, session);
          },
          close: () => {
            bot.close();
            setTimeout(() => keep?.({ type: 'typing', active: true }), 5);
          },
        };
      }),
    );
    expect(failed).toContain('emits nothing after close');
  });

  it('catches events delivered out of order', async () => {
    const failed = await failingTests(
      memory((bot) => ({
        ...bot,
        connect: (emit, session) => {
          const held: TransportEvent[] = [];
          return bot.connect((e) => {
            // Holds each event back until the next arrives: pairs come out swapped.
            if (held.length) emit(e), emit(held.pop() as TransportEvent);
            else held.push(e);
          }, session);
        },
      })),
    );
    expect(failed).toEqual(expect.arrayContaining(["delivers the backend's reply events in order", 'delivers events the backend pushes unprompted, in order']));
  });

  it('catches a close that throws the second time', async () => {
    const failed = await failingTests(
      memory((bot) => {
        let closed = false;
        return {
          ...bot,
          close: () => {
            if (closed) throw new Error('already closed');
            closed = true;
            bot.close();
          },
        };
      }),
    );
    expect(failed).toContain('closes idempotently, also before connecting');
  });
});
