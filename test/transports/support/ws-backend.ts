/**
 * A test WebSocket backend speaking the default WebSocket wire format
 * (docs/transports.md): `resume` with replay after `lastSeq`, `message` frames acked
 * by id and de-duplicated, `ping`/`pong`, and events sent with a per-conversation
 * `seq`. Its state survives `restart()`; faults can be scheduled.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TransportEvent } from '../../../src/core/contract';

export interface WsAccepted {
  id: string;
  text: string;
  conversationId: string;
}

export interface WsBackend {
  /** `ws://127.0.0.1:<port>/chat` */
  readonly url: string;
  readonly accepted: WsAccepted[];
  /** Every frame received, in order. */
  readonly frames: Array<Record<string, unknown>>;
  /** 'retryable' and 'fatal' nack every message until set back to 'none'. */
  failMode: 'none' | 'retryable' | 'fatal';
  readonly replyQueue: TransportEvent[][];
  /** Pings are ignored while true: the connection looks alive to TCP but is dead to us. */
  silent: boolean;
  /** The next message frames: `drop` cuts the connection before processing, `lose-ack` processes then cuts before acking. */
  readonly messageFaults: Array<'drop' | 'lose-ack'>;
  /** Cuts a connection after it has carried this many events (checked per connection, once). */
  cutAfterEvents: number | undefined;
  /** Messages are processed but never acknowledged while true. */
  ackless: boolean;
  /** Closes every open connection with this code, as a server refusing a client would. */
  closeAll(code: number, reason: string): void;
  /** How many connections were opened so far. */
  readonly connections: number;
  /** Open sockets that said `resume` for this conversation. */
  openCount(conversationId?: string): number;
  push(conversationId: string, events: TransportEvent[]): void;
  /** Kills every connection (as a crash would) and stops listening, until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Kills every connection and listens again on the same port after `downMs`. */
  restart(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWsBackend(options: { reply?: (m: WsAccepted) => TransportEvent[] } = {}): Promise<WsBackend> {
  const reply = options.reply ?? ((m: WsAccepted): TransportEvent[] => [{ type: 'message', message: { id: `r_${m.id}`, text: `echo: ${m.text}` } }]);
  const log = new Map<string, Array<{ seq: number; event: TransportEvent }>>();
  const open = new Map<WebSocket, { conversationId: string | undefined; sent: number }>();
  let server: WebSocketServer;
  let port = 0;
  let connections = 0;

  const send = (ws: WebSocket, frame: unknown): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  const sendEvent = (ws: WebSocket, entry: { seq: number; event: TransportEvent }): void => {
    const info = open.get(ws);
    if (!info) return;
    if (backend.cutAfterEvents !== undefined && info.sent >= backend.cutAfterEvents) {
      backend.cutAfterEvents = undefined;
      ws.terminate();
      return;
    }
    info.sent++;
    send(ws, { ...entry.event, seq: entry.seq });
  };

  const backend: WsBackend = {
    url: '',
    accepted: [],
    frames: [],
    failMode: 'none',
    replyQueue: [],
    silent: false,
    messageFaults: [],
    cutAfterEvents: undefined,
    ackless: false,
    closeAll(code, reason) {
      for (const ws of open.keys()) ws.close(code, reason);
    },
    get connections() {
      return connections;
    },
    openCount(conversationId) {
      return [...open.values()].filter((i) => i.conversationId !== undefined && (!conversationId || i.conversationId === conversationId)).length;
    },
    push(conversationId, events) {
      const entries = log.get(conversationId) ?? [];
      log.set(conversationId, entries);
      for (const event of events) {
        const entry = { seq: entries.length + 1, event };
        entries.push(entry);
        for (const [ws, info] of open) if (info.conversationId === conversationId) sendEvent(ws, entry);
      }
    },
    down: () => stop(),
    up: () => listen(),
    async restart(downMs = 0) {
      await stop();
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      await listen();
    },
    close: () => stop(),
  };

  const onFrame = (ws: WebSocket, frame: Record<string, unknown>): void => {
    backend.frames.push(frame);
    const info = open.get(ws);
    if (!info) return;
    switch (frame.type) {
      case 'resume': {
        info.conversationId = String(frame.conversationId);
        const after = Number(frame.lastSeq ?? 0);
        for (const entry of log.get(info.conversationId) ?? []) if (entry.seq > after) sendEvent(ws, entry);
        return;
      }
      case 'ping':
        if (!backend.silent) send(ws, { type: 'pong' });
        return;
      case 'message': {
        const id = String(frame.id);
        const fault = backend.messageFaults.shift();
        if (fault === 'drop') return void ws.terminate();
        if (backend.failMode !== 'none') {
          send(ws, { type: 'nack', id, message: 'refused by the test backend', retryable: backend.failMode === 'retryable' });
          return;
        }
        const message = frame.message as { text: string };
        const conversationId = String(frame.conversationId);
        if (!backend.accepted.some((a) => a.id === id)) {
          const m = { id, text: message.text, conversationId };
          backend.accepted.push(m);
          backend.push(conversationId, backend.replyQueue.shift() ?? reply(m));
        }
        if (fault === 'lose-ack') return void ws.terminate();
        if (backend.ackless) return;
        send(ws, { type: 'ack', id, serverId: `srv_${id}` });
        return;
      }
      default:
        return;
    }
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server = new WebSocketServer({ host: '127.0.0.1', port });
      server.once('error', reject);
      server.on('listening', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
      server.on('connection', (ws) => {
        connections++;
        open.set(ws, { conversationId: undefined, sent: 0 });
        ws.on('close', () => open.delete(ws));
        ws.on('message', (data) => {
          try {
            onFrame(ws, JSON.parse(String(data)) as Record<string, unknown>);
          } catch {
            ws.close(1003, 'bad frame');
          }
        });
      });
    });

  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      for (const ws of open.keys()) ws.terminate();
      open.clear();
      server.close(() => resolve());
    });

  await listen();
  Object.assign(backend, { url: `ws://127.0.0.1:${port}/chat` });
  return backend;
}
