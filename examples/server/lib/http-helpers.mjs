/**
 * Small HTTP helpers shared by the bot and the hub's HTTP fallback.
 */

/** A request the server refuses, with the status and a machine-readable code. */
export class HttpError extends Error {
  name = 'HttpError';
  /**
   * @param {number} status HTTP status to answer with
   * @param {string} code stable code, e.g. `bad_request`
   * @param {string} message one sentence naming what was wrong
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The media type of a request, lower-cased, without parameters. */
function mediaType(req) {
  return String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Reads a JSON body of at most `limit` bytes. Refuses other media types (415),
 * larger bodies (413) and invalid JSON (400) with an `HttpError`.
 *
 * @example
 * const body = await readJson(req, 1024 * 1024)
 */
export async function readJson(req, limit) {
  if (mediaType(req) !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', 'The body must be JSON, sent with Content-Type: application/json.');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpError(413, 'too_large', `The body is ${declared} bytes; the limit is ${limit}.`);
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'too_large', `The body is over the limit of ${limit} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_json', 'The body is not valid JSON.');
  }
}

/** Sends `body` as JSON with `status`. */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * Starts a server-sent-events response and returns helpers to write to it. Keeps
 * proxies from closing an idle stream with a `: ping` comment every `pingMs`.
 *
 * @example
 * const sse = openEventStream(res, { pingMs: 15000 })
 * sse.event(JSON.stringify(data), 7)
 */
export function openEventStream(res, { pingMs, retryMs = 2000 }) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // Nginx and friends buffer responses by default, which would hold events back.
    'x-accel-buffering': 'no',
  });
  res.write(`retry: ${retryMs}\n\n`);
  const ping = setInterval(() => res.write(': ping\n\n'), pingMs);
  ping.unref?.();
  const closers = [];
  const stop = () => {
    clearInterval(ping);
    for (const fn of closers.splice(0)) fn();
  };
  // The response closes when the client goes away (the request may have closed long before).
  res.on('close', stop);
  return {
    /** Writes one event; `id` is omitted for frames that must not move Last-Event-ID. */
    event(data, id) {
      res.write(`${id === undefined ? '' : `id: ${id}\n`}data: ${data}\n\n`);
    },
    /** Runs `fn` when the client goes away or the stream is ended. */
    onClose(fn) {
      closers.push(fn);
    },
    end() {
      stop();
      res.end();
    },
  };
}

/** The `Last-Event-ID` header (or `lastEventId` query parameter) as a number ≥ 0, else 0. */
export function lastEventId(req, url) {
  const raw = req.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? '';
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : 0;
}
