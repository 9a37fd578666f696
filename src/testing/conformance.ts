import type { HandoffRequest, HumanTransport, OutboundMessage, Transport, TransportEvent, TransportSession } from '../core/contract.js';

/**
 * What the suite needs from the backend behind the transport under test. A test
 * server (or an in-memory fake) implements it.
 *
 * @example
 * { accepted: () => server.accepted, fail: (mode) => server.setFailure(mode), replyWith: (events) => server.queue(events) }
 */
export interface ConformanceBackend {
  /** Messages the backend accepted, once per id, in the order it accepted them. */
  accepted(): ReadonlyArray<{ id: string; text: string }> | Promise<ReadonlyArray<{ id: string; text: string }>>;
  /**
   * From now on refuse deliveries: `retryable` as a passing failure (HTTP 503, a
   * retryable nack), `fatal` for good (HTTP 400, a final nack); `none` accepts again.
   */
  fail(mode: 'none' | 'retryable' | 'fatal'): void | Promise<void>;
  /** The backend answers the next message it accepts with these events, in this order. */
  replyWith(events: TransportEvent[]): void | Promise<void>;
  /** Sends events to the connected client unprompted. Omit when the transport has no push channel. */
  push?(events: TransportEvent[]): void | Promise<void>;
  /** Handoff requests the backend accepted, once per id (human transports only). */
  handoffs?(): ReadonlyArray<{ id: string }> | Promise<ReadonlyArray<{ id: string }>>;
  /** Stops whatever `setup` started. Runs after every test, also a failed one. */
  teardown?(): void | Promise<void>;
}

/** What `setup` returns: a fresh transport and the backend it talks to. */
export interface ConformanceSetup {
  transport: Transport;
  backend: ConformanceBackend;
}

/** The test functions the suite uses; vitest's and jest's fit as they are. */
export interface ConformanceFramework {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): unknown;
  expect(actual: unknown): { toEqual(expected: unknown): unknown; toBe(expected: unknown): unknown };
}

export interface ConformanceOptions {
  /** Longest wait for something asynchronous to show up. Default 3000 ms. */
  waitMs?: number;
  /** How long "nothing happens" is watched for, e.g. after close. Default 150 ms. */
  quietMs?: number;
  /** Per-test timeout passed to `it`. Default 15000 ms. */
  testTimeoutMs?: number;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out after ${ms} ms waiting until ${what}.`);
    await pause(5);
  }
}

/** The failure as the suite sees it: a TransportError checked by name, as the library's guards do. */
async function rejection(promise: Promise<unknown>): Promise<{ name: string; retryable: unknown; code: unknown } | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    const e = error as { name?: unknown; retryable?: unknown; code?: unknown };
    return { name: String(e?.name), retryable: e?.retryable, code: typeof e?.code === 'string' ? 'a code' : e?.code };
  }
}

const isHuman = (t: Transport): t is HumanTransport => typeof (t as Partial<HumanTransport>).handoff === 'function';

let counter = 0;

/**
 * Runs the shared transport behaviour tests, the same ones every built-in transport
 * passes, against your transport. Call it at the top level of a test file.
 *
 * @example
 * import { describe, it, expect } from 'vitest'
 * import { describeTransportConformance } from 'handoff-chat/testing'
 *
 * describeTransportConformance('my desk', async () => {
 *   const server = await startMyTestServer()
 *   return { transport: createMyTransport({ url: server.url }), backend: server.controls }
 * }, { describe, it, expect })
 */
export function describeTransportConformance(
  name: string,
  setup: (context: { conversationId: string }) => ConformanceSetup | Promise<ConformanceSetup>,
  framework: ConformanceFramework,
  options: ConformanceOptions = {},
): void {
  const { describe, it, expect } = framework;
  const waitMs = options.waitMs ?? 3000;
  const quietMs = options.quietMs ?? 150;
  const timeout = options.testTimeoutMs ?? 15_000;

  /** Runs one test with a fresh transport, a recording `emit`, and a teardown that always runs. */
  const withTransport = (
    body: (t: {
      transport: Transport;
      backend: ConformanceBackend;
      session: TransportSession;
      events: TransportEvent[];
      errors: Error[];
      connect(): Promise<void>;
      message(text: string, attempt?: number): OutboundMessage;
    }) => Promise<void>,
  ) => {
    return async (): Promise<void> => {
      const conversationId = `conformance_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
      const { transport, backend } = await setup({ conversationId });
      const session: TransportSession = { conversationId, locale: 'en' };
      const events: TransportEvent[] = [];
      const errors: Error[] = [];
      let n = 0;
      try {
        await body({
          transport,
          backend,
          session,
          events,
          errors,
          connect: () =>
            transport.connect((event) => {
              if (event.type === 'connection') return;
              if (event.type === 'error') errors.push(event.error);
              else events.push(event);
            }, session),
          message: (text, attempt = 1) => ({ id: `${conversationId}_m${++n}`, conversationId, text, time: 1_700_000_000_000 + n, attempt }),
        });
      } finally {
        try {
          await transport.close();
        } finally {
          await backend.teardown?.();
        }
      }
    };
  };

  describe(`${name} (transport conformance)`, () => {
    it(
      'connects, sends, and closes',
      withTransport(async ({ transport, backend, connect, message }) => {
        await connect();
        const m = message('hello');
        await transport.send(m);
        expect((await backend.accepted()).map((a) => a.id)).toEqual([m.id]);
        await transport.close();
      }),
      timeout,
    );

    it(
      'resolves send only once the backend has the message, keeping order',
      withTransport(async ({ transport, backend, connect, message }) => {
        await connect();
        const sent: string[] = [];
        for (const text of ['one', 'two', 'three']) {
          const m = message(text);
          await transport.send(m);
          sent.push(m.id);
          // Resolved means accepted: the backend must already have it, with nothing else to wait for.
          expect((await backend.accepted()).map((a) => a.id)).toEqual(sent);
        }
        expect((await backend.accepted()).map((a) => a.text)).toEqual(['one', 'two', 'three']);
      }),
      timeout,
    );

    it(
      'rejects with a retryable TransportError while the backend has trouble, and keeps the id for the retry',
      withTransport(async ({ transport, backend, connect, message }) => {
        await connect();
        await backend.fail('retryable');
        const m = message('are you there?');
        expect(await rejection(transport.send(m))).toEqual({ name: 'TransportError', retryable: true, code: 'a code' });
        await backend.fail('none');
        await transport.send({ ...m, attempt: 2 });
        expect((await backend.accepted()).filter((a) => a.id === m.id).map((a) => a.text)).toEqual(['are you there?']);
      }),
      timeout,
    );

    it(
      'rejects with a non-retryable TransportError when the backend refuses for good',
      withTransport(async ({ transport, backend, connect, message }) => {
        await connect();
        await backend.fail('fatal');
        expect(await rejection(transport.send(message('nope')))).toEqual({ name: 'TransportError', retryable: false, code: 'a code' });
        expect(await backend.accepted()).toEqual([]);
      }),
      timeout,
    );

    it(
      'accepts a message delivered twice only once',
      withTransport(async ({ transport, backend, connect, message }) => {
        await connect();
        const m = message('once');
        await transport.send(m);
        await transport.send({ ...m, attempt: 2 });
        expect((await backend.accepted()).map((a) => a.id)).toEqual([m.id]);
      }),
      timeout,
    );

    it(
      "delivers the backend's reply events in order",
      withTransport(async ({ transport, backend, connect, message, events, errors }) => {
        await connect();
        const reply: TransportEvent[] = [
          { type: 'typing', active: true },
          { type: 'delta', id: 'r1', text: 'Hel' },
          { type: 'delta', id: 'r1', text: 'lo', done: true },
          { type: 'message', message: { id: 'r2', text: 'How can I help?', quickReplies: [{ title: 'Orders', payload: '/orders' }] } },
          { type: 'handoff-suggested', reason: 'asked for a person' },
        ];
        await backend.replyWith(reply);
        await transport.send(message('hi'));
        await waitFor(() => events.length >= reply.length, waitMs, `${reply.length} events arrived (got ${events.length})`);
        await pause(quietMs);
        expect(events).toEqual(reply);
        expect(errors.map((e) => e.message)).toEqual([]);
      }),
      timeout,
    );

    it(
      'rejects a send before connect and after close',
      withTransport(async ({ transport, connect, message }) => {
        expect((await rejection(transport.send(message('too early'))))?.name).toBe('TransportError');
        await connect();
        await transport.close();
        expect((await rejection(transport.send(message('too late'))))?.name).toBe('TransportError');
      }),
      timeout,
    );

    it(
      'closes idempotently, also before connecting',
      withTransport(async ({ transport, connect }) => {
        await transport.close();
        await connect();
        await transport.close();
        await transport.close();
      }),
      timeout,
    );

    it(
      'works again after close and a new connect',
      withTransport(async ({ transport, backend, connect, message }) => {
        await connect();
        await transport.close();
        await connect();
        const m = message('back again');
        await transport.send(m);
        expect((await backend.accepted()).map((a) => a.id)).toEqual([m.id]);
      }),
      timeout,
    );

    it(
      'emits nothing after close',
      withTransport(async ({ transport, backend, connect, message, events }) => {
        await connect();
        await backend.replyWith([{ type: 'message', message: { id: 'late', text: 'too late' } }]);
        await transport.close();
        await rejection(transport.send(message('after close')));
        await backend.push?.([{ type: 'message', message: { id: 'pushed', text: 'nobody listens' } }]);
        await pause(quietMs);
        expect(events).toEqual([]);
      }),
      timeout,
    );

    it(
      'delivers events the backend pushes unprompted, in order',
      withTransport(async ({ backend, connect, events }) => {
        await connect();
        if (!backend.push) return; // a request/response transport has no push channel
        const pushed: TransportEvent[] = [
          { type: 'agent-joined', agent: { name: 'Alex' } },
          { type: 'message', message: { id: 'p1', text: 'Hi, I am Alex.', agent: { name: 'Alex' } } },
          { type: 'typing', active: false },
        ];
        await backend.push(pushed);
        await waitFor(() => events.length >= pushed.length, waitMs, `${pushed.length} pushed events arrived (got ${events.length})`);
        await pause(quietMs);
        expect(events).toEqual(pushed);
      }),
      timeout,
    );

    it(
      'accepts a handoff request once, even when it is delivered again',
      withTransport(async ({ transport, backend, connect, session }) => {
        if (!isHuman(transport) || !backend.handoffs) return; // bot transports have no handoff
        await connect();
        const requestId = `${session.conversationId}_req`;
        const time = '2024-01-01T12:00:00.000Z';
        const request: HandoffRequest = {
          id: requestId,
          conversationId: session.conversationId,
          transcript: {
            version: 1,
            conversationId: session.conversationId,
            requestId,
            createdAt: time,
            messages: [{ id: 'c1', author: 'customer', text: 'I need a person', time }],
            context: {
              locale: 'en',
              trigger: 'button',
              reason: "Customer pressed 'Talk to a person'",
              startedAt: time,
              summary: { firstRequest: 'I need a person', lastTurns: [{ author: 'customer', text: 'I need a person' }] },
            },
          },
        };
        await transport.handoff(request);
        await transport.handoff(request);
        expect((await backend.handoffs()).map((h) => h.id)).toEqual([request.id]);
      }),
      timeout,
    );
  });
}
