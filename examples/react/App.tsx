/** @jsxImportSource react */
import { useEffect, useRef, useState } from 'react';
import type { HandoffChatWidget, Phase } from 'handoff-chat';
import { createMemoryBot, createMemoryHuman } from 'handoff-chat/transports';
import { HandoffChat } from './HandoffChat.js';

// Created once, outside the component: a new transport would start a new widget.
const bot = createMemoryBot({
  greeting: 'Hi! I am the help bot of this React app. Ask me about refunds.',
  reply: (text) => (/refund/i.test(text) ? 'Refunds reach your account within 5 working days.' : { text: 'I did not get that.', fallback: true }),
});
const human = createMemoryHuman({
  agent: { name: 'Alex', title: 'Support agent' },
  joinAfterMs: 300,
  reply: () => 'Thanks, I am looking into it now.',
});

const PHASE_TEXT: Record<Phase, string> = {
  bot: 'You are talking to the bot.',
  waiting: 'Waiting for a person…',
  human: 'A person is helping you.',
  ended: 'The chat has ended.',
};

/** A help page: the chat in a panel on the page, and page buttons that drive it. */
export function App() {
  const chat = useRef<HandoffChatWidget | undefined>(undefined);
  const [phase, setPhase] = useState<Phase | undefined>();

  // Follow the conversation's phase in React state (the widget calls back on change).
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!ready || !chat.current) return undefined;
    setPhase(chat.current.state.phase);
    return chat.current.on('phase', (next) => setPhase(next));
  }, [ready]);

  return (
    <main className="page">
      <h1>Help centre (React)</h1>
      <p>
        The chat below is <code>handoff-chat</code> inside a React component, with in-page demo backends.
      </p>
      <p className="phase" data-testid="phase">
        {phase ? PHASE_TEXT[phase] : 'Starting the chat…'}
      </p>
      <p>
        <button type="button" data-testid="ask-person" onClick={() => chat.current?.requestHuman('Asked from the page')}>
          Ask for a person
        </button>
      </p>
      <HandoffChat
        inline
        className="chat"
        bot={bot}
        human={human}
        storage={false}
        title="Help"
        theme={{ accent: '#7c3aed' }}
        onReady={(widget) => {
          chat.current = widget;
          setReady(widget !== undefined);
        }}
      />
    </main>
  );
}
