import { vi } from 'vitest';
import { createChat, type Chat, type ChatEvents, type ChatOptions } from '../../src/core/index';
import { createMemoryBot, createMemoryHuman, type MemoryBotOptions, type MemoryHumanOptions } from '../../src/transports/memory';

/** Every event name the chat emits, except the noisy `change`. */
export const EVENT_NAMES: Array<keyof ChatEvents> = [
  'message',
  'message:update',
  'message:status',
  'phase',
  'error',
  'typing',
  'connection',
  'availability',
  'queue',
  'open',
  'close',
  'handoff:offered',
  'handoff:requested',
  'handoff:accepted',
  'agent:joined',
  'handoff:ended',
];

/** Records events as short strings so flows can be asserted as ordered lists. */
export function record(chat: Chat, names: Array<keyof ChatEvents> = EVENT_NAMES): string[] {
  const log: string[] = [];
  for (const name of names) {
    chat.on(name, ((...args: unknown[]) => {
      const a = args[0] as Record<string, unknown> | string | undefined;
      if (name === 'phase') log.push(`phase:${args[1]}>${args[0]}`);
      else if (name === 'message') log.push(`message:${(a as { author: string }).author}:${(a as { text: string }).text}`);
      else if (name === 'message:status') log.push(`status:${(a as { text: string }).text}:${(a as { status: string }).status}`);
      else if (name === 'error') log.push(`error:${(a as unknown as { code: string }).code}`);
      else if (name === 'connection') log.push(`connection:${args[0]}:${args[1]}`);
      else if (name === 'typing') log.push(`typing:${args[0]}:${args[1]}`);
      else log.push(name);
    }) as never);
  }
  return log;
}

export interface Harness {
  chat: Chat;
  bot: ReturnType<typeof createMemoryBot>;
  human: ReturnType<typeof createMemoryHuman>;
}

/** A chat with memory transports; use with `vi.useFakeTimers()`. */
export function harness(
  options: Partial<ChatOptions> & { botOptions?: MemoryBotOptions; humanOptions?: MemoryHumanOptions; noBot?: boolean } = {},
): Harness {
  const { botOptions, humanOptions, noBot, ...rest } = options;
  const bot = createMemoryBot({ reply: (t) => `echo: ${t}`, ...botOptions });
  const human = createMemoryHuman(humanOptions);
  const chat = createChat({ ...(noBot ? {} : { bot }), human, locale: 'en', retry: { baseMs: 100, maxMs: 1000 }, ...rest });
  return { chat, bot, human };
}

/** Lets promises settle and timers up to `ms` run. */
export async function tick(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}
