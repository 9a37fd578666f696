// Three widgets on one page, each with its own scripted bot and desk and its own
// storage key (so their conversations stay apart).
const { init, transports } = window.HandoffChat;

function backends(agentName) {
  return {
    bot: transports.createMemoryBot({
      greeting: {
        text: 'Hi! I am the **help bot**. Ask about *orders* or `refunds`, or talk to a person any time.',
        quickReplies: [{ title: 'Where is my order?' }, { title: 'Refund' }],
      },
      delayMs: 400,
      reply: (text) =>
        /refund/i.test(text)
          ? 'Refunds take up to 5 working days.\n- Start one under *My orders*\n- Keep the receipt'
          : /order/i.test(text)
            ? 'Orders ship within 2 working days. Tracking: https://example.com/track'
            : { text: "Sorry, I didn't get that.", fallback: true },
    }),
    human: transports.createMemoryHuman({
      agent: { name: agentName, title: 'Support agent' },
      joinAfterMs: 1500,
      availability: { available: true, etaSeconds: 120 },
      reply: () => 'Thanks! Looking into it now.',
    }),
  };
}

window.chats = [
  init({ ...backends('Alex'), target: '#chat-default', storageKey: 'theme-default', theme: { panelHeight: '100%' } }),
  init({
    ...backends('Sam'),
    target: '#chat-midnight',
    storageKey: 'theme-midnight',
    colorScheme: 'dark',
    title: 'Midnight support',
    theme: {
      panelHeight: '100%',
      accent: '#f59e0b',
      onAccent: '#111827',
      surface: '#0f172a',
      surfaceAlt: '#1e293b',
      text: '#e2e8f0',
      textMuted: '#94a3b8',
      border: '#64748b',
      focus: '#fbbf24',
      danger: '#fca5a5',
      botBubble: '#1e293b',
      botText: '#e2e8f0',
      agentBubble: '#134e4a',
      agentText: '#ccfbf1',
      fontFamily: '"Trebuchet MS", system-ui, sans-serif',
      panelRadius: 20,
      bubbleRadius: 18,
      controlRadius: 999,
    },
  }),
  init({ ...backends('Kim'), target: '#chat-paper', storageKey: 'theme-paper', title: 'The Paper Desk' }),
];
