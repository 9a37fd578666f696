// @vitest-environment happy-dom
/**
 * Escape closes the floating panel, except the Escape that cancels an IME composition
 * (Japanese, Chinese, Korean input): Chrome marks it `isComposing`, Safari sends it
 * after `compositionend` with keyCode 229 instead.
 */
import { cleanup, fireEvent } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import { destroyChats, renderWidget, step } from './widget-harness';

afterEach(() => {
  cleanup();
  destroyChats();
});

async function composing() {
  const w = renderWidget({ mode: 'floating' });
  await step(() => w.chat.open());
  const box = w.container.querySelector('textarea') as HTMLTextAreaElement;
  box.focus();
  fireEvent.compositionStart(box);
  fireEvent.input(box, { target: { value: 'にほ' } });
  return { ...w, box };
}

it('keeps the panel open on the Escape that cancels a composition (Chrome: isComposing)', async () => {
  const { chat, box } = await composing();
  await step(() => fireEvent.keyDown(box, { key: 'Escape', isComposing: true }));
  expect(chat.state.open).toBe(true);
});

it('keeps the panel open on Safari’s late Escape (keyCode 229 after compositionend)', async () => {
  const { chat, box } = await composing();
  fireEvent.compositionEnd(box);
  await step(() => fireEvent.keyDown(box, { key: 'Escape', keyCode: 229, isComposing: false }));
  expect(chat.state.open).toBe(true);
  // A real Escape afterwards still closes it.
  await step(() => fireEvent.keyDown(box, { key: 'Escape', keyCode: 27 }));
  expect(chat.state.open).toBe(false);
});
