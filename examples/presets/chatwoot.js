// The Chatwoot preset: a tiny scripted bot first, then your Chatwoot API inbox. The contact
// and conversation are kept in localStorage, so a reload reconnects to the same agent.
const { init, transports } = window.HandoffChat;
const { chatwootUrl, chatwootInbox } = window.presetConfig;

if (!chatwootUrl || !chatwootInbox) {
  const warning = document.createElement('p');
  warning.className = 'note';
  warning.textContent = 'Set CHATWOOT_URL and CHATWOOT_INBOX when starting examples/presets/server.mjs.';
  document.querySelector('main').prepend(warning);
} else {
  window.chat = init({
    bot: transports.createMemoryBot({
      greeting: 'Hi! I am a tiny demo bot. Type "agent", or press "Talk to a person", to reach the Chatwoot inbox.',
      reply: (text) =>
        /agent|person|human/i.test(text)
          ? { text: 'Getting someone for you.', handoff: 'The customer asked for a person' }
          : 'I only know how to hand over. Try "agent".',
    }),
    human: transports.createChatwootTransport({
      baseUrl: chatwootUrl,
      inboxIdentifier: chatwootInbox,
      storage: window.localStorage,
    }),
  });
}
