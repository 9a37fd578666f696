import type { TabChannel, Tabs } from '../../src/core/tabs';

/**
 * Stand-ins for BroadcastChannel and the Web Locks API, shared by several chats in
 * one test so they behave like tabs of one browser: messages arrive asynchronously
 * (as a task, like BroadcastChannel) and each lock has one holder and a FIFO queue.
 */
export function createTabHub() {
  const buses = new Map<string, Set<(message: unknown) => void>>();
  const holders = new Map<string, { waiting: Array<{ grant: () => void; cancelled: boolean }>; held: boolean }>();

  const grantNext = (name: string): void => {
    const lock = holders.get(name);
    if (!lock || lock.held) return;
    const next = lock.waiting.shift();
    if (!next) return;
    if (next.cancelled) return grantNext(name);
    lock.held = true;
    setTimeout(next.grant, 0);
  };

  const tabs = (): Tabs => ({
    channel(name): TabChannel {
      const mine = new Set<(message: unknown) => void>();
      if (!buses.has(name)) buses.set(name, new Set());
      const bus = buses.get(name)!;
      return {
        post(message) {
          const copy = structuredClone(message);
          const targets = [...bus].filter((listener) => !mine.has(listener));
          // One task per message, delivered to every other tab in order, like BroadcastChannel.
          setTimeout(() => {
            for (const listener of targets) if (bus.has(listener)) listener(copy);
          }, 0);
        },
        subscribe(listener) {
          mine.add(listener);
          bus.add(listener);
          return () => {
            mine.delete(listener);
            bus.delete(listener);
          };
        },
        close() {
          for (const l of mine) bus.delete(l);
          mine.clear();
        },
      };
    },
    locks: {
      acquire(name, onAcquired) {
        if (!holders.has(name)) holders.set(name, { waiting: [], held: false });
        const lock = holders.get(name)!;
        let holding = false;
        const ticket = {
          cancelled: false,
          grant: () => {
            if (ticket.cancelled) {
              lock.held = false;
              return grantNext(name);
            }
            holding = true;
            onAcquired();
          },
        };
        lock.waiting.push(ticket);
        grantNext(name);
        return () => {
          ticket.cancelled = true;
          if (holding) {
            holding = false;
            lock.held = false;
            grantNext(name);
          }
        };
      },
    },
  });
  return { tabs };
}
