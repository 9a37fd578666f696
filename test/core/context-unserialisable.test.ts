import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { harness, tick } from '../support/harness';
beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });
it('C2: keyword escalation with an unserialisable context', async () => {
  const ctx: Record<string, unknown> = {}; ctx.self = ctx;
  const { chat, human, bot } = harness({ context: () => ctx });
  await tick();
  let thrown: unknown;
  try { chat.send('I want to talk to a real person'); } catch (e) { thrown = e; }
  await tick(60_000);
  console.log(String(thrown), chat.state.phase, chat.state.messages.map((m) => `${m.author}:${m.status}`), bot.backend.received.length, human.backend.handoffs.length);
});
