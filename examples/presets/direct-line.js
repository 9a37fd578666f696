// The Direct Line preset: the page gets a token from its own server (never the secret),
// and keeps the Direct Line conversation for this tab in sessionStorage, so a reload
// continues it and the bot remembers.
const { init, transports } = window.HandoffChat;
const { directLineDomain } = window.presetConfig;

window.chat = init({
  bot: transports.createDirectLineTransport({
    tokenUrl: '/api/directline/token',
    domain: directLineDomain,
    storage: window.sessionStorage,
  }),
  human: transports.createMemoryHuman({
    agent: { name: 'Demo agent' },
    joinAfterMs: 1500,
    reply: () => 'This is the demo agent. A real desk would get the transcript and handoff context now.',
  }),
});
