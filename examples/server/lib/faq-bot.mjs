/**
 * Fern, the rule-based FAQ bot of Fernway, a fictional home-goods shop where
 * customers pay later: an invoice due in 30 days, or three monthly instalments.
 *
 * Pure functions only: `answer()` turns one customer message into replies and,
 * when the bot cannot or should not help, a request for a person. Transport
 * (REST or SSE), ids and storage live in bot.mjs.
 */

/** The shop's name, as the bot and the demo page say it. */
export const SHOP_NAME = 'Fernway';

/** After this many "didn't understand" replies in a row, the bot asks for a person. */
export const FALLBACKS_BEFORE_HANDOFF = 3;

const MENU = [
  { title: 'Where is my order?', payload: '/order_status' },
  { title: 'Change due date', payload: '/due_date' },
  { title: 'Refunds and returns', payload: '/refund' },
  { title: 'My invoice', payload: '/invoice' },
];

// Checked in order: the first intent with a matching pattern wins, so the ones that
// must reach a person (asking for one, disputes) come before the routine ones.
const INTENTS = [
  {
    name: 'human',
    patterns: [/\b(human|real person|a person|someone real|agent|representative|operator|customer service|talk to (someone|somebody))\b/i],
  },
  {
    name: 'dispute',
    patterns: [
      /\b(complain(t|ts|ing)?|dispute|fraud|scam|unauthori[sz]ed|stolen|charged twice|double charged?|overcharged|wrong amount|didn'?t order|never ordered|debt collect\w*|reminder fee)\b/i,
    ],
  },
  {
    name: 'order_status',
    patterns: [
      /\bwhere('?s| is)?\s+(is\s+)?my\s+(order|package|parcel|delivery|stuff)\b/i,
      /\b(track(ing)?|shipping|shipped|deliver(y|ed)?|arriv(e|ed|al)|package|parcel|order status)\b/i,
      /\bFW-?\d{4,8}\b/i,
    ],
  },
  {
    name: 'due_date',
    patterns: [/\b(due date|postpone|extend|extension|more time|pay (it )?later|move (my|the) (payment|invoice|due date)|delay (my |the )?payment|change (the |my )?date)\b/i],
  },
  { name: 'refund', patterns: [/\b(refund(s|ed)?|return(s|ing)?|money back|send (it |them )?back|exchange)\b/i] },
  { name: 'split', patterns: [/\b(split|instal+ments?|pay in (3|three)|monthly|part payment)\b/i] },
  { name: 'invoice', patterns: [/\b(invoice|bill|statement|receipt|payment reference|ocr)\b/i] },
  { name: 'declined', patterns: [/\b(declined|rejected|denied|credit check|not approved|credit limit|purchase limit)\b/i] },
  { name: 'greeting', patterns: [/^\s*(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening))\b/i] },
  { name: 'thanks', patterns: [/\b(thanks|thank you|thx|cheers|that helped|perfect)\b/i] },
  { name: 'goodbye', patterns: [/\b(bye|goodbye|see you|that'?s all)\b/i] },
];

const PAYLOADS = {
  '/order_status': 'order_status',
  '/due_date': 'due_date',
  '/due_date_steps': 'due_date_steps',
  '/refund': 'refund',
  '/refund_steps': 'refund_steps',
  '/invoice': 'invoice',
  '/split': 'split',
  '/human': 'human',
  '/menu': 'greeting',
};

const CARRIERS = ['Parcelway', 'Nordpost', 'QuickShip'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function orderUpdate(number, now) {
  // A fake but stable lookup: the same order number always gets the same story.
  const digits = Number(number.replace(/\D/g, ''));
  const carrier = CARRIERS[digits % CARRIERS.length];
  const day = (offset) => WEEKDAYS[new Date(now + offset * 86_400_000).getUTCDay()];
  switch (digits % 3) {
    case 0:
      return `Order FW-${digits} is packed and leaves our warehouse tomorrow. You'll get a tracking link by email as soon as ${carrier} picks it up.`;
    case 1:
      return `Order FW-${digits} is on its way with ${carrier} and should arrive on ${day(2)}. Your invoice is only due 30 days after delivery, so nothing to pay yet.`;
    default:
      return `Order FW-${digits} was delivered on ${day(-1)}. If you can't find it, check with neighbours or the parcel locker first, then tell me "it hasn't arrived" and I'll bring in a person.`;
  }
}

const REPLIES = {
  greeting: () => [
    {
      text: `Hi! I'm Fern, ${SHOP_NAME}'s assistant. I can help with orders, due dates, refunds and invoices. What can I do for you?`,
      quickReplies: MENU,
    },
  ],
  order_status: (text, now) => {
    const number = /\bFW-?(\d{4,8})\b/i.exec(text);
    if (number) return [{ text: orderUpdate(number[1], now) }];
    return [
      {
        text: 'Orders leave our warehouse within 1–2 business days, and the tracking link is in your shipping email. If you tell me your order number (it starts with FW-, like FW-20931), I can look it up.',
        quickReplies: [{ title: 'Change due date', payload: '/due_date' }, { title: 'Something else', payload: '/menu' }],
      },
    ];
  },
  due_date: () => [
    {
      text: 'You can move the due date of an invoice once, by up to 14 days, free of charge. Do it in the Fernway app under Invoices → Postpone, at the latest on the due date itself.',
      quickReplies: [
        { title: 'Show me the steps', payload: '/due_date_steps' },
        { title: 'Split it in 3 instead', payload: '/split' },
      ],
    },
  ],
  due_date_steps: () => [
    {
      text: '1. Open the Fernway app and sign in. 2. Tap Invoices and choose the invoice. 3. Tap Postpone and pick a new date (up to 14 days later). 4. Confirm: the new date shows at once, and we send you an email.',
    },
  ],
  refund: () => [
    {
      text: 'Returns are free within 30 days of delivery. As soon as the return is registered, we pause your invoice, and we adjust or cancel it once the goods are back. If you had already paid, the refund reaches your account within 5 business days.',
      quickReplies: [{ title: 'How do I return?', payload: '/refund_steps' }, { title: 'Where is my order?', payload: '/order_status' }],
    },
  ],
  refund_steps: () => [
    {
      text: 'Print the return label from the link in your order email (or show the QR code at the drop-off point), pack the items, and drop the parcel at any Parcelway point. Register the return in the app under Orders → Return so your invoice is paused right away.',
    },
  ],
  split: () => [
    {
      text: 'You can split any purchase over €60 into 3 interest-free monthly payments. Choose Split in 3 at checkout, or in the app under Invoices → Split, as long as the invoice is not overdue.',
    },
  ],
  invoice: () => [
    {
      text: 'Your invoice arrives by email on the day your order ships and is always in the app under Invoices, with the amount, due date and payment reference. You have 30 days from delivery to pay.',
      quickReplies: [{ title: 'Change due date', payload: '/due_date' }, { title: 'Split in 3', payload: '/split' }],
    },
  ],
  declined: () => [
    {
      text: 'Pay-later purchases are approved automatically, based on your purchase history with us and a soft credit check that does not affect your credit score. If a purchase was declined, you can still pay by card at checkout.',
    },
  ],
  thanks: () => [{ text: "You're welcome! Anything else I can help with?", quickReplies: MENU }],
  goodbye: () => [{ text: 'Thanks for shopping with Fernway. Have a lovely day!' }],
  human: () => [{ text: "Of course. I'm bringing in a person from our team; they will see our conversation so far." }],
  dispute: () => [
    {
      text: "I'm sorry about this. Payment disputes and complaints need a person from our team, so I'm bringing one in now. They will see everything you've told me.",
    },
  ],
};

const HANDOFF_REASONS = {
  human: 'The customer asked for a person',
  dispute: 'Complaint or payment dispute: the bot hands these to a person',
};

/**
 * Answers one customer message.
 *
 * @param {{ text: string, payload?: string, fallbacks: number, now: number }} input
 *   `payload` is the chosen quick reply's payload; `fallbacks` how many
 *   "didn't understand" replies in a row came before this message.
 * @returns {{ intent: string, replies: Array<{ text: string, quickReplies?: Array<{title: string, payload?: string}>, fallback?: boolean, intent: string, confidence: number }>, handoff?: { reason: string, context: Record<string, unknown> }, fallbacks: number }}
 *
 * @example
 * answer({ text: 'Where is my order FW-20931?', fallbacks: 0, now: Date.now() }).replies[0].text
 * // "Order FW-20931 is on its way with …"
 */
export function answer({ text, payload, fallbacks, now }) {
  const byPayload = payload ? PAYLOADS[payload] : undefined;
  const matched = byPayload ?? INTENTS.find((intent) => intent.patterns.some((p) => p.test(text)))?.name;

  if (!matched) {
    const count = fallbacks + 1;
    const handingOver = count >= FALLBACKS_BEFORE_HANDOFF;
    const reply = handingOver
      ? { text: "I'm sorry, I still don't understand. Let me bring in a person from our team who can help." }
      : {
          text: "Sorry, I didn't catch that. I can help with orders, due dates, refunds and invoices, or bring in a person.",
          quickReplies: [...MENU, { title: 'Talk to a person', payload: '/human' }],
        };
    return {
      intent: 'fallback',
      replies: [{ ...reply, fallback: true, intent: 'fallback', confidence: 0 }],
      ...(handingOver
        ? { handoff: { reason: `The bot did not understand the customer ${count} times in a row`, context: { intent: 'fallback', fallbacks: count } } }
        : {}),
      fallbacks: handingOver ? 0 : count,
    };
  }

  const confidence = byPayload ? 1 : 0.9;
  const replies = REPLIES[matched](text, now).map((r) => ({ ...r, intent: matched, confidence }));
  const reason = HANDOFF_REASONS[matched];
  return {
    intent: matched,
    replies,
    ...(reason ? { handoff: { reason, context: { intent: matched } } } : {}),
    fallbacks: 0,
  };
}

/** The greeting the SSE bot sends when a conversation's event stream first opens. */
export function greeting() {
  return { ...REPLIES.greeting()[0], intent: 'greeting', confidence: 1 };
}
