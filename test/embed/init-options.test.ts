// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/core/errors';
import { init, type HandoffChatWidget } from '../../src/index';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';

const widgets: HandoffChatWidget[] = [];
afterEach(() => {
  for (const w of widgets.splice(0)) w.destroy();
  document.body.innerHTML = '';
});

describe('init() passes every createChat option through', () => {
  it('accepts persist, maskBot, identityToken and vitals like createChat does', () => {
    const w = init({ human: createMemoryHuman(), storage: false, persist: false, maskBot: true, identityToken: 'tok_1', vitals: () => ({ LCP: 1200 }) });
    widgets.push(w);
    expect(w.element.isConnected).toBe(true);
  });

  it('puts the figures of a vitals function into the handoff transcript', async () => {
    const human = createMemoryHuman();
    const w = init({ bot: createMemoryBot(), human, storage: false, vitals: () => ({ LCP: 1200, CLS: 0.02 }) });
    widgets.push(w);
    w.open();
    w.requestHuman('please');
    await new Promise((r) => setTimeout(r, 0));
    expect(human.backend.handoffs[0]?.transcript.context.vitals).toEqual({ LCP: 1200, CLS: 0.02 });
  });

  it('measures nothing with vitals: false', async () => {
    const human = createMemoryHuman();
    const w = init({ human, storage: false, vitals: false });
    widgets.push(w);
    w.open();
    w.requestHuman('please');
    await new Promise((r) => setTimeout(r, 0));
    expect(human.backend.handoffs[0]?.transcript.context.vitals).toBeUndefined();
  });

  it('refuses a vitals value that is neither a function nor false, naming it', () => {
    try {
      init({ human: createMemoryHuman(), vitals: true } as never);
      expect.unreachable();
    } catch (error) {
      expect(isConfigError(error) && error.option).toBe('vitals');
    }
    expect(document.querySelector('handoff-chat')).toBeNull();
  });
});
