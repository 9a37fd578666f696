// The Rasa preset: your Rasa server's REST channel is the bot; a demo agent is the human side.
// Rasa must allow this page's origin: start it with `rasa run --enable-api --cors "*"` (or your origin).
const { init, transports } = window.HandoffChat;
const { rasaUrl } = window.presetConfig;

window.chat = init({
  bot: transports.createRasaTransport({ url: rasaUrl }),
  human: transports.createMemoryHuman({
    agent: { name: 'Demo agent' },
    joinAfterMs: 1500,
    reply: () => 'This is the demo agent: the Rasa conversation arrived with the handoff.',
  }),
});
