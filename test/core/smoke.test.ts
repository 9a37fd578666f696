import { expect, it } from 'vitest';
import { createChat } from '../../src/core/index';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';

it('goes from bot to a person and back', async () => {
  const bot = createMemoryBot({ reply: (t) => `echo ${t}` });
  const human = createMemoryHuman({ agent: { name: 'Alex' }, joinAfterMs: 5 });
  const chat = createChat({ bot, human });
  const phases: string[] = [];
  chat.on('phase', (p) => phases.push(p));
  chat.open();
  chat.send('hello');
  await new Promise((r) => setTimeout(r, 20));
  expect(chat.state.messages.map((m) => [m.author, m.text])).toEqual([
    ['customer', 'hello'],
    ['bot', 'echo hello'],
  ]);
  chat.requestHuman();
  await new Promise((r) => setTimeout(r, 50));
  expect(phases).toEqual(['waiting', 'human']);
  expect(human.backend.handoffs[0]?.transcript.messages.map((m) => m.text)).toEqual(['hello', 'echo hello']);
  chat.destroy();
});
