// @vitest-environment happy-dom
/**
 * Every hostile payload through every path that carries text into the widget. Each
 * case asserts: no script ran, nothing the payload made exists (or ever existed) in
 * the DOM, nothing was fetched, the conversation holds exactly the expected messages
 * in order, the payload is visible as text, and the human control still works.
 */
import { cleanup } from '@testing-library/preact';
import { afterEach, describe, it } from 'vitest';
import { destroyChats } from '../ui/widget-harness';
import { PAYLOADS } from './payloads';
import { TEXT_PATHS } from './support/text-paths';
import { expectConversation, expectHumanControlWorks, expectSafe, mountWatched, step, type Watched } from './support/watched-widget';
import { QUIET_ESCALATION } from './support/quiet-escalation';

let current: Watched | undefined;

afterEach(() => {
  current?.stop();
  current = undefined;
  cleanup();
  destroyChats();
});

const QUIET = { chat: { escalation: QUIET_ESCALATION } };

for (const path of TEXT_PATHS) {
  describe(`through the ${path.name}`, () => {
    it.each(PAYLOADS.map((p) => [p.id, p] as const))('%s stays inert text and loses nothing', async (_id, payload) => {
      const w = mountWatched(path.options?.(payload) ?? QUIET);
      current = w;
      await step(() => w.chat.open());
      await path.deliver(w, payload);
      await expectSafe(w);
      expectConversation(w, path.authors(payload));
      path.shown(w, payload);
      await expectHumanControlWorks(w, path.control);
      await expectSafe(w);
    });
  });
}
