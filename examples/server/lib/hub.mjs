/**
 * The handoff hub: the server side of docs/handoff-protocol.md, independent of
 * how frames travel (WebSocket or HTTP; see hub-sockets.mjs and hub-http.mjs).
 *
 * Every change runs in one SQLite transaction together with the ack it produces
 * and the events it appends, so a crash can never leave a change without its
 * ack (a retry would then run it twice) or an ack without its events. Outgoing
 * frames are collected during the transaction and sent only after it commits,
 * the ack first.
 */
import { randomBytes } from 'node:crypto';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION, ProtocolError, agentFrame, customerFrame, errorFrame } from './hub-frames.mjs';

const V = PROTOCOL_VERSION;
const RECENT_CLOSED = 20;
const OFFLINE_LISTED = 50;
const SERVER_INFO = { name: 'handoff-chat-reference-hub', version: '1.0.0' };

const defaultNewId = (prefix) => `${prefix}_${randomBytes(9).toString('base64url')}`;

/**
 * Creates the hub.
 *
 * @param {object} options
 * @param {import('better-sqlite3').Database} options.db
 * @param {() => number} [options.now] clock, for tests
 * @param {(prefix: string) => string} [options.newId] id factory, for tests
 * @param {number} [options.heartbeatMs] how often clients should ping (default 25 000)
 * @param {number} [options.queueTimeoutMs] how long a request may wait before the customer is told nobody is free (default 15 min)
 * @param {number} [options.noAgentGraceMs] how long requests keep waiting while no one at all is online (default 2 min)
 * @param {number} [options.defaultWaitSeconds] typical wait until there is history to measure (default 60)
 * @param {string} [options.hoursMessage] business-hours text sent with availability
 * @param {(message: string, error: unknown) => void} [options.log] where unexpected failures are reported
 *
 * @example
 * const hub = createHub({ db: openDatabase(':memory:') })
 * const detach = hub.attachCustomer({ conversationId: 'cnv_1', lastSeq: 0 }, { status: send, event: (seq, text) => send(text) })
 */
export function createHub({
  db,
  now = Date.now,
  newId = defaultNewId,
  heartbeatMs = 25_000,
  queueTimeoutMs = 15 * 60_000,
  noAgentGraceMs = 2 * 60_000,
  defaultWaitSeconds = 60,
  hoursMessage,
  log = () => {},
}) {
  const q = {
    conversation: db.prepare('SELECT * FROM conversations WHERE id = ?'),
    createConversation: db.prepare('INSERT OR IGNORE INTO conversations (id, created_at) VALUES (?, ?)'),
    setVisitor: db.prepare('UPDATE conversations SET locale = coalesce(?, locale), user_json = coalesce(?, user_json) WHERE id = ?'),
    bumpSeq: db.prepare('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'),
    insertEvent: db.prepare('INSERT INTO events (conversation_id, seq, frame) VALUES (?, ?, ?)'),
    eventsAfter: db.prepare('SELECT seq, frame FROM events WHERE conversation_id = ? AND seq > ? ORDER BY seq'),
    handoff: db.prepare('SELECT * FROM handoffs WHERE conversation_id = ? AND request_id = ?'),
    openHandoff: db.prepare(
      "SELECT * FROM handoffs WHERE conversation_id = ? AND status IN ('waiting', 'active') ORDER BY created_at DESC LIMIT 1",
    ),
    latestHandoff: db.prepare('SELECT * FROM handoffs WHERE conversation_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1'),
    rateable: db.prepare(
      "SELECT * FROM handoffs WHERE conversation_id = ? AND agent_id IS NOT NULL AND status IN ('ended', 'handed-back') ORDER BY closed_at DESC LIMIT 1",
    ),
    insertHandoff: db.prepare(`INSERT INTO handoffs
      (conversation_id, request_id, created_at, queued_at, status, trigger, reason, customer_json, first_request, transcript_json, closed_at, closed_by, close_reason)
      VALUES (@conversation_id, @request_id, @created_at, @created_at, @status, @trigger, @reason, @customer_json, @first_request, @transcript_json, @closed_at, @closed_by, @close_reason)`),
    waiting: db.prepare("SELECT * FROM handoffs WHERE status = 'waiting' ORDER BY created_at, rowid"),
    setQueue: db.prepare('UPDATE handoffs SET queue_position = ?, queue_eta = ? WHERE conversation_id = ? AND request_id = ?'),
    assign: db.prepare(
      "UPDATE handoffs SET status = 'active', agent_id = ?, agent_json = ?, accepted_at = ?, queue_position = NULL, queue_eta = NULL WHERE conversation_id = ? AND request_id = ?",
    ),
    requeue: db.prepare(
      "UPDATE handoffs SET status = 'waiting', agent_id = NULL, agent_json = NULL, accepted_at = NULL, queued_at = ? WHERE conversation_id = ? AND request_id = ?",
    ),
    close: db.prepare(
      'UPDATE handoffs SET status = ?, closed_at = ?, closed_by = ?, close_reason = ?, queue_position = NULL, queue_eta = NULL WHERE conversation_id = ? AND request_id = ?',
    ),
    rate: db.prepare('UPDATE handoffs SET csat_score = ?, csat_comment = ?, csat_at = ? WHERE conversation_id = ? AND request_id = ?'),
    recentWaits: db.prepare(
      'SELECT accepted_at - created_at AS wait FROM handoffs WHERE accepted_at IS NOT NULL ORDER BY accepted_at DESC LIMIT 20',
    ),
    board: db.prepare(`SELECT * FROM (SELECT *, 0 AS grp FROM handoffs WHERE status IN ('waiting', 'active'))
      UNION ALL SELECT * FROM (SELECT *, 1 AS grp FROM handoffs WHERE status NOT IN ('waiting', 'active') ORDER BY closed_at DESC LIMIT ${RECENT_CLOSED})
      ORDER BY grp, created_at`),
    insertEntry: db.prepare(
      'INSERT INTO entries (conversation_id, request_id, id, author, text, time, agent_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    entries: db.prepare('SELECT * FROM entries WHERE conversation_id = ? AND request_id = ? ORDER BY n'),
    lastMessage: db.prepare(
      "SELECT author, text, time FROM entries WHERE conversation_id = ? AND request_id = ? AND author IN ('customer', 'agent') ORDER BY n DESC LIMIT 1",
    ),
    ack: db.prepare('SELECT frame FROM acks WHERE scope = ? AND client_id = ?'),
    saveAck: db.prepare('INSERT INTO acks (scope, client_id, frame) VALUES (?, ?, ?)'),
    insertOffline: db.prepare(
      'INSERT INTO offline_messages (id, conversation_id, email, name, message, transcript_json, time) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    offline: db.prepare(`SELECT * FROM offline_messages ORDER BY n DESC LIMIT ${OFFLINE_LISTED}`),
    saveAgent: db.prepare(
      'INSERT INTO agents (id, name, title, last_seen) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, title = excluded.title, last_seen = excluded.last_seen',
    ),
  };

  /** conversationId → subscribers `{ status(frame), event(seq, text) }` */
  const customers = new Map();
  /** Connected agent sessions `{ agent, available, send(frame) }` */
  const agents = new Set();
  /** conversationId → whether its person is typing, so only changes become events */
  const agentTyping = new Map();
  let noAgentsSince = now();
  let announcedAgents = 0;

  // ------------------------------------------------------------ helpers

  const agentsOnline = () => new Set([...agents].filter((s) => s.available).map((s) => s.agent.id)).size;

  const typicalWaitSeconds = () => {
    const waits = q.recentWaits.all().map((r) => r.wait);
    if (!waits.length) return defaultWaitSeconds;
    return Math.round(waits.reduce((a, b) => a + b, 0) / waits.length / 1000);
  };

  // Rounded to 15 s so small changes in the average do not flood the queue with updates.
  const estimate = (position, typical, online) =>
    Math.max(15, Math.round((typical * position) / Math.max(1, online) / 15) * 15);

  const availabilityFrame = () => {
    const online = agentsOnline();
    const frame = { v: V, type: 'availability', agentsOnline: online, available: online > 0 };
    if (online > 0) frame.etaSeconds = estimate(1, typicalWaitSeconds(), online);
    if (hoursMessage) frame.message = hoursMessage;
    return frame;
  };

  const ensureConversation = (id) => {
    q.createConversation.run(id, now());
    return q.conversation.get(id);
  };

  const parse = (json) => (json ? JSON.parse(json) : undefined);

  /** Starts a unit of work; `out` collects what to send once it is committed. */
  const newOut = () => ({ events: [], agents: [], board: false, offline: false, availability: false, after: [] });

  const transact = (fn) => {
    const out = newOut();
    const result = db.transaction(() => fn(out))();
    return { result, out };
  };

  const flush = (out) => {
    for (const [conversationId, seq, text] of out.events) {
      for (const sub of customers.get(conversationId) ?? []) sub.event(seq, text);
    }
    for (const frame of out.agents) for (const s of agents) s.send(frame);
    if (out.board) sendBoard();
    if (out.offline) sendOffline();
    if (out.availability) {
      const frame = availabilityFrame();
      for (const subs of customers.values()) for (const sub of subs) sub.status(frame);
    }
    for (const fn of out.after) fn();
  };

  /** Appends an event to a conversation (seq, time, requestId added); inside a transaction. */
  const addEvent = (conversationId, requestId, body, out) => {
    const { last_seq: seq } = q.bumpSeq.get(conversationId);
    const frame = { v: V, type: body.type, seq, time: now(), requestId, ...body };
    const text = JSON.stringify(frame);
    q.insertEvent.run(conversationId, seq, text);
    out.events.push([conversationId, seq, text]);
  };

  /** Adds a line to the agents' log of a request; inside a transaction. */
  const addEntry = (row, entry, out) => {
    const full = { id: entry.id ?? newId('sys'), author: entry.author, text: entry.text, time: entry.time ?? now() };
    if (entry.agent) full.agent = entry.agent;
    q.insertEntry.run(row.conversation_id, row.request_id, full.id, full.author, full.text, full.time, entry.agent ? JSON.stringify(entry.agent) : null);
    out.agents.push({ v: V, type: 'entry', conversationId: row.conversation_id, requestId: row.request_id, entry: full });
    out.board = true;
  };

  const summary = (row) => {
    const s = {
      conversationId: row.conversation_id,
      requestId: row.request_id,
      status: row.status,
      requestedAt: row.created_at,
      trigger: row.trigger,
      reason: row.reason,
      customer: JSON.parse(row.customer_json),
    };
    if (row.first_request) s.firstRequest = row.first_request;
    if (row.queue_position !== null) s.position = row.queue_position;
    if (row.queue_eta !== null) s.etaSeconds = row.queue_eta;
    if (row.accepted_at !== null) s.acceptedAt = row.accepted_at;
    if (row.closed_at !== null) s.closedAt = row.closed_at;
    if (row.closed_by !== null) s.closedBy = row.closed_by;
    if (row.agent_json) s.agent = JSON.parse(row.agent_json);
    if (row.csat_score !== null) {
      s.csat = { score: row.csat_score, time: row.csat_at };
      if (row.csat_comment) s.csat.comment = row.csat_comment;
    }
    const last = q.lastMessage.get(row.conversation_id, row.request_id);
    if (last) s.lastMessage = last;
    return s;
  };

  const detail = (row) => ({
    v: V,
    type: 'conversation',
    conversation: {
      summary: summary(row),
      transcript: JSON.parse(row.transcript_json),
      entries: q.entries.all(row.conversation_id, row.request_id).map((e) => {
        const entry = { id: e.id, author: e.author, text: e.text, time: e.time };
        if (e.agent_json) entry.agent = JSON.parse(e.agent_json);
        return entry;
      }),
    },
  });

  const boardFrame = () => ({ v: V, type: 'board', agentsOnline: agentsOnline(), conversations: q.board.all().map(summary) });

  const offlineFrame = () => ({
    v: V,
    type: 'offline',
    messages: q.offline.all().map((r) => {
      const note = { id: r.id, conversationId: r.conversation_id, email: r.email, message: r.message, time: r.time, transcript: JSON.parse(r.transcript_json) };
      if (r.name) note.name = r.name;
      return note;
    }),
  });

  const sendBoard = () => {
    if (!agents.size) return;
    const frame = boardFrame();
    for (const s of agents) s.send(frame);
  };

  const sendOffline = () => {
    if (!agents.size) return;
    const frame = offlineFrame();
    for (const s of agents) s.send(frame);
  };

  /** Gives every waiting request its position and estimate; sends `queued` where they changed. */
  const refreshQueue = (out) => {
    const online = agentsOnline();
    const typical = typicalWaitSeconds();
    q.waiting.all().forEach((row, index) => {
      const position = index + 1;
      const eta = estimate(position, typical, online);
      if (row.queue_position === position && row.queue_eta === eta) return;
      q.setQueue.run(position, eta, row.conversation_id, row.request_id);
      addEvent(row.conversation_id, row.request_id, { type: 'queued', position, etaSeconds: eta }, out);
      out.board = true;
    });
  };

  const closeRequest = (row, status, by, reason, out) => {
    q.close.run(status, now(), by, reason ?? null, row.conversation_id, row.request_id);
    agentTyping.delete(row.conversation_id);
    out.board = true;
    if (row.status === 'waiting') refreshQueue(out);
  };

  const receipt = (row) => {
    switch (row.status) {
      case 'waiting':
        return { status: 'queued', position: row.queue_position, etaSeconds: row.queue_eta };
      case 'active':
        return { status: 'accepted', agent: JSON.parse(row.agent_json) };
      default:
        return { status: 'unavailable', reason: row.close_reason ?? 'This request is already closed.' };
    }
  };

  /** Runs a frame that has an id exactly once; repeats get the recorded ack. */
  const once = (scope, id, reply, handler) => {
    const stored = q.ack.get(scope, id);
    if (stored) {
      reply(JSON.parse(stored.frame));
      return;
    }
    let done;
    try {
      done = transact((out) => {
        const result = handler(out);
        const ack = { v: V, type: 'ack', id };
        if (result) ack.result = result;
        q.saveAck.run(scope, id, JSON.stringify(ack));
        return ack;
      });
    } catch (error) {
      if (!(error instanceof ProtocolError)) log(`hub: processing ${scope} ${id} failed`, error);
      reply(errorFrame(error, id));
      return;
    }
    reply(done.result);
    flush(done.out);
  };

  // ------------------------------------------------------------ customer frames

  const customerHandlers = {
    handoff(frame, out) {
      ensureConversation(frame.conversationId);
      const existing = q.handoff.get(frame.conversationId, frame.id);
      if (existing) return receipt(existing);
      const open = q.openHandoff.get(frame.conversationId);
      if (open) return { ...receipt(open), requestId: open.request_id };

      const t = frame.transcript;
      const visitor = parse(q.conversation.get(frame.conversationId).user_json) ?? {};
      const user = t.context.user ?? visitor;
      const customer = Object.fromEntries(['id', 'name', 'email'].filter((k) => typeof user[k] === 'string').map((k) => [k, user[k]]));
      const online = agentsOnline();
      const reason = online ? null : 'No one from the team is online right now.';
      const row = {
        conversation_id: frame.conversationId,
        request_id: frame.id,
        created_at: now(),
        status: online ? 'waiting' : 'unavailable',
        trigger: t.context.trigger,
        reason: t.context.reason,
        customer_json: JSON.stringify(customer),
        first_request: t.context.summary.firstRequest ?? null,
        transcript_json: JSON.stringify(t),
        closed_at: online ? null : now(),
        closed_by: online ? null : 'system',
        close_reason: reason,
      };
      q.insertHandoff.run(row);
      out.board = true;
      if (!online) {
        addEvent(frame.conversationId, frame.id, { type: 'unavailable', reason }, out);
        return { status: 'unavailable', reason };
      }
      refreshQueue(out);
      return receipt(q.handoff.get(frame.conversationId, frame.id));
    },

    message(frame, out) {
      const open = q.openHandoff.get(frame.conversationId);
      if (!open) {
        throw new ProtocolError('not_in_handoff', 'No request for a person is open in this conversation; the message was not delivered.');
      }
      const serverId = newId('cm');
      addEntry(open, { id: serverId, author: 'customer', text: frame.text }, out);
      return { serverId };
    },

    cancel(frame, out) {
      const row = q.handoff.get(frame.conversationId, frame.requestId);
      if (!row) return { status: 'none' };
      return { status: finishByCustomer(row, out) };
    },

    end(frame, out) {
      const open = q.openHandoff.get(frame.conversationId);
      if (!open || (frame.requestId && frame.requestId !== open.request_id)) {
        const named = frame.requestId ? q.handoff.get(frame.conversationId, frame.requestId) : undefined;
        return { status: named?.status ?? 'none' };
      }
      return { status: finishByCustomer(open, out) };
    },

    csat(frame, out) {
      const row = q.rateable.get(frame.conversationId);
      if (!row) throw new ProtocolError('not_rateable', 'There is no finished conversation with a person to rate.');
      if (row.csat_score !== null) throw new ProtocolError('already_rated', 'This conversation was already rated.');
      q.rate.run(frame.score, frame.comment ?? null, now(), row.conversation_id, row.request_id);
      addEntry(row, { author: 'system', text: `The customer rated the conversation ${frame.score}/5${frame.comment ? `: “${frame.comment}”` : '.'}` }, out);
      return undefined;
    },

    'leave-message'(frame, out) {
      ensureConversation(frame.conversationId);
      q.insertOffline.run(frame.id, frame.conversationId, frame.email, frame.name ?? null, frame.message, JSON.stringify(frame.transcript), now());
      out.offline = true;
      return undefined;
    },
  };

  /** Cancels a waiting request or ends an active one, on the customer's word; returns the new status. */
  const finishByCustomer = (row, out) => {
    if (row.status === 'waiting') {
      closeRequest(row, 'cancelled', 'customer', null, out);
      addEntry(row, { author: 'system', text: 'The customer withdrew the request.' }, out);
      return 'cancelled';
    }
    if (row.status === 'active') {
      closeRequest(row, 'ended', 'customer', null, out);
      addEntry(row, { author: 'system', text: 'The customer ended the conversation.' }, out);
      return 'ended';
    }
    return row.status;
  };

  // ------------------------------------------------------------ agent frames

  const assigned = (session, conversationId) => {
    const open = q.openHandoff.get(conversationId);
    if (!open) throw new ProtocolError('not_open', 'This conversation has no open request.');
    if (open.status !== 'active' || open.agent_id !== session.agent.id) {
      throw new ProtocolError('not_assigned', 'Only the person who accepted this conversation can do that.');
    }
    return open;
  };

  const agentHandlers = {
    status(session, frame, out) {
      session.available = frame.available;
      out.after.push(() => availabilityChanged());
      return undefined;
    },

    accept(session, frame, out) {
      const row = q.handoff.get(frame.conversationId, frame.requestId);
      if (!row) throw new ProtocolError('unknown_conversation', 'There is no such request.');
      if (row.status === 'active') {
        if (row.agent_id === session.agent.id) return undefined;
        throw new ProtocolError('already_taken', `${JSON.parse(row.agent_json).name} already took this conversation.`);
      }
      if (row.status !== 'waiting') throw new ProtocolError('not_waiting', `The request is ${row.status}; there is nothing to accept.`);
      q.assign.run(session.agent.id, JSON.stringify(session.agent), now(), row.conversation_id, row.request_id);
      addEvent(row.conversation_id, row.request_id, { type: 'agent-joined', agent: session.agent }, out);
      addEntry(row, { author: 'system', text: `${session.agent.name} joined the conversation.` }, out);
      refreshQueue(out);
      out.after.push(() => session.send(detail(q.handoff.get(row.conversation_id, row.request_id))));
      return undefined;
    },

    message(session, frame, out) {
      const row = assigned(session, frame.conversationId);
      const serverId = newId('am');
      const time = now();
      addEntry(row, { id: serverId, author: 'agent', text: frame.text, time, agent: session.agent }, out);
      addEvent(row.conversation_id, row.request_id, { type: 'agent-message', message: { id: serverId, text: frame.text, time, agent: session.agent } }, out);
      agentTyping.delete(row.conversation_id);
      return { serverId };
    },

    release(session, frame, out) {
      const row = assigned(session, frame.conversationId);
      q.requeue.run(now(), row.conversation_id, row.request_id);
      agentTyping.delete(row.conversation_id);
      addEvent(row.conversation_id, row.request_id, { type: 'agent-left', agent: session.agent }, out);
      addEntry(row, { author: 'system', text: `${session.agent.name} returned the conversation to the queue.` }, out);
      refreshQueue(out);
      return undefined;
    },

    'hand-back'(session, frame, out) {
      const row = assigned(session, frame.conversationId);
      closeRequest(row, 'handed-back', 'agent', frame.reason, out);
      addEvent(row.conversation_id, row.request_id, { type: 'handed-back', ...(frame.reason ? { reason: frame.reason } : {}) }, out);
      addEntry(row, { author: 'system', text: `${session.agent.name} handed the customer back to the bot.` }, out);
      return undefined;
    },

    end(session, frame, out) {
      const open = q.openHandoff.get(frame.conversationId);
      if (!open) throw new ProtocolError('not_open', 'This conversation has no open request.');
      // A waiting request may be closed by anyone (e.g. spam); an active one only by its person.
      const row = open.status === 'waiting' ? open : assigned(session, frame.conversationId);
      closeRequest(row, 'ended', 'agent', frame.reason, out);
      addEvent(row.conversation_id, row.request_id, { type: 'ended', by: 'agent', ...(frame.reason ? { reason: frame.reason } : {}) }, out);
      addEntry(row, { author: 'system', text: `${session.agent.name} ended the conversation.` }, out);
      return undefined;
    },
  };

  const availabilityChanged = () => {
    const online = agentsOnline();
    if (online === 0) noAgentsSince ??= now();
    else noAgentsSince = null;
    const { out } = transact((o) => refreshQueue(o));
    out.board = true;
    if (online !== announcedAgents) {
      announcedAgents = online;
      out.availability = true;
    }
    flush(out);
  };

  // ------------------------------------------------------------ public API

  return {
    heartbeatMs,

    /**
     * Subscribes a customer connection after its `hello`: sends `welcome`,
     * availability and the missed events, then live events. Returns the unsubscribe.
     */
    attachCustomer(hello, subscriber) {
      transact(() => {
        ensureConversation(hello.conversationId);
        if (hello.locale || hello.user) q.setVisitor.run(hello.locale ?? null, hello.user ? JSON.stringify(hello.user) : null, hello.conversationId);
      });
      const { last_seq: lastSeq } = q.conversation.get(hello.conversationId);
      const reset = hello.lastSeq > lastSeq;
      const welcome = { v: V, type: 'welcome', conversationId: hello.conversationId, lastSeq, heartbeatMs, maxFrameBytes: MAX_FRAME_BYTES, server: SERVER_INFO };
      if (reset) welcome.reset = true;
      subscriber.status(welcome);
      subscriber.status(availabilityFrame());
      // Replay and subscription in one synchronous step: no event can fall in between.
      for (const row of q.eventsAfter.iterate(hello.conversationId, reset ? 0 : hello.lastSeq)) subscriber.event(row.seq, row.frame);
      const set = customers.get(hello.conversationId) ?? new Set();
      set.add(subscriber);
      customers.set(hello.conversationId, set);
      return () => {
        set.delete(subscriber);
        if (!set.size) customers.delete(hello.conversationId);
      };
    },

    /**
     * Handles one customer frame (already parsed JSON). `conversationId` is the
     * one of the connection's hello, or null over HTTP. `reply` receives the
     * ack, error or pong, always before the events the frame causes.
     */
    customerFrame(conversationId, raw, reply) {
      let frame;
      try {
        frame = customerFrame(raw);
      } catch (error) {
        reply(errorFrame(error, raw?.id));
        return;
      }
      if (frame.type === 'ping') return reply({ v: V, type: 'pong', ...(frame.nonce !== undefined ? { nonce: frame.nonce } : {}) });
      if (frame.type === 'hello') {
        return reply(errorFrame(new ProtocolError('bad_frame', conversationId ? 'hello was already sent on this connection.' : 'hello is only for WebSocket connections.', { path: '/type' })));
      }
      if (conversationId && frame.conversationId && frame.conversationId !== conversationId) {
        return reply(errorFrame(new ProtocolError('conversation_mismatch', `This connection is for conversation "${conversationId}".`, { path: '/conversationId' }), frame.id));
      }
      if (frame.type === 'availability') {
        const { v: _v, type: _t, ...availability } = availabilityFrame();
        return reply({ v: V, type: 'ack', id: frame.id, result: { availability } });
      }
      if (frame.type === 'typing') {
        const open = q.openHandoff.get(frame.conversationId);
        if (open) for (const s of agents) s.send({ v: V, type: 'customer-typing', conversationId: frame.conversationId, active: frame.active });
        return undefined;
      }
      once(`c:${frame.conversationId}`, frame.id, reply, (out) => customerHandlers[frame.type](frame, out));
      return undefined;
    },

    /** Registers an agent console after its `hello`; returns its session. */
    attachAgent(hello, send) {
      const session = { agent: hello.agent, available: hello.available, send };
      q.saveAgent.run(hello.agent.id, hello.agent.name, hello.agent.title ?? null, now());
      agents.add(session);
      send({ v: V, type: 'welcome', agent: hello.agent, heartbeatMs });
      send(boardFrame());
      send(offlineFrame());
      availabilityChanged();
      return session;
    },

    detachAgent(session) {
      if (!agents.delete(session)) return;
      availabilityChanged();
    },

    /** Handles one frame of an agent console. */
    agentFrame(session, raw, reply) {
      let frame;
      try {
        frame = agentFrame(raw);
      } catch (error) {
        reply(errorFrame(error, raw?.id));
        return;
      }
      switch (frame.type) {
        case 'ping':
          return reply({ v: V, type: 'pong', ...(frame.nonce !== undefined ? { nonce: frame.nonce } : {}) });
        case 'hello':
          return reply(errorFrame(new ProtocolError('bad_frame', 'hello was already sent on this connection.', { path: '/type' })));
        case 'open': {
          const row = frame.requestId ? q.handoff.get(frame.conversationId, frame.requestId) : q.latestHandoff.get(frame.conversationId);
          if (!row) return reply(errorFrame(new ProtocolError('unknown_conversation', 'There is no such conversation.')));
          return reply(detail(row));
        }
        case 'typing': {
          const open = q.openHandoff.get(frame.conversationId);
          if (!open || open.status !== 'active' || open.agent_id !== session.agent.id) return undefined;
          if ((agentTyping.get(frame.conversationId) ?? false) === frame.active) return undefined;
          agentTyping.set(frame.conversationId, frame.active);
          const { out } = transact((o) => addEvent(open.conversation_id, open.request_id, { type: 'agent-typing', active: frame.active, agent: session.agent }, o));
          flush(out);
          return undefined;
        }
        default:
          once(`a:${session.agent.id}`, frame.id, reply, (out) => agentHandlers[frame.type](session, frame, out));
          return undefined;
      }
    },

    /** Events after `after` for the HTTP long-poll, with the hub's last seq. */
    eventsAfter(conversationId, after) {
      ensureConversation(conversationId);
      const { last_seq: lastSeq } = q.conversation.get(conversationId);
      const reset = after > lastSeq;
      const events = q.eventsAfter.all(conversationId, reset ? 0 : after).map((r) => JSON.parse(r.frame));
      const { v: _v, type: _t, ...availability } = availabilityFrame();
      return { v: V, type: 'events', conversationId, lastSeq, ...(reset ? { reset: true } : {}), events, availability };
    },

    /** Calls `fn` once at the next event of the conversation; returns the cancel. */
    onNextEvent(conversationId, fn) {
      const set = customers.get(conversationId) ?? new Set();
      const sub = {
        status() {},
        event() {
          cancel();
          fn();
        },
      };
      const cancel = () => {
        set.delete(sub);
        if (!set.size) customers.delete(conversationId);
      };
      set.add(sub);
      customers.set(conversationId, set);
      return cancel;
    },

    /**
     * Applies the clock: requests waiting longer than the queue limit, or while
     * nobody has been online for the grace period, are told nobody can take them.
     * The server calls it every second; tests call it after moving the clock.
     */
    tick() {
      const t = now();
      const waiting = q.waiting.all();
      if (!waiting.length) return;
      const nobody = noAgentsSince !== null && t - noAgentsSince >= noAgentGraceMs;
      const expired = waiting.filter((row) => nobody || t - row.queued_at >= queueTimeoutMs);
      if (!expired.length) return;
      const { out } = transact((o) => {
        for (const row of expired) {
          const reason = nobody ? 'No one from the team is online right now.' : 'Nobody from the team could take your request in time.';
          q.close.run('unavailable', t, 'system', reason, row.conversation_id, row.request_id);
          addEvent(row.conversation_id, row.request_id, { type: 'unavailable', reason }, o);
          addEntry(row, { author: 'system', text: `The customer was told nobody is available (${nobody ? 'no one online' : 'waited too long'}).` }, o);
        }
        refreshQueue(o);
      });
      flush(out);
    },

    /** Number of people counted as available. */
    agentsOnline,

    /** Connections, streams and parked long-polls listening to a conversation right now. */
    listeners: (conversationId) => customers.get(conversationId)?.size ?? 0,
  };
}
