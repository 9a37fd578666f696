/**
 * The console's state: what the hub says (board, opened conversations with
 * their live log, customer typing, offline messages) and the agent's actions.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createAgentConnection, type AgentConnection, type ConnectionStatus } from './agent-connection.js';
import type { AgentCommand, Detail, HubFrame, OfflineNote, Summary } from './agent-types.js';

export interface AgentProfile {
  id: string;
  name: string;
  title?: string;
}

export interface DeskState {
  status: ConnectionStatus;
  available: boolean;
  agentsOnline: number;
  conversations: Summary[];
  /** Opened conversations by request id. */
  details: Record<string, Detail>;
  selected?: { conversationId: string; requestId: string };
  /** Conversation ids whose customer is typing. */
  typing: Record<string, boolean>;
  offline: OfflineNote[];
  /** The last refusal from the hub, shown until the next action. */
  error?: string;
}

export interface DeskActions {
  select(summary: Summary): void;
  accept(summary: Summary): void;
  send(text: string): void;
  typing(active: boolean): void;
  release(): void;
  handBack(): void;
  end(): void;
  setAvailable(available: boolean): void;
  dismissError(): void;
}

const CUSTOMER_TYPING_MS = 8000;

/**
 * Connects to `url` as `agent` and keeps the desk state.
 *
 * @example
 * const [state, actions] = useDesk('ws://127.0.0.1:8787/agent', { id: 'agt_1', name: 'Alex' })
 */
export function useDesk(url: string, agent: AgentProfile): [DeskState, DeskActions] {
  const [state, setState] = useState<DeskState>({
    status: 'connecting',
    available: true,
    agentsOnline: 0,
    conversations: [],
    details: {},
    typing: {},
    offline: [],
  });
  const connection = useRef<AgentConnection>();
  const stateRef = useRef(state);
  stateRef.current = state;
  const typingTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const update = (fn: (s: DeskState) => DeskState) => setState((s) => fn(s));
    const onFrame = (frame: HubFrame): void => {
      switch (frame.type) {
        case 'welcome': {
          // After a reconnect the open conversation may have missed lines: fetch it again.
          const selected = stateRef.current.selected;
          if (selected) connection.current?.signal({ type: 'open', ...selected });
          return;
        }
        case 'board':
          return update((s) => ({ ...s, agentsOnline: frame.agentsOnline, conversations: frame.conversations }));
        case 'conversation':
          return update((s) => ({ ...s, details: { ...s.details, [frame.conversation.summary.requestId]: frame.conversation } }));
        case 'entry':
          return update((s) => {
            const detail = s.details[frame.requestId];
            if (!detail || detail.entries.some((e) => e.id === frame.entry.id)) return s;
            const typing = frame.entry.author === 'customer' ? { ...s.typing, [frame.conversationId]: false } : s.typing;
            return { ...s, typing, details: { ...s.details, [frame.requestId]: { ...detail, entries: [...detail.entries, frame.entry] } } };
          });
        case 'customer-typing': {
          const timers = typingTimers.current;
          clearTimeout(timers.get(frame.conversationId));
          // A customer who stops without saying so must not look busy forever.
          if (frame.active) {
            timers.set(frame.conversationId, setTimeout(() => update((s) => ({ ...s, typing: { ...s.typing, [frame.conversationId]: false } })), CUSTOMER_TYPING_MS));
          }
          return update((s) => ({ ...s, typing: { ...s.typing, [frame.conversationId]: frame.active } }));
        }
        case 'offline':
          return update((s) => ({ ...s, offline: frame.messages }));
        case 'error':
          return update((s) => ({ ...s, error: frame.message }));
        default:
          return undefined;
      }
    };
    const conn = createAgentConnection({
      url,
      agent,
      available: stateRef.current.available,
      onFrame,
      onStatus: (status) => update((s) => ({ ...s, status })),
    });
    connection.current = conn;
    const timers = typingTimers.current;
    return () => {
      conn.close();
      for (const timer of timers.values()) clearTimeout(timer);
    };
  }, [url, agent.id, agent.name, agent.title]);

  const actions = useMemo<DeskActions>(() => {
    const command = (c: AgentCommand) => {
      setState((s) => ({ ...s, error: undefined }));
      connection.current?.command(c);
    };
    const selectedId = () => stateRef.current.selected?.conversationId;
    return {
      select(summary) {
        const selected = { conversationId: summary.conversationId, requestId: summary.requestId };
        setState((s) => ({ ...s, selected, error: undefined }));
        connection.current?.signal({ type: 'open', ...selected });
      },
      accept(summary) {
        setState((s) => ({ ...s, selected: { conversationId: summary.conversationId, requestId: summary.requestId } }));
        command({ type: 'accept', conversationId: summary.conversationId, requestId: summary.requestId });
      },
      send(text) {
        const conversationId = selectedId();
        if (conversationId) command({ type: 'message', conversationId, text });
      },
      typing(active) {
        const conversationId = selectedId();
        if (conversationId) connection.current?.signal({ type: 'typing', conversationId, active });
      },
      release() {
        const conversationId = selectedId();
        if (conversationId) command({ type: 'release', conversationId });
      },
      handBack() {
        const conversationId = selectedId();
        if (conversationId) command({ type: 'hand-back', conversationId, reason: 'The bot can take it from here' });
      },
      end() {
        const conversationId = selectedId();
        if (conversationId) command({ type: 'end', conversationId });
      },
      setAvailable(available) {
        setState((s) => ({ ...s, available }));
        connection.current?.setAvailable(available);
        command({ type: 'status', available });
      },
      dismissError() {
        setState((s) => ({ ...s, error: undefined }));
      },
    };
  }, []);

  return [state, actions];
}
