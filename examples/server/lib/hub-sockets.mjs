/**
 * WebSocket endpoints of the hub: `/hub` for customers' widgets and `/agent`
 * for the agent console. They only decode frames, enforce the hello-first rule,
 * the origin check and liveness; hub.mjs does the rest.
 */
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES, ProtocolError, agentFrame, customerFrame, errorFrame } from './hub-frames.mjs';

/** Close reasons are limited to 123 bytes. */
function closeReason(text) {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

/** Parses a message; answers and returns undefined when it is not a JSON frame. */
function decode(data, isBinary, send) {
  if (isBinary) {
    send(errorFrame(new ProtocolError('bad_frame', 'Binary messages are not accepted; send JSON text.')));
    return undefined;
  }
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    send(errorFrame(new ProtocolError('bad_frame', 'The message is not valid JSON.')));
    return undefined;
  }
}

/**
 * Creates both WebSocket endpoints on top of an existing HTTP server's upgrades.
 *
 * @param {object} options
 * @param {ReturnType<import('./hub.mjs').createHub>} options.hub
 * @param {(req: import('node:http').IncomingMessage) => boolean} options.originAllowed
 * @param {number} [options.helloTimeoutMs] default 10 000
 * @param {(message: string, error: unknown) => void} [options.log]
 *
 * @example
 * const sockets = createHubSockets({ hub, originAllowed: () => true })
 * server.on('upgrade', (req, socket, head) => sockets.upgrade(req, socket, head) || socket.destroy())
 */
export function createHubSockets({ hub, originAllowed, helloTimeoutMs = 10_000, log = () => {} }) {
  const customerServer = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const agentServer = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  const sender = (ws) => (frame) => {
    if (ws.readyState === ws.OPEN) ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  };

  /** Shared by both endpoints: hello first (else 4008 after the timeout), then `handle`. */
  const serve = (ws, parseHello, onHello, onFrame, onClose) => {
    const send = sender(ws);
    let ready = false;
    const timer = setTimeout(() => ws.close(4008, 'No hello within the time limit'), helloTimeoutMs);
    ws.on('message', (data, isBinary) => {
      const raw = decode(data, isBinary, send);
      if (raw === undefined) return;
      try {
        if (ready) return onFrame(raw, send);
        if (raw?.type !== 'hello') {
          send(errorFrame(new ProtocolError('hello_required', 'The first frame on a connection must be hello.'), raw?.id));
          return undefined;
        }
        let hello;
        try {
          hello = parseHello(raw);
        } catch (error) {
          send(errorFrame(error));
          ws.close(4400, closeReason(error.message));
          return undefined;
        }
        clearTimeout(timer);
        ready = true;
        onHello(hello, send);
      } catch (error) {
        log('hub: a frame could not be handled', error);
        send(errorFrame(error, raw?.id));
      }
      return undefined;
    });
    ws.on('close', () => {
      clearTimeout(timer);
      if (ready) onClose();
    });
  };

  customerServer.on('connection', (ws) => {
    let conversationId;
    let detach = () => {};
    serve(
      ws,
      customerFrame,
      (hello, send) => {
        conversationId = hello.conversationId;
        detach = hub.attachCustomer(hello, { status: send, event: (_seq, text) => send(text) });
      },
      (raw, send) => hub.customerFrame(conversationId, raw, send),
      () => detach(),
    );
  });

  agentServer.on('connection', (ws) => {
    let session;
    serve(
      ws,
      agentFrame,
      (hello, send) => {
        session = hub.attachAgent(hello, send);
      },
      (raw, send) => hub.agentFrame(session, raw, send),
      () => hub.detachAgent(session),
    );
  });

  // Browsers answer WebSocket pings by themselves; a connection that stops answering is dead.
  const alive = new WeakMap();
  const watch = (ws) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', () => alive.set(ws, true));
  };
  customerServer.on('connection', watch);
  agentServer.on('connection', watch);
  const liveness = setInterval(() => {
    for (const ws of [...customerServer.clients, ...agentServer.clients]) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, hub.heartbeatMs);
  liveness.unref?.();

  return {
    /** Takes the upgrade when the path is one of ours; returns false otherwise. */
    upgrade(req, socket, head, pathname) {
      const server = pathname === '/hub' ? customerServer : pathname === '/agent' ? agentServer : undefined;
      if (!server) return false;
      server.handleUpgrade(req, socket, head, (ws) => {
        if (!originAllowed(req)) {
          ws.close(4403, 'Origin not allowed');
          return;
        }
        server.emit('connection', ws, req);
      });
      return true;
    },
    /**
     * Closes every connection with 1001 ("going away") so clients reconnect later;
     * resolves when all are closed, cutting off the ones that do not answer in a second.
     */
    async close() {
      clearInterval(liveness);
      const open = [...customerServer.clients, ...agentServer.clients];
      await Promise.all(
        open.map(
          (ws) =>
            new Promise((resolve) => {
              const cutoff = setTimeout(() => ws.terminate(), 1000);
              ws.once('close', () => {
                clearTimeout(cutoff);
                resolve();
              });
              ws.close(1001, 'Server shutting down');
            }),
        ),
      );
      customerServer.close();
      agentServer.close();
    },
  };
}
