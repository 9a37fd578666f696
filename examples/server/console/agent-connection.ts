/**
 * The console's WebSocket to the hub's agent channel: says hello on every
 * (re)connect, keeps each command until its ack and sends it again after a
 * reconnect under the same id (the hub answers repeats without redoing them),
 * pings to notice a dead connection, and reconnects with capped backoff.
 */
import type { AgentCommand, AgentSignal, HubFrame } from './agent-types.js';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'closed';

export interface AgentConnectionOptions {
  url: string;
  agent: { id: string; name: string; title?: string };
  available: boolean;
  onFrame(frame: HubFrame): void;
  onStatus(status: ConnectionStatus): void;
  /** Injected for tests; the browser's by default. */
  WebSocket?: typeof WebSocket;
  random?: () => number;
}

export interface AgentConnection {
  /** Sends a command; returns its id. Survives reconnects until acked. */
  command(command: AgentCommand): string;
  /** Sends a signal if connected; signals are not worth resending. */
  signal(signal: AgentSignal): void;
  /** The availability sent with the next hello. */
  setAvailable(available: boolean): void;
  close(): void;
}

const MAX_BACKOFF_MS = 15_000;

function newId(random: () => number): string {
  return `agc_${Date.now().toString(36)}${Math.floor(random() * 0x100000000).toString(36)}`;
}

/**
 * Opens the connection at once.
 *
 * @example
 * const connection = createAgentConnection({ url: 'ws://127.0.0.1:8787/agent', agent: { id: 'agt_1', name: 'Alex' },
 *   available: true, onFrame: handleFrame, onStatus: showStatus })
 * connection.command({ type: 'accept', conversationId, requestId })
 */
export function createAgentConnection(options: AgentConnectionOptions): AgentConnection {
  const Socket = options.WebSocket ?? WebSocket;
  const random = options.random ?? Math.random;
  const pending = new Map<string, Record<string, unknown>>();
  let available = options.available;
  let socket: WebSocket | undefined;
  let attempts = 0;
  let closed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let lastHeard = 0;
  // Frames may only follow the hub's welcome; until then commands wait in `pending`.
  let ready = false;

  const write = (frame: Record<string, unknown>): void => {
    if (ready && socket?.readyState === Socket.OPEN) socket.send(JSON.stringify({ v: 1, ...frame }));
  };

  const stopHeartbeat = (): void => {
    if (heartbeat !== undefined) clearInterval(heartbeat);
    heartbeat = undefined;
  };

  const connect = (): void => {
    options.onStatus(attempts === 0 ? 'connecting' : 'reconnecting');
    const ws = new Socket(options.url);
    socket = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ v: 1, type: 'hello', agent: options.agent, available }));
    };
    ws.onmessage = (event) => {
      lastHeard = Date.now();
      let frame: HubFrame;
      try {
        frame = JSON.parse(String(event.data)) as HubFrame;
      } catch {
        return;
      }
      if (frame.type === 'welcome') {
        attempts = 0;
        ready = true;
        options.onStatus('online');
        // Unacked commands go again, in order, under their first id.
        for (const command of pending.values()) write(command);
        stopHeartbeat();
        heartbeat = setInterval(() => {
          if (Date.now() - lastHeard > frame.heartbeatMs * 2) ws.close(4000, 'No answer to pings');
          else write({ type: 'ping' });
        }, frame.heartbeatMs);
      }
      if ((frame.type === 'ack' || frame.type === 'error') && frame.id) pending.delete(frame.id);
      options.onFrame(frame);
    };
    ws.onclose = () => {
      stopHeartbeat();
      if (socket !== ws) return;
      ready = false;
      socket = undefined;
      if (closed) return;
      attempts++;
      options.onStatus('reconnecting');
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 10)) * (0.5 + random() / 2);
      reconnectTimer = setTimeout(connect, delay);
    };
  };

  connect();

  return {
    command(command) {
      const id = newId(random);
      const frame = { ...command, id };
      pending.set(id, frame);
      write(frame);
      return id;
    },
    signal(signal) {
      write({ ...signal });
    },
    setAvailable(value) {
      available = value;
    },
    close() {
      closed = true;
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
      stopHeartbeat();
      socket?.close(1000);
      socket = undefined;
      options.onStatus('closed');
    },
  };
}
