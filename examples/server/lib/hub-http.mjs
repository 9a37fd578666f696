/**
 * The hub's HTTP fallback (docs/handoff-protocol.md, "HTTP fallback"):
 * `POST /hub/frames` for customer frames and `GET /hub/events` as server-sent
 * events or as a JSON long-poll. Same frames, ids and seqs as the WebSocket.
 */
import { MAX_FRAME_BYTES, ProtocolError, errorFrame } from './hub-frames.mjs';
import { HttpError, lastEventId, openEventStream, readJson, sendJson } from './http-helpers.mjs';

const STATUS_BY_CODE = {
  bad_frame: 400,
  unknown_type: 400,
  unsupported_version: 400,
  not_in_handoff: 409,
  not_rateable: 409,
  already_rated: 409,
  conversation_mismatch: 409,
  too_large: 413,
  internal: 500,
};

const MAX_WAIT_S = 30;
const DEFAULT_WAIT_S = 25;

/**
 * Creates the HTTP fallback routes.
 *
 * @param {object} options
 * @param {ReturnType<import('./hub.mjs').createHub>} options.hub
 * @param {number} [options.pingMs] SSE keep-alive interval (default 15 000)
 * @param {(message: string, error: unknown) => void} [options.log] where unexpected failures are reported
 * @returns {{ route(req, res, url): Promise<boolean>, close(): void }}
 *
 * @example
 * const http = createHubHttp({ hub })
 * if (await http.route(req, res, url)) return
 */
export function createHubHttp({ hub, pingMs = 15_000, log = () => {} }) {
  const streams = new Set();
  const polls = new Set();

  const postFrame = async (req, res) => {
    let raw;
    try {
      raw = await readJson(req, MAX_FRAME_BYTES);
    } catch (error) {
      const code = error.status === 413 ? 'too_large' : 'bad_frame';
      sendJson(res, error.status ?? 400, errorFrame(new ProtocolError(code, error.message)));
      return;
    }
    let answered = false;
    hub.customerFrame(null, raw, (frame) => {
      if (answered) return;
      answered = true;
      const status = frame.type === 'error' ? (STATUS_BY_CODE[frame.code] ?? 400) : 200;
      sendJson(res, status, frame);
    });
    // Frames without an answer (typing) are accepted silently.
    if (!answered) res.writeHead(204, { 'cache-control': 'no-store' }).end();
  };

  const conversationOf = (url) => {
    const id = url.searchParams.get('conversationId');
    if (!id || id.length > 200) {
      throw new HttpError(400, 'bad_frame', '"conversationId" is required in the query string (1 to 200 characters).');
    }
    return id;
  };

  const getEvents = async (req, res, url) => {
    const conversationId = conversationOf(url);
    const afterParam = Number(url.searchParams.get('after') ?? 0);
    const after = Math.max(Number.isInteger(afterParam) && afterParam > 0 ? afterParam : 0, lastEventId(req, url));
    const accept = String(req.headers.accept ?? '');

    if (accept.includes('text/event-stream')) {
      const stream = openEventStream(res, { pingMs });
      const detach = hub.attachCustomer(
        { conversationId, lastSeq: after },
        { status: (frame) => stream.event(JSON.stringify(frame)), event: (seq, text) => stream.event(text, seq) },
      );
      streams.add(stream);
      stream.onClose(() => {
        detach();
        streams.delete(stream);
      });
      return;
    }

    const waitParam = Number(url.searchParams.get('wait') ?? DEFAULT_WAIT_S);
    const waitMs = Math.min(Math.max(Number.isFinite(waitParam) ? waitParam : DEFAULT_WAIT_S, 0), MAX_WAIT_S) * 1000;
    const first = hub.eventsAfter(conversationId, after);
    if (first.events.length || waitMs === 0) {
      sendJson(res, 200, first);
      return;
    }
    await new Promise((resolve) => {
      const poll = {
        finish() {
          clearTimeout(timer);
          cancel();
          polls.delete(poll);
          resolve();
        },
      };
      const timer = setTimeout(() => poll.finish(), waitMs);
      const cancel = hub.onNextEvent(conversationId, () => poll.finish());
      res.on('close', () => poll.finish());
      polls.add(poll);
    });
    if (!res.writableEnded && !res.destroyed) sendJson(res, 200, hub.eventsAfter(conversationId, after));
  };

  return {
    async route(req, res, url) {
      const routes = { '/hub/frames': { POST: postFrame }, '/hub/events': { GET: getEvents } };
      const methods = routes[url.pathname];
      if (!methods) return false;
      const handler = methods[req.method ?? 'GET'];
      try {
        if (!handler) {
          throw new HttpError(405, 'bad_frame', `${req.method} is not allowed on ${url.pathname}; use ${Object.keys(methods).join(', ')}.`);
        }
        await handler(req, res, url);
      } catch (error) {
        if (!(error instanceof HttpError)) log(`hub: ${req.method} ${url.pathname} failed`, error);
        if (res.headersSent) res.destroy();
        else sendJson(res, error.status ?? 500, errorFrame(error instanceof HttpError ? new ProtocolError(error.code, error.message) : error));
      }
      return true;
    },
    /** Ends open streams and pending polls, for shutdown. */
    close() {
      for (const stream of [...streams]) stream.end();
      for (const poll of [...polls]) poll.finish();
    },
  };
}
