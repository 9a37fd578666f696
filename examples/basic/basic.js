// The widget with in-memory transports: no server needed.
const { init, transports } = window.HandoffChat;

const answers = [
  [/order|parcel|delivery/i, { text: 'Orders ship within 2 working days. You can track yours under **My orders**.', quickReplies: [{ title: 'Change due date' }, { title: 'Refund' }] }],
  [/due date|pay later|invoice/i, 'You can move a due date once, by up to 14 days, in the app under *Payments*.'],
  [/refund|return/i, 'Refunds reach your account within 5 working days after the shop confirms the return.'],
  [/^(hi|hello|hey)\b/i, 'Hi! Ask me about orders, due dates or refunds.'],
];

window.chat = init({
  bot: transports.createMemoryBot({
    greeting: { text: 'Hi! I am the Northwind bot. How can I help?', quickReplies: [{ title: 'Where is my order?' }, { title: 'Refund' }] },
    delayMs: 500,
    stream: true,
    reply: (text) => {
      const hit = answers.find(([pattern]) => pattern.test(text));
      return hit ? hit[1] : { text: "Sorry, I didn't understand that. Try asking about orders, due dates or refunds.", fallback: true };
    },
  }),
  human: transports.createMemoryHuman({
    agent: { name: 'Alex', title: 'Support agent' },
    joinAfterMs: 2500,
    reply: () => 'Thanks, I am looking into it now.',
    availability: { available: true, etaSeconds: 120 },
  }),
});
