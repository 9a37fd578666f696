/**
 * The mapping table of docs/handoff-protocol.md ("Mapping to the transport
 * contract"), written as `encode`/`decode` over the generic WebSocket transport.
 * It exists so the tests can prove the protocol carries a real widget
 * conversation; the shipped preset (`createHandoffTransport`) lives in src/.
 */
import WebSocket from 'ws';
import type { HandoffReceipt, HumanTransport } from '../../src/core/contract.js';
import { TransportError } from '../../src/core/errors.js';
import type { Availability } from '../../src/core/types.js';
import type { WireMessage } from '../../src/transports/rest-wire.js';
import { createWebSocketTransport } from '../../src/transports/websocket.js';
import type { ClientFrame } from '../../src/transports/websocket-frames.js';

type Raw = Record<string, unknown>;

/** Hub frame → what the generic transport understands (ack/nack/ready/pong or a TransportEvent with seq). */
export function decodeHubFrame(data: unknown): unknown {
  const f = JSON.parse(String(data)) as Raw;
  const seq = f.seq as number | undefined;
  switch (f.type) {
    case 'welcome':
      return { type: 'ready', resetSeq: f.reset === true };
    case 'ack':
      return { type: 'ack', id: f.id, ...(f.result as Raw | undefined) };
    case 'error':
      if (typeof f.id === 'string') return { type: 'nack', id: f.id, code: f.code, message: f.message, retryable: f.retryable, retryAfterMs: f.retryAfterMs };
      throw new TransportError(String(f.code), String(f.message), { retryable: f.retryable === true });
    case 'pong':
      return { type: 'pong' };
    case 'availability': {
      const availability: Availability = { available: f.available === true };
      if (typeof f.etaSeconds === 'number') availability.etaSeconds = f.etaSeconds;
      if (typeof f.message === 'string') availability.message = f.message;
      return { type: 'availability', availability };
    }
    case 'queued':
      return { type: 'queue', seq, position: f.position, etaSeconds: f.etaSeconds };
    case 'agent-joined':
      return { type: 'agent-joined', seq, agent: f.agent };
    case 'agent-typing':
      return { type: 'typing', seq, active: f.active, agent: f.agent };
    case 'agent-message':
      return { type: 'message', seq, message: f.message };
    case 'agent-left':
      return { type: 'agent-left', seq, agent: f.agent };
    case 'unavailable':
    case 'handed-back':
      return { type: f.type, seq, ...(f.reason ? { reason: f.reason } : {}) };
    case 'ended':
      return { type: 'ended', seq, by: f.by, ...(f.reason ? { reason: f.reason } : {}) };
    default:
      return undefined;
  }
}

/** Generic transport frame → hub frame. */
export function encodeHubFrame(frame: ClientFrame): string | undefined {
  switch (frame.type) {
    case 'resume': {
      const session = frame.session as { locale: string; user?: unknown };
      return JSON.stringify({
        v: 1,
        type: 'hello',
        conversationId: frame.conversationId,
        lastSeq: Number(frame.lastSeq ?? 0),
        locale: session.locale,
        ...(session.user ? { user: session.user } : {}),
      });
    }
    case 'message': {
      const m = frame.message as WireMessage;
      return JSON.stringify({ v: 1, type: 'message', id: frame.id, conversationId: frame.conversationId, text: m.text, time: m.time, ...(m.quickReply ? { quickReply: m.quickReply } : {}) });
    }
    case 'pong':
      return undefined; // the hub never sends protocol-level pings
    default:
      return JSON.stringify({ v: 1, ...frame });
  }
}

/** A human transport speaking the handoff-chat protocol to `url`. */
export function handoffTransportForTests(url: string): HumanTransport {
  const ws = createWebSocketTransport({ url, WebSocket: WebSocket as never, kind: 'handoff', waitForReady: true, encode: encodeHubFrame, decode: decodeHubFrame });
  let conversationId = '';
  let requestId: string | undefined;
  let counter = 0;
  const fresh = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++counter}`;
  return {
    kind: 'handoff',
    async connect(emit, session) {
      conversationId = session.conversationId;
      await ws.connect(emit, session);
    },
    send: (message) => ws.send(message),
    close: () => ws.close(),
    async handoff(request) {
      requestId = request.id;
      const ack = (await ws.request({ type: 'handoff', id: request.id, conversationId: request.conversationId, transcript: request.transcript }, request.id)) as Raw;
      const receipt: HandoffReceipt = { status: ack.status as HandoffReceipt['status'] };
      if (typeof ack.position === 'number') receipt.position = ack.position;
      if (typeof ack.etaSeconds === 'number') receipt.etaSeconds = ack.etaSeconds;
      if (ack.agent) receipt.agent = ack.agent as HandoffReceipt['agent'];
      return receipt;
    },
    async cancel(id) {
      await ws.request({ type: 'cancel', id: `cancel_${id}`, conversationId, requestId: id }, `cancel_${id}`);
    },
    async end(cid) {
      const id = fresh('end');
      await ws.request({ type: 'end', id, conversationId: cid, ...(requestId ? { requestId } : {}) }, id);
    },
    async rate(rating) {
      await ws.request({ type: 'csat', id: rating.id, conversationId: rating.conversationId, score: rating.score, ...(rating.comment ? { comment: rating.comment } : {}) }, rating.id);
    },
    async leaveMessage(note) {
      const { id, conversationId: cid, email, message, name, transcript } = note;
      await ws.request({ type: 'leave-message', id, conversationId: cid, email, message, ...(name ? { name } : {}), transcript }, id);
    },
    async availability() {
      const id = fresh('av');
      const ack = (await ws.request({ type: 'availability', id }, id)) as Raw;
      const a = ack.availability as Raw;
      return { available: a.available === true, ...(typeof a.etaSeconds === 'number' ? { etaSeconds: a.etaSeconds } : {}), ...(typeof a.message === 'string' ? { message: a.message } : {}) };
    },
  };
}
