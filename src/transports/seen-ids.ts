/**
 * A bounded memory of ids already delivered, to drop replays after a reconnect.
 * Oldest ids are forgotten first; a replay never reaches that far back in practice
 * because resuming asks only for what came after the last id.
 */
export interface SeenIds {
  /** Records `id`; returns false when it was already there. */
  add(id: string): boolean;
  has(id: string): boolean;
}

export function createSeenIds(limit = 1000): SeenIds {
  const ids = new Set<string>();
  return {
    add(id) {
      if (ids.has(id)) return false;
      ids.add(id);
      if (ids.size > limit) {
        const oldest = ids.values().next().value as string;
        ids.delete(oldest);
      }
      return true;
    },
    has: (id) => ids.has(id),
  };
}
