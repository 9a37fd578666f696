import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createChat, createMemoryStorage } from '../../src/core/index';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';
import { tick } from '../support/harness';
beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });
it('F2', async () => {
  const storage = createMemoryStorage();
  const bot = createMemoryBot(); const human = createMemoryHuman();
  const chat = createChat({ bot, human, storage, locale: 'en', env: { tabs: null }, user: { id: 'alice' } });
  chat.open(); await tick();
  chat.identify({ id: 'bob' }, { token: 'bob-string-token' });
  await tick();
  console.log('string token:', await bot.backend.session!.identityToken!(), 'user:', JSON.stringify(bot.backend.session!.user), 'connects', bot.backend.connects);
  chat.identify({ id: 'carol' }, { token: () => 'carol-fn' });
  await tick();
  console.log('fn token:', await bot.backend.session!.identityToken!(), 'user:', JSON.stringify(bot.backend.session!.user));
});
