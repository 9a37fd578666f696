// The OpenAI-compatible preset: the page talks to /api/chat, a proxy on this example server
// that adds the API key and picks the model. There is no key anywhere in this file.
const { init, transports } = window.HandoffChat;

window.chat = init({
  bot: transports.createOpenAITransport({
    url: '/api/chat',
    system:
      'You are the help desk of Fernway, a home-goods shop where customers pay later. ' +
      'Answer briefly. If the customer wants a person, say they can press "Talk to a person".',
  }),
  human: transports.createMemoryHuman({
    agent: { name: 'Demo agent' },
    joinAfterMs: 1500,
    reply: () => 'This is the demo agent: the whole model conversation came with the handoff.',
  }),
});
