// @vitest-environment happy-dom
/**
 * The site's own "Chat with us" button calls `open()` (or `HandoffChat('open')`):
 * focus goes into the message box, as with the widget's launcher. An open the page
 * makes by itself leaves focus where the visitor has it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installGlobal } from '../../src/embed/install-global';
import type { GlobalWithHandoffChat } from '../../src/embed/loader-handle';
import * as api from '../../src/index';
import { init, type HandoffChatWidget } from '../../src/index';
import * as transports from '../../src/transports/index';
import { createMemoryHuman } from '../../src/transports/memory';

const widgets: HandoffChatWidget[] = [];
const win = window as unknown as GlobalWithHandoffChat;
afterEach(() => {
  for (const w of widgets.splice(0)) w.destroy();
  (win.HandoffChat as ((c: string) => void) | undefined)?.('destroy');
  delete win.HandoffChat;
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

function mount(): HandoffChatWidget {
  const w = init({ human: createMemoryHuman(), storage: false });
  widgets.push(w);
  return w;
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const focused = (w: HandoffChatWidget) => w.element.shadowRoot?.activeElement?.getAttribute('part');

/** Pretends the call runs in a click handler (transient user activation). */
function duringAClick(active: boolean): void {
  Object.defineProperty(navigator, 'userActivation', { value: { isActive: active, hasBeenActive: true }, configurable: true });
}

afterEach(() => {
  delete (navigator as { userActivation?: unknown }).userActivation;
});

function pageField(): HTMLInputElement {
  const field = document.createElement('input');
  document.body.append(field);
  field.focus();
  return field;
}

describe('open() and keyboard focus', () => {
  it('moves focus to the message box when called from the visitor’s click', async () => {
    const w = mount();
    pageField();
    duringAClick(true);
    w.open();
    await tick();
    expect(focused(w)).toBe('input');
  });

  it('leaves focus on the page when the page opens the chat by itself', async () => {
    const w = mount();
    const field = pageField();
    duringAClick(false);
    w.open();
    await tick();
    expect(w.state.open).toBe(true);
    expect(document.activeElement).toBe(field);
  });

  it('takes focus when asked with open({ focus: true }), and not with { focus: false } even in a click', async () => {
    const w = mount();
    pageField();
    duringAClick(true);
    w.open({ focus: false });
    await tick();
    expect(focused(w)).toBeUndefined();
    w.close();
    await tick();
    duringAClick(false);
    w.open({ focus: true });
    await tick();
    expect(focused(w)).toBe('input');
  });

  it('moves focus when the panel is already open and open({ focus: true }) is called', async () => {
    const w = mount();
    w.open();
    await tick();
    pageField();
    w.open({ focus: true });
    expect(focused(w)).toBe('input');
  });

  it('works the same through HandoffChat(\'open\', { focus: true })', async () => {
    const global = installGlobal(win, { ...api, transports }, null);
    const w = global?.('init', { human: createMemoryHuman(), storage: false }) as HandoffChatWidget;
    pageField();
    global?.('open', { focus: true });
    await tick();
    expect(focused(w)).toBe('input');
  });
});
