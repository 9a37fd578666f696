import type { Transport, TransportEvent, TransportSession } from '../../../src/core/contract';
import type { TransportEnv } from '../../../src/transports/transport-env';

/**
 * Timers that record every delay a transport asks for and run it `scale` times as
 * long, so tests can assert "waited 3000 ms" while taking 30 ms.
 */
export function recordingEnv(scale = 0.01, realFromMs = Infinity): { env: Partial<TransportEnv>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    env: {
      random: () => 0.5,
      setTimeout: (fn, ms) => {
        delays.push(ms);
        // Deadlines (request timeouts) may keep their real length, so a busy machine cannot trip them.
        return setTimeout(fn, ms >= realFromMs ? ms : Math.round(ms * scale));
      },
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
  };
}

export interface Connected<T extends Transport> {
  transport: T;
  session: TransportSession;
  /** Everything emitted, connection changes included, in order. */
  all: TransportEvent[];
  /** Emitted events other than `connection` and `error`. */
  events: TransportEvent[];
  errors: Error[];
  states: string[];
}

let n = 0;

/** Connects a transport with a recording `emit`. */
export async function connect<T extends Transport>(transport: T, conversationId = `conv_${++n}`): Promise<Connected<T>> {
  const session: TransportSession = { conversationId, locale: 'sv-SE' };
  const c: Connected<T> = { transport, session, all: [], events: [], errors: [], states: [] };
  await transport.connect((event) => {
    c.all.push(event);
    if (event.type === 'connection') c.states.push(event.state);
    else if (event.type === 'error') c.errors.push(event.error);
    else c.events.push(event);
  }, session);
  return c;
}

let m = 0;

/** A customer message for `conversationId`. */
export function message(conversationId: string, text: string, attempt = 1) {
  return { id: `msg_${++m}`, conversationId, text, time: 1_700_000_000_000 + m, attempt };
}

/** What a rejection looked like, for `toMatchObject`. */
export async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('Expected the promise to reject, but it resolved.');
}

/** Message texts among the events, in order. */
export function texts(events: TransportEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'message' ? [e.message.text] : []));
}
