// What the bench measures: one page per scenario and where, on that page, the chat's
// launcher, its ready state and its message log are (see probe.mjs for the Target shape).
import { attr, scriptTag } from './pages.mjs';

/** The real widget's launcher; the loader's placeholder is a `<handoff-chat data-mode="placeholder">` with the same part. */
const OURS_LAUNCHER = { host: 'handoff-chat', inner: '[part~="launcher"]' };
/** The full widget is mounted (it replaced the loader's placeholder). */
const OURS_READY = { host: 'handoff-chat[data-mode="floating"]', inner: '[part~="launcher"]' };
const OURS_LOG = { host: 'handoff-chat[data-mode="floating"]', inner: '[part~="messages"]' };

const FLOOR_LAUNCHER = { host: '#floor-chat', inner: 'button.launcher' };

/** deep-chat has no launcher: it is always open, so its text input is its entry point. */
const DEEP_CHAT_INPUT = { host: 'deep-chat', inner: '#text-input' };
const DEEP_CHAT_LOG = { host: 'deep-chat', inner: '#messages' };

/** The attributes of issue #8: a REST bot and the handoff hub, both faked by server.mjs. */
const OURS_ATTRIBUTES = { defer: true, 'data-bot': 'rest', 'data-bot-url': '/bot', 'data-human': 'handoff', 'data-human-url': '/hub' };
const STREAM_ATTRIBUTES = { ...OURS_ATTRIBUTES, 'data-bot': 'sse', 'data-bot-url': '/sse-bot' };

const deepChatPage = (title, attributes) => ({
  title,
  head: '<script type="module" src="/vendor/deepChat.bundle.js"></script>',
  // Pinned to a corner like a floating widget, so where we put it causes no layout shift.
  body: `<div style="position:fixed;right:20px;bottom:20px;z-index:10"><deep-chat ${Object.entries(attributes)
    .map(([name, value]) => `${name}="${attr(JSON.stringify(value))}"`)
    .join(' ')}></deep-chat></div>`,
});

/** How many messages the restored conversation has (scenario f). */
const HISTORY_SIZE = 2000;
/** Text only the newest restored message contains. */
export const NEWEST_MARKER = 'newest-restored-message';

/** A conversation of `HISTORY_SIZE` messages alternating customer and bot, oldest first. */
function historyMessages() {
  const start = Date.UTC(2025, 0, 6, 9, 0);
  return Array.from({ length: HISTORY_SIZE }, (_, i) => {
    const customer = i % 2 === 0;
    const base = customer
      ? `Question ${i}: where is my order from last week, and can I still change the delivery address?`
      : `Answer ${i}: your parcel left the warehouse on Monday. You can change the address from the tracking page until it reaches the local depot.`;
    return { customer, text: i === HISTORY_SIZE - 1 ? `${base} (${NEWEST_MARKER})` : base, time: start + i * 20000 };
  });
}

/**
 * The stored conversation the core reads at start (src/core/stored-conversation.ts, key
 * `hc:<storageKey>:conversation` in src/core/chat.ts). Seeded directly: the core itself
 * stores only the newest 1,000 messages (STORED_MESSAGES_LIMIT), so a conversation it
 * wrote could not have 2,000; it restores all it finds.
 */
export function storedConversation() {
  const messages = historyMessages().map((m, i) => ({
    id: `m${i}`,
    author: m.customer ? 'customer' : 'bot',
    text: m.text,
    time: m.time,
    status: 'sent',
  }));
  const value = {
    v: 1,
    conversationId: 'conv_bench_history',
    phase: 'bot',
    messages,
    draft: '',
    handoff: { status: 'none', attempts: 0 },
    startedAt: messages[0].time,
    rating: 'none',
  };
  return { key: 'hc:default:conversation', value: JSON.stringify(value) };
}

/**
 * a–e of issue #8: each measured cold for load, launcher paint, layout shift, click to
 * composer, requests, heap and transferred script bytes.
 */
export const LOAD_SCENARIOS = [
  { id: 'baseline', label: 'empty host page', page: { title: 'baseline' } },
  {
    id: 'floor',
    label: 'floor (minimal Preact panel)',
    page: { title: 'floor', head: scriptTag('/vendor/preact.min.js', { defer: true }) + scriptTag('/bench/floor-panel.js', { defer: true }) },
    launcher: FLOOR_LAUNCHER,
    ready: FLOOR_LAUNCHER,
  },
  {
    id: 'ours-loader',
    label: 'ours (loader)',
    page: { title: 'ours-loader', head: scriptTag('/dist/handoff-chat.loader.js', OURS_ATTRIBUTES) },
    launcher: OURS_LAUNCHER,
    ready: OURS_READY,
  },
  {
    id: 'ours-iife',
    label: 'ours (iife, no loader)',
    page: { title: 'ours-iife', head: scriptTag('/dist/handoff-chat.iife.js', OURS_ATTRIBUTES) },
    launcher: OURS_LAUNCHER,
    ready: OURS_READY,
  },
  {
    id: 'deep-chat',
    label: 'deep-chat',
    page: deepChatPage('deep-chat', { connect: { url: '/dc-bot' } }),
    launcher: DEEP_CHAT_INPUT,
    ready: DEEP_CHAT_INPUT,
    // Always open: there is no launcher to click, so "click to composer" does not apply.
    noLauncher: true,
  },
];

/** f: a restored conversation of HISTORY_SIZE messages, opened and scrolled to the top. */
export const HISTORY_SCENARIOS = [
  {
    id: 'ours-history',
    label: 'ours (loader), 2,000 restored messages',
    page: { title: 'ours-history', head: scriptTag('/dist/handoff-chat.loader.js', OURS_ATTRIBUTES) },
    seed: storedConversation,
    launcher: OURS_READY,
    ready: OURS_READY,
    log: OURS_LOG,
  },
  {
    id: 'deep-chat-history',
    label: 'deep-chat, 2,000 messages of history',
    page: deepChatPage('deep-chat-history', {
      connect: { url: '/dc-bot' },
      history: historyMessages().map((m) => ({ role: m.customer ? 'user' : 'ai', text: m.text })),
    }),
    ready: DEEP_CHAT_INPUT,
    log: DEEP_CHAT_LOG,
    noLauncher: true,
  },
];

/** g: one reply streamed as STREAM_DELTAS deltas in a burst. */
export const STREAM_SCENARIOS = [
  {
    id: 'ours-stream',
    label: 'ours (loader, SSE bot), 2,000 deltas',
    page: { title: 'ours-stream', head: scriptTag('/dist/handoff-chat.loader.js', STREAM_ATTRIBUTES) },
    launcher: OURS_READY,
    ready: OURS_READY,
    log: OURS_LOG,
  },
  {
    id: 'deep-chat-stream',
    label: 'deep-chat (streaming connect), 2,000 deltas',
    page: deepChatPage('deep-chat-stream', { connect: { url: '/dc-stream', stream: true } }),
    composer: DEEP_CHAT_INPUT,
    ready: DEEP_CHAT_INPUT,
    log: DEEP_CHAT_LOG,
    noLauncher: true,
  },
];

/** Every page the server must serve, by scenario id. */
export function allPages() {
  return Object.fromEntries([...LOAD_SCENARIOS, ...HISTORY_SCENARIOS, ...STREAM_SCENARIOS].map((s) => [s.id, s.page]));
}
