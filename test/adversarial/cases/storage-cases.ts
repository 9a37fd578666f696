/**
 * Storage that fails, fills up, lies, holds corrupt or hostile data, or is cleared
 * while the chat runs. Each case builds a fresh storage; `storage.test.tsx` runs the
 * same conversation on it and checks the chat keeps working and loses nothing.
 */
import { createMemoryStorage, type KeyValueStorage } from '../../../src/core/environment';
import type { Chat } from '../../../src/core/chat';

export const CONVERSATION_KEY = 'hc:default:conversation';
export const OUTBOX_KEY = 'hc:default:outbox';
const T = Date.UTC(2026, 0, 5, 9, 30);

/** A storage whose every call can be made to fail or lie; it also counts failures. */
export interface TestStorage extends KeyValueStorage {
  readonly inner: KeyValueStorage & { clear(): void; keys(): string[] };
  failures: number;
}

type Hook = (s: TestStorage) => Partial<KeyValueStorage>;

function testStorage(seed: Record<string, string> = {}, hook: Hook = () => ({})): TestStorage {
  const map = new Map<string, string>(Object.entries(seed));
  const memory = createMemoryStorage();
  const inner = Object.assign(memory, {
    clear: () => map.clear(),
    keys: () => [...map.keys()],
    getItem: (k: string) => (map.has(k) ? (map.get(k) as string) : null),
    setItem: (k: string, v: string) => void map.set(k, String(v)),
    removeItem: (k: string) => void map.delete(k),
  });
  const s: TestStorage = {
    inner,
    failures: 0,
    getItem: (k) => inner.getItem(k),
    setItem: (k, v) => inner.setItem(k, v),
    removeItem: (k) => inner.removeItem(k),
  };
  return Object.assign(s, hook(s));
}

const fail = (s: TestStorage, error: Error): never => {
  s.failures++;
  throw error;
};

const quota = (): Error => Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
const denied = (): Error => Object.assign(new Error('Access is denied for this document.'), { name: 'SecurityError' });

const stored = (conversation: Record<string, unknown>): string =>
  JSON.stringify({ v: 1, conversationId: 'conv_s', phase: 'bot', draft: '', handoff: { status: 'none', attempts: 0 }, startedAt: T, rating: 'none', ...conversation });

const botLine = (id: string, text: string, extra: Record<string, unknown> = {}) => ({ id, author: 'bot', text, time: T, status: 'sent', ...extra });

export interface StorageCase {
  name: string;
  make(): TestStorage;
  /** Runs between the customer's two messages (e.g. the page clears storage). */
  midway?(chat: Chat, storage: TestStorage): void;
  /** Authors restored before the test's own conversation starts. */
  restored: Array<'customer' | 'bot' | 'agent' | 'system'>;
  /** Whether everything must be there again after a reload from the same storage. */
  survivesReload: boolean;
  /** Whether the chat must report `storage_unavailable` (once). */
  reportsUnavailable?: boolean;
}

export const STORAGE_CASES: readonly StorageCase[] = [
  {
    name: 'getItem throws (storage blocked by the browser)',
    make: () => testStorage({}, (s) => ({ getItem: () => fail(s, denied()) })),
    restored: [],
    survivesReload: false,
    // The first read happens inside createChat; the report waits for the first error listener.
    reportsUnavailable: true,
  },
  {
    name: 'setItem always throws QuotaExceededError',
    make: () => testStorage({}, (s) => ({ setItem: () => fail(s, quota()) })),
    restored: [],
    survivesReload: false,
    reportsUnavailable: true,
  },
  {
    name: 'storage fills up mid-conversation',
    make: () =>
      testStorage({}, (s) => ({
        setItem: (k, v) => (v.length > 600 ? fail(s, quota()) : s.inner.setItem(k, v)),
      })),
    restored: [],
    survivesReload: false,
    reportsUnavailable: true,
  },
  {
    name: 'removeItem throws while the customer logs out',
    make: () => testStorage({}, (s) => ({ removeItem: () => fail(s, denied()) })),
    midway: (chat) => chat.logout(),
    restored: [],
    survivesReload: false,
    reportsUnavailable: true,
  },
  {
    name: 'getItem returns something that is not a string',
    make: () => testStorage({}, () => ({ getItem: () => ({ toString: () => stored({ messages: [botLine('x', 'object')] }) }) as unknown as string })),
    restored: [],
    survivesReload: false,
  },
  {
    name: 'corrupt JSON',
    make: () => testStorage({ [CONVERSATION_KEY]: '{"v":1,"conversationId":"c","messages":[{"id":"m1"', [OUTBOX_KEY]: 'not json at all' }),
    restored: [],
    survivesReload: true,
  },
  {
    name: 'wrong version and wrong types',
    make: () =>
      testStorage({
        [CONVERSATION_KEY]: JSON.stringify({ v: 1, conversationId: 42, phase: 'hacked', messages: 'lol' }),
        [OUTBOX_KEY]: JSON.stringify({ entries: [] }),
      }),
    restored: [],
    survivesReload: true,
  },
  {
    name: 'entries of unknown authors, statuses, phases and shapes are dropped one by one',
    make: () =>
      testStorage({
        [CONVERSATION_KEY]: stored({
          messages: [
            botLine('k1', 'kept'),
            { id: 'x1', author: 'admin', text: 'dropped', time: T },
            { id: 'x2', author: 'bot', text: 42, time: T },
            { id: 'x3', author: 'bot', text: 'no time' },
            { author: 'bot', text: 'no id', time: T },
            null,
            [1, 2],
            botLine('k2', 'kept too', { status: 'exploded', quickReplies: 'no', attachments: [{ kind: 'exe', url: 'https://evil.example/x.exe' }, null] }),
          ],
        }),
      }),
    restored: ['bot', 'bot'],
    survivesReload: true,
  },
  {
    name: '__proto__ and constructor.prototype keys',
    make: () =>
      testStorage({
        [CONVERSATION_KEY]:
          `{"v":1,"conversationId":"conv_p","phase":"bot","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},` +
          `"messages":[{"id":"p1","author":"bot","text":"restored","time":${T},"status":"sent","__proto__":{"polluted":"yes"},` +
          `"notice":{"code":"agent-joined","params":{"__proto__":{"polluted":"yes"},"name":"x"}}}],` +
          `"user":{"name":"Ana","attributes":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"plan":"pro"}},` +
          `"handoff":{"status":"none","attempts":0,"__proto__":{"polluted":"yes"}}}`,
        [OUTBOX_KEY]: `[{"__proto__":{"polluted":"yes"},"id":"o1","lane":"bot","kind":"message","payload":{"id":"o1","text":"queued","time":${T}},"attempts":0,"createdAt":${T}}]`,
      }),
    restored: ['bot'],
    survivesReload: true,
  },
  {
    name: 'absurd timestamps',
    make: () =>
      testStorage({
        [CONVERSATION_KEY]: stored({
          startedAt: 1e300,
          messages: [botLine('t1', 'far future', { time: 1e20 }), botLine('t2', 'before time', { time: -1e20 }), botLine('t3', 'tiny', { time: 5e-324 })],
          handoff: { status: 'none', attempts: 1e300, requestedAt: -1e300 },
        }),
      }),
    restored: ['bot', 'bot', 'bot'],
    survivesReload: true,
  },
  {
    name: 'six hundred stored messages, half of them duplicates',
    make: () =>
      testStorage({
        [CONVERSATION_KEY]: stored({
          messages: Array.from({ length: 600 }, (_, i) => botLine(`d${i % 300}`, `line ${i}`)),
        }),
      }),
    restored: Array.from({ length: 300 }, () => 'bot' as const),
    survivesReload: true,
  },
  {
    name: 'hostile text and URLs everywhere in a stored conversation',
    make: () =>
      testStorage({
        [CONVERSATION_KEY]: stored({
          phase: 'human',
          agent: { name: '<img src=x onerror=window.__pwned=1>', avatarUrl: 'javascript:window.__pwned=1', title: '<svg onload=window.__pwned=1>' },
          handoff: { status: 'connected', attempts: 0, requestId: 'req_h' },
          messages: [
            { id: 'h1', author: 'agent', text: '[pay](javascript:window.__pwned=1)', time: T, status: 'sent', agent: { name: '<b>x</b>', avatarUrl: 'data:image/svg+xml,<svg onload=alert(1)>' } },
            { id: 'h2', author: 'system', text: '<script>window.__pwned=1</script>', time: T, status: 'sent', notice: { code: '<script>', params: { name: '<img src=x onerror=window.__pwned=1>' } } },
            botLine('h3', 'x', { attachments: [{ kind: 'image', url: 'javascript:window.__pwned=1', alt: '"><script>' }, { kind: 'file', url: 'vbscript:msgbox', name: 'f' }] }),
          ],
          draft: '<script>window.__pwned=1</script>',
        }),
      }),
    restored: ['agent', 'system', 'bot'],
    survivesReload: true,
  },
  {
    name: 'another customer\'s conversation on a shared browser',
    make: () =>
      testStorage({
        [CONVERSATION_KEY]: stored({ owner: 'u-previous', messages: [botLine('o1', 'your card ending 4242 was charged')], user: { id: 'u-previous', name: 'Previous' } }),
      }),
    restored: [],
    survivesReload: true,
  },
  {
    name: 'cleared by the page in the middle of the conversation',
    make: () => testStorage(),
    midway: (_chat, s) => s.inner.clear(),
    restored: [],
    survivesReload: true,
  },
];
