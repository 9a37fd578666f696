/**
 * A fake Chatwoot following its public Client API (swagger `paths/public/inboxes/…`) and
 * its ActionCable channel as documented in "Client APIs" and "Websocket Events":
 *
 * - `GET  /public/api/v1/inboxes/{inbox}`: public inbox details (working hours, time zone);
 * - `POST …/contacts`: `{ source_id?, identifier?, identifier_hash?, email?, name?, custom_attributes? }`
 *   → `{ source_id, pubsub_token, id, name, email }` (an existing `source_id` gives the same contact);
 * - `POST …/contacts/{source_id}/conversations`: `{ custom_attributes }` → a public conversation;
 * - `GET  …/conversations/{id}`, `POST …/conversations/{id}/toggle_status` (resolves);
 * - `POST …/conversations/{id}/messages`: `{ content, echo_id }` → the message; `GET` lists the
 *   latest 20, or with `?before=<message id>` the 20 before it (Chatwoot's MessageFinder);
 * - `/cable`: `welcome`, `ping`s, `subscribe` to `RoomChannel` with a `pubsub_token` →
 *   `confirm_subscription` or `reject_subscription`; broadcasts `{ identifier, message: { event, data } }`
 *   of `message.created` (not private, not activity), `conversation.created`,
 *   `conversation.status_changed` and typing; `update_presence` answered with `presence.update`.
 *   Assignee changes are not sent to contacts, as in Chatwoot.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { applyFault, json, startTestServer, type Fault, type TestServer } from './http-server';

export interface CwContact {
  id: number;
  sourceId: string;
  pubsubToken: string;
  body: Record<string, unknown>;
}

export interface CwMessage {
  id: number | string;
  content: string | null;
  message_type: 0 | 1 | 2 | 3;
  content_type: string;
  private: boolean;
  created_at: number;
  conversation_id: number;
  echo_id?: string;
  sender?: Record<string, unknown>;
  attachments?: Array<Record<string, unknown>>;
}

export interface CwConversation {
  id: number;
  contact: CwContact;
  status: 'open' | 'pending' | 'resolved' | 'snoozed';
  customAttributes: Record<string, unknown>;
  assignee?: Record<string, unknown>;
  messages: CwMessage[];
}

export type CwFault = Fault | { kind: 'after'; status: number };

export interface ChatwootServer extends TestServer {
  readonly baseUrl: string;
  readonly inbox: string;
  inboxDetails: Record<string, unknown>;
  readonly contacts: CwContact[];
  readonly conversations: CwConversation[];
  /** Faults for the next requests to each endpoint; `after` processes first and loses the answer. */
  readonly faults: { contact: CwFault[]; conversation: CwFault[]; message: CwFault[] };
  /** Message creates answer 503 ('retryable') or 422 ('fatal') until back to 'none'. */
  failMode: 'none' | 'retryable' | 'fatal';
  /** Cable upgrades are refused while true. */
  refuseCable: boolean;
  /** Called after each customer message is stored (for scripted replies). */
  afterIncoming: ((conversation: CwConversation, message: CwMessage) => void) | undefined;
  /** Every cable command received, parsed, in order. */
  readonly commands: Array<Record<string, unknown>>;
  /** An agent (or bot) writes in a conversation. */
  reply(conversationId: number, message: { content: string | null; sender?: Record<string, unknown> | null; private?: boolean; id?: number | string; created_at?: number; attachments?: Array<Record<string, unknown>>; message_type?: 1 | 3; content_type?: string }): void;
  /** Changes a conversation's status (broadcast as conversation.status_changed, with the assignee in meta). */
  setStatus(conversationId: number, status: CwConversation['status']): void;
  /** Assigns an agent: no broadcast reaches the contact, as in Chatwoot. */
  assign(conversationId: number, agent: Record<string, unknown>): void;
  typing(conversationId: number, on: boolean, user: Record<string, unknown>, isPrivate?: boolean): void;
  /** Sends raw text to every cable connection. */
  sendRaw(text: string): void;
  /** Cuts every cable connection. */
  dropCable(): void;
  /** Open cable connections subscribed to a token. */
  subscribers(pubsubToken?: string): number;
  /** Creates a contact and a conversation directly (as if made on an earlier page). */
  seed(): { contact: CwContact; conversation: CwConversation };
}

export const AGENT = { id: 7, name: 'alexandra.j', available_name: 'Alex', avatar_url: 'https://www.gravatar.com/avatar/abc?d=404', type: 'user', availability_status: 'online' };

export async function startChatwootServer(): Promise<ChatwootServer> {
  let self!: ChatwootServer;
  let ids = 100;
  let clock = 1_704_110_400; // 2024-01-01T12:00:00Z, in seconds as Chatwoot sends them
  const sockets = new Map<WebSocket, Set<string>>();

  const identifierFor = (token: string): string => JSON.stringify({ channel: 'RoomChannel', pubsub_token: token });

  const broadcast = (token: string, event: string, data: unknown): void => {
    for (const [ws, tokens] of sockets) {
      if (tokens.has(token) && ws.readyState === ws.OPEN) ws.send(JSON.stringify({ identifier: identifierFor(token), message: { event, data: { ...(data as object), account_id: 1 } } }));
    }
  };

  const contactData = (c: CwContact) => ({ id: c.id, name: c.body.name ?? null, email: c.body.email ?? null, identifier: c.body.identifier ?? null, type: 'contact', thumbnail: '' });

  const conversationData = (c: CwConversation) => ({
    id: c.id,
    inbox_id: 1,
    status: c.status,
    custom_attributes: c.customAttributes,
    meta: { sender: contactData(c.contact), assignee: c.assignee ?? null, hmac_verified: false },
    messages: [],
    channel: 'Channel::Api',
    timestamp: clock,
  });

  const publicConversation = (c: CwConversation) => ({
    id: c.id,
    uuid: `uuid-${c.id}`,
    inbox_id: 1,
    status: c.status,
    contact_last_seen_at: 0,
    agent_last_seen_at: 0,
    messages: c.messages.filter((m) => !m.private && m.message_type !== 2),
    contact: contactData(c.contact),
  });

  const addMessage = (c: CwConversation, message: Omit<CwMessage, 'id' | 'created_at' | 'conversation_id'> & { id?: number | string; created_at?: number }): CwMessage => {
    // created_at 0 stands for "not sent", to test payloads without it.
    const stored: CwMessage = { ...message, id: message.id ?? ++ids, created_at: message.created_at ?? ++clock, conversation_id: c.id };
    if (stored.created_at === 0) delete (stored as Partial<CwMessage>).created_at;
    c.messages.push(stored);
    // ActionCableListener#contact_tokens: private and activity messages do not reach the contact.
    if (!stored.private && stored.message_type !== 2) broadcast(c.contact.pubsubToken, 'message.created', stored);
    return stored;
  };

  const server = await startTestServer((req, res, body, url) => {
    const base = `/public/api/v1/inboxes/${self.inbox}`;
    if (!url.pathname.startsWith('/public/api/v1/inboxes/')) return json(res, 404, { error: 'not found' });
    if (!url.pathname.startsWith(base)) return json(res, 404, { error: 'Inbox not found' });
    const path = url.pathname.slice(base.length);
    const b = (body ?? {}) as Record<string, unknown>;

    if (req.method === 'GET' && path === '') return json(res, 200, self.inboxDetails);

    if (req.method === 'POST' && path === '/contacts') {
      const fault = self.faults.contact.shift();
      if (fault?.kind !== 'after' && applyFault(res, fault)) return;
      if (fault?.kind === 'raw') {
        res.writeHead(200, { 'content-type': fault.contentType ?? 'application/json' });
        return void res.end(fault.body);
      }
      const sourceId = typeof b.source_id === 'string' ? b.source_id : `src-${++ids}`;
      let contact = self.contacts.find((c) => c.sourceId === sourceId);
      if (!contact) {
        contact = { id: ++ids, sourceId, pubsubToken: `pubsub-${++ids}`, body: b };
        self.contacts.push(contact);
      }
      if (fault?.kind === 'after') return json(res, fault.status, { error: 'lost' });
      return json(res, 200, { source_id: contact.sourceId, pubsub_token: contact.pubsubToken, id: contact.id, name: b.name ?? null, email: b.email ?? null });
    }

    const match = /^\/contacts\/([^/]+)(?:\/conversations(?:\/(\d+)(\/messages|\/toggle_status)?)?)?$/.exec(path);
    const contact = match ? self.contacts.find((c) => c.sourceId === decodeURIComponent(match[1] as string)) : undefined;
    if (!match || !contact) return json(res, 404, { error: 'Resource could not be found' });
    const isConversations = path.includes('/conversations');
    const conversation = match[2] ? self.conversations.find((c) => c.id === Number(match[2]) && c.contact === contact) : undefined;
    if (match[2] && !conversation) return json(res, 404, { error: 'Resource could not be found' });

    if (!isConversations) return req.method === 'GET' ? json(res, 200, contactData(contact)) : json(res, 405, {});

    if (!match[2]) {
      if (req.method === 'GET') return json(res, 200, self.conversations.filter((c) => c.contact === contact).map(publicConversation));
      const fault = self.faults.conversation.shift();
      if (fault?.kind !== 'after' && applyFault(res, fault)) return;
      const created: CwConversation = {
        id: self.conversations.length + 1,
        contact,
        status: 'open',
        customAttributes: (b.custom_attributes as Record<string, unknown>) ?? {},
        messages: [],
      };
      self.conversations.push(created);
      broadcast(contact.pubsubToken, 'conversation.created', conversationData(created));
      if (fault?.kind === 'after') return json(res, fault.status, { error: 'lost' });
      return json(res, 200, publicConversation(created));
    }

    const c = conversation as CwConversation;
    if (!match[3]) return req.method === 'GET' ? json(res, 200, publicConversation(c)) : json(res, 405, {});
    if (match[3] === '/toggle_status') {
      if (c.status !== 'resolved') self.setStatus(c.id, 'resolved');
      return json(res, 200, publicConversation(c));
    }
    if (req.method === 'GET') {
      // MessageFinder: the latest 20, or the 20 before the message `before` names, oldest first.
      const visible = c.messages.filter((m) => !m.private && m.message_type !== 2);
      const before = url.searchParams.get('before');
      const at = before === null ? -1 : visible.findIndex((m) => String(m.id) === before || (typeof m.id === 'number' && m.id >= Number(before)));
      const end = at === -1 ? visible.length : at;
      return json(res, 200, visible.slice(Math.max(0, end - 20), end));
    }
    const fault = self.faults.message.shift();
    if (fault?.kind !== 'after' && applyFault(res, fault)) return;
    if (self.failMode === 'retryable') return json(res, 503, { error: 'Service unavailable' });
    if (self.failMode === 'fatal') return json(res, 422, { message: 'Validation failed' });
    if (typeof b.content !== 'string') return json(res, 422, { message: 'content is required' });
    const stored = addMessage(c, {
      content: b.content,
      message_type: 0,
      content_type: 'text',
      private: false,
      ...(typeof b.echo_id === 'string' ? { echo_id: b.echo_id } : {}),
      sender: contactData(contact),
    });
    self.afterIncoming?.(c, stored);
    if (fault?.kind === 'after') return json(res, fault.status, { error: 'lost' });
    return json(res, 200, stored);
  });

  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('actioncable-v1-json') ? 'actioncable-v1-json' : false) });
  server.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (self.refuseCable || new URL(req.url ?? '/', 'http://x').pathname !== '/cable') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const tokens = new Set<string>();
      sockets.set(ws, tokens);
      ws.on('close', () => sockets.delete(ws));
      ws.send(JSON.stringify({ type: 'welcome' }));
      ws.on('message', (raw) => {
        let command: Record<string, unknown>;
        try {
          command = JSON.parse(String(raw)) as Record<string, unknown>;
        } catch {
          return;
        }
        self.commands.push(command);
        const identifier = typeof command.identifier === 'string' ? command.identifier : '';
        let params: Record<string, unknown> = {};
        try {
          params = JSON.parse(identifier) as Record<string, unknown>;
        } catch {
          return;
        }
        const token = typeof params.pubsub_token === 'string' ? params.pubsub_token : '';
        if (command.command === 'subscribe') {
          const known = params.channel === 'RoomChannel' && self.contacts.some((c) => c.pubsubToken === token);
          if (!known) return void ws.send(JSON.stringify({ identifier, type: 'reject_subscription' }));
          tokens.add(token);
          ws.send(JSON.stringify({ identifier, type: 'confirm_subscription' }));
          return;
        }
        if (command.command === 'message' && tokens.has(token)) {
          broadcast(token, 'presence.update', { users: { 7: 'online' } });
        }
      });
    });
  });
  const ping = setInterval(() => {
    for (const ws of sockets.keys()) ws.send(JSON.stringify({ type: 'ping', message: Math.floor(Date.now() / 1000) }));
  }, 3000);

  self = Object.assign(server, {
    baseUrl: server.origin,
    inbox: 'x4BbNzvq3Q8rKvE1h3Xq2p7E',
    inboxDetails: {
      identifier: 'x4BbNzvq3Q8rKvE1h3Xq2p7E',
      identity_validation_enabled: false,
      name: 'Fernway help',
      timezone: 'Europe/Stockholm',
      working_hours_enabled: false,
      working_hours: [],
      csat_survey_enabled: true,
      greeting_enabled: false,
    } as Record<string, unknown>,
    contacts: [] as CwContact[],
    conversations: [] as CwConversation[],
    faults: { contact: [] as CwFault[], conversation: [] as CwFault[], message: [] as CwFault[] },
    failMode: 'none' as ChatwootServer['failMode'],
    refuseCable: false,
    afterIncoming: undefined,
    commands: [] as Array<Record<string, unknown>>,
    reply(conversationId: number, message: Parameters<ChatwootServer['reply']>[1]) {
      const c = self.conversations.find((x) => x.id === conversationId);
      if (!c) throw new Error(`no conversation ${conversationId}`);
      const { private: isPrivate, message_type: type, content_type: contentType, sender, ...rest } = message;
      addMessage(c, { ...rest, message_type: type ?? 1, content_type: contentType ?? 'text', private: isPrivate ?? false, ...(sender === undefined ? { sender: AGENT } : sender === null ? {} : { sender }) });
    },
    setStatus(conversationId: number, status: CwConversation['status']) {
      const c = self.conversations.find((x) => x.id === conversationId);
      if (!c) throw new Error(`no conversation ${conversationId}`);
      c.status = status;
      broadcast(c.contact.pubsubToken, 'conversation.status_changed', conversationData(c));
    },
    assign(conversationId: number, agent: Record<string, unknown>) {
      const c = self.conversations.find((x) => x.id === conversationId);
      if (c) c.assignee = agent;
    },
    typing(conversationId: number, on: boolean, user: Record<string, unknown>, isPrivate = false) {
      const c = self.conversations.find((x) => x.id === conversationId);
      if (!c) throw new Error(`no conversation ${conversationId}`);
      broadcast(c.contact.pubsubToken, on ? 'conversation.typing_on' : 'conversation.typing_off', { conversation: conversationData(c), user, is_private: isPrivate });
    },
    sendRaw(text: string) {
      for (const ws of sockets.keys()) ws.send(text);
    },
    dropCable() {
      for (const ws of sockets.keys()) ws.terminate();
    },
    subscribers(pubsubToken?: string) {
      let n = 0;
      for (const [ws, tokens] of sockets) if (ws.readyState === ws.OPEN && (pubsubToken ? tokens.has(pubsubToken) : tokens.size > 0)) n++;
      return n;
    },
    seed() {
      const contact: CwContact = { id: ++ids, sourceId: `src-seed-${ids}`, pubsubToken: `pubsub-seed-${ids}`, body: { name: 'Ada' } };
      self.contacts.push(contact);
      const conversation: CwConversation = { id: self.conversations.length + 1, contact, status: 'open', customAttributes: {}, messages: [] };
      self.conversations.push(conversation);
      return { contact, conversation };
    },
  });
  const close = self.close;
  self.close = async () => {
    clearInterval(ping);
    self.dropCable();
    wss.close();
    await close();
  };
  return self;
}
