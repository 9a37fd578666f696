/**
 * The FAQ bot behind the wire formats of the generic transports:
 *
 * - REST: `POST /bot/rest` answers `{ messages, events? }` in the response.
 * - SSE:  `POST /bot/sse` answers 202 at once; replies stream on
 *   `GET /bot/sse/events?conversationId=…` word by word (`delta` events, then the
 *   final `message` with quick replies), each event with a per-conversation `id`.
 *
 * Both are idempotent by `Idempotency-Key` (default: the message id), and both
 * keep their state in SQLite: the SSE event log survives a restart, and a reply
 * that was half streamed when the server stopped is finished after it starts.
 */
import { answer, greeting } from './faq-bot.mjs';
import { HttpError, lastEventId, openEventStream, readJson, sendJson } from './http-helpers.mjs';

const MAX_BODY = 256 * 1024;
const MAX_TEXT = 20_000;

/**
 * Checks a wire.md message body and returns it normalized; throws a 400
 * `HttpError` naming the first field that is wrong.
 */
function parseMessageBody(body) {
  const fail = (field, expected) => {
    throw new HttpError(400, 'bad_request', `"${field}" must be ${expected}.`);
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('(body)', 'a JSON object');
  const { conversationId, message } = body;
  if (typeof conversationId !== 'string' || !conversationId || conversationId.length > 200) {
    fail('conversationId', 'a string of 1 to 200 characters');
  }
  if (typeof message !== 'object' || message === null) fail('message', 'an object');
  if (typeof message.id !== 'string' || !message.id || message.id.length > 200) fail('message.id', 'a string of 1 to 200 characters');
  if (typeof message.text !== 'string' || message.text.length > MAX_TEXT) fail('message.text', `a string of at most ${MAX_TEXT} characters`);
  if (message.time !== undefined && typeof message.time !== 'number') fail('message.time', 'a number (ms since the epoch)');
  let payload;
  if (message.quickReply !== undefined) {
    const qr = message.quickReply;
    if (typeof qr !== 'object' || qr === null || typeof qr.title !== 'string') fail('message.quickReply', 'an object with a string "title"');
    if (qr.payload !== undefined && typeof qr.payload !== 'string') fail('message.quickReply.payload', 'a string');
    payload = qr.payload;
  }
  if (!message.text.trim() && !payload) fail('message.text', 'a non-empty string');
  return { conversationId, id: message.id, text: message.text, payload };
}

/**
 * Creates the bot and its HTTP routes.
 *
 * @param {object} options
 * @param {import('better-sqlite3').Database} options.db
 * @param {() => number} [options.now] clock, for tests
 * @param {number} [options.streamDelayMs] pause between streamed words (default 45)
 * @param {number} [options.pingMs] SSE keep-alive interval (default 15000)
 * @param {(message: string, error: unknown) => void} [options.log] where unexpected failures are reported
 * @returns {{ route(req, res, url): Promise<boolean> | boolean, close(): void }}
 *
 * @example
 * const bot = createBot({ db })
 * http.createServer(async (req, res) => { if (!(await bot.route(req, res, new URL(req.url, 'http://x')))) res.end() })
 */
export function createBot({ db, now = Date.now, streamDelayMs = 45, pingMs = 15_000, log = () => {} }) {
  const q = {
    conversation: db.prepare('SELECT * FROM bot_conversations WHERE id = ?'),
    createConversation: db.prepare('INSERT OR IGNORE INTO bot_conversations (id, created_at, greeted) VALUES (?, ?, ?)'),
    setFallbacks: db.prepare('UPDATE bot_conversations SET fallbacks = ? WHERE id = ?'),
    setGreeted: db.prepare('UPDATE bot_conversations SET greeted = 1 WHERE id = ?'),
    bumpSeq: db.prepare('UPDATE bot_conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'),
    insertEvent: db.prepare('INSERT INTO bot_events (conversation_id, seq, data) VALUES (?, ?, ?)'),
    eventsAfter: db.prepare('SELECT seq, data FROM bot_events WHERE conversation_id = ? AND seq > ? ORDER BY seq'),
    reply: db.prepare('SELECT body FROM bot_replies WHERE conversation_id = ? AND key = ?'),
    saveReply: db.prepare('INSERT INTO bot_replies (conversation_id, key, body) VALUES (?, ?, ?)'),
    enqueue: db.prepare('INSERT INTO bot_outbox (conversation_id, kind, json) VALUES (?, ?, ?)'),
    nextOut: db.prepare('SELECT * FROM bot_outbox WHERE conversation_id = ? ORDER BY n LIMIT 1'),
    advanceOut: db.prepare('UPDATE bot_outbox SET emitted_words = ? WHERE n = ?'),
    dropOut: db.prepare('DELETE FROM bot_outbox WHERE n = ?'),
    pendingConversations: db.prepare('SELECT DISTINCT conversation_id FROM bot_outbox'),
  };

  /** conversationId → listeners of live events `(seq, data) => void` */
  const listeners = new Map();
  /** conversationId → timer of the stream being written */
  const streaming = new Map();
  /** Open event streams, ended on close() */
  const openStreams = new Set();
  let closed = false;

  /**
   * The conversation's row, created if new. A conversation that starts with the
   * customer's own message is not greeted afterwards: the greeting would land
   * after the answer if the event stream opens late.
   */
  const ensureConversation = (id, { greeted }) => {
    q.createConversation.run(id, now(), greeted ? 1 : 0);
    return q.conversation.get(id);
  };

  /** Appends an event to the conversation's SSE log; call inside a transaction. */
  const appendEvent = (conversationId, event, delivered) => {
    const { last_seq: seq } = q.bumpSeq.get(conversationId);
    const data = JSON.stringify(event);
    q.insertEvent.run(conversationId, seq, data);
    delivered.push([conversationId, seq, data]);
  };

  const deliver = (items) => {
    for (const [conversationId, seq, data] of items) {
      for (const listener of listeners.get(conversationId) ?? []) listener(seq, data);
    }
  };

  /** Runs `fn(delivered)` in a transaction, then hands the new events to listeners. */
  const transact = (fn) => {
    const delivered = [];
    const result = db.transaction(() => fn(delivered))();
    deliver(delivered);
    return result;
  };

  const think = (conversation, message) => {
    const result = answer({ text: message.text, payload: message.payload, fallbacks: conversation.fallbacks, now: now() });
    q.setFallbacks.run(result.fallbacks, conversation.id);
    const time = now();
    // Derived from the customer's message id, so a reply keeps its id however it is fetched.
    const messages = result.replies.map((r, i) => ({ id: `bot_${message.id}_${i + 1}`, time, ...r }));
    const events = result.handoff ? [{ type: 'handoff-suggested', reason: result.handoff.reason, context: result.handoff.context }] : [];
    return { messages, events };
  };

  // ------------------------------------------------------------------ REST

  const handleRest = async (req, res) => {
    const message = parseMessageBody(await readJson(req, MAX_BODY));
    const key = String(req.headers['idempotency-key'] ?? message.id);
    const body = db.transaction(() => {
      const stored = q.reply.get(message.conversationId, key);
      if (stored) return JSON.parse(stored.body);
      const conversation = ensureConversation(message.conversationId, { greeted: true });
      const { messages, events } = think(conversation, message);
      const response = events.length ? { messages, events } : { messages };
      q.saveReply.run(message.conversationId, key, JSON.stringify(response));
      return response;
    })();
    sendJson(res, 200, body);
  };

  // ------------------------------------------------------------------ SSE

  /** Writes the next piece of the conversation's outbox, then schedules the one after. */
  const pump = (conversationId) => {
    streaming.delete(conversationId);
    if (closed) return;
    const row = q.nextOut.get(conversationId);
    if (!row) return;
    transact((delivered) => {
      if (row.kind === 'event') {
        appendEvent(conversationId, JSON.parse(row.json), delivered);
        q.dropOut.run(row.n);
        return;
      }
      const message = JSON.parse(row.json);
      // Words keep their trailing space so the deltas join back into the exact text.
      const words = message.text.split(/(?<=\s)/);
      if (row.emitted_words < words.length - 1) {
        appendEvent(conversationId, { type: 'delta', id: message.id, text: words[row.emitted_words] }, delivered);
        q.advanceOut.run(row.emitted_words + 1, row.n);
      } else {
        // The final version replaces the streamed text and adds quick replies and flags.
        appendEvent(conversationId, { type: 'message', message }, delivered);
        q.dropOut.run(row.n);
      }
    });
    schedule(conversationId);
  };

  const schedule = (conversationId) => {
    if (closed || streaming.has(conversationId) || !q.nextOut.get(conversationId)) return;
    const timer = setTimeout(() => {
      try {
        pump(conversationId);
      } catch (error) {
        // The reply stays in the outbox and is finished after the next start.
        log(`bot: streaming to ${conversationId} failed`, error);
      }
    }, streamDelayMs);
    streaming.set(conversationId, timer);
  };

  const handleSsePost = async (req, res) => {
    const message = parseMessageBody(await readJson(req, MAX_BODY));
    const key = String(req.headers['idempotency-key'] ?? message.id);
    transact((delivered) => {
      if (q.reply.get(message.conversationId, key)) return;
      const conversation = ensureConversation(message.conversationId, { greeted: true });
      const { messages, events } = think(conversation, message);
      q.saveReply.run(message.conversationId, key, null);
      appendEvent(message.conversationId, { type: 'typing', active: true }, delivered);
      for (const m of messages) q.enqueue.run(message.conversationId, 'message', JSON.stringify(m));
      for (const e of events) q.enqueue.run(message.conversationId, 'event', JSON.stringify(e));
    });
    schedule(message.conversationId);
    res.writeHead(202, { 'cache-control': 'no-store' }).end();
  };

  const handleSseEvents = (req, res, url) => {
    const conversationId = url.searchParams.get('conversationId');
    if (!conversationId || conversationId.length > 200) {
      throw new HttpError(400, 'bad_request', '"conversationId" is required in the query string (1 to 200 characters).');
    }
    const after = lastEventId(req, url);
    const stream = openEventStream(res, { pingMs });
    // Replay and subscribe in one synchronous step, so no event falls in between.
    transact((delivered) => {
      const conversation = ensureConversation(conversationId, { greeted: false });
      if (!conversation.greeted) {
        q.setGreeted.run(conversationId);
        appendEvent(conversationId, { type: 'message', message: { id: `bot_greeting_${conversationId}`, time: now(), ...greeting() } }, delivered);
      }
    });
    for (const row of q.eventsAfter.iterate(conversationId, after)) stream.event(row.data, row.seq);
    const listener = (seq, data) => stream.event(data, seq);
    const set = listeners.get(conversationId) ?? new Set();
    set.add(listener);
    listeners.set(conversationId, set);
    stream.onClose(() => {
      set.delete(listener);
      if (!set.size) listeners.delete(conversationId);
    });
    openStreams.add(stream);
    stream.onClose(() => openStreams.delete(stream));
  };

  // Finish replies that were half streamed when the server last stopped.
  for (const { conversation_id: id } of q.pendingConversations.all()) schedule(id);

  return {
    async route(req, res, url) {
      const path = url.pathname;
      const routes = {
        '/bot/rest': { POST: handleRest },
        '/bot/sse': { POST: handleSsePost },
        '/bot/sse/events': { GET: handleSseEvents },
      };
      const methods = routes[path];
      if (!methods) return false;
      const handler = methods[req.method ?? 'GET'];
      try {
        if (!handler) throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${path}; use ${Object.keys(methods).join(', ')}.`);
        await handler(req, res, url);
      } catch (error) {
        if (res.headersSent) {
          log(`bot: ${req.method} ${path} failed after the response started`, error);
          res.destroy();
        } else if (error instanceof HttpError) {
          sendJson(res, error.status, { error: { code: error.code, message: error.message } });
        } else {
          log(`bot: ${req.method} ${path} failed`, error);
          sendJson(res, 500, { error: { code: 'internal', message: 'The bot failed; try again.' } });
        }
      }
      return true;
    },
    close() {
      closed = true;
      for (const timer of streaming.values()) clearTimeout(timer);
      streaming.clear();
      for (const stream of [...openStreams]) stream.end();
    },
  };
}
