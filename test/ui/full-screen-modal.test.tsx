// @vitest-environment happy-dom
/**
 * On a phone-sized screen the floating panel covers the page, so it must behave as
 * a modal dialog: announced as modal, and Tab never walks out onto the page hidden
 * behind it. Beside the page (wide screens) and inline it stays non-modal.
 */
import { cleanup, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { focusableIn } from '../../src/ui/focusable';
import { createFakeHost, destroyChats, renderWidget, step } from './widget-harness';

afterEach(() => {
  cleanup();
  destroyChats();
});

async function floating(fullScreen: boolean) {
  const host = createFakeHost({ fullScreen });
  const w = renderWidget({ mode: 'floating', host });
  const ui = within(w.container as HTMLElement);
  await step(() => fireEvent.click(ui.getByRole('button', { name: 'Open chat' })));
  const panel = w.container.querySelector('[part~="panel"]') as HTMLElement;
  return { ...w, host, ui, panel };
}

/** Presses Tab (or Shift+Tab) on the focused element; moves focus as the browser would when not prevented. */
function tab(shift = false): void {
  const active = document.activeElement as HTMLElement;
  const notPrevented = fireEvent.keyDown(active, { key: 'Tab', shiftKey: shift });
  if (!notPrevented) return;
  const order = focusableIn(document.body);
  const next = order[order.indexOf(active) + (shift ? -1 : 1)];
  next?.focus();
}

describe('the full-screen panel', () => {
  it('is a modal dialog, and Tab from the last control goes back to the first', async () => {
    const outside = document.createElement('a');
    outside.href = '#after';
    outside.textContent = 'a page link after the widget';
    document.body.append(outside);
    const { panel, ui } = await floating(true);
    expect(ui.getByRole('dialog', { name: 'Chat with us' }).getAttribute('aria-modal')).toBe('true');
    const inside = focusableIn(panel);
    const first = inside[0] as HTMLElement;
    const last = inside[inside.length - 1] as HTMLElement;
    expect(first.getAttribute('aria-label')).toBe('Minimise chat');
    expect(last.getAttribute('part')).toBe('send-button');

    last.focus();
    tab();
    expect(document.activeElement).toBe(first);
    tab(true);
    expect(document.activeElement).toBe(last);
    // In between, Tab moves as usual.
    ui.getByLabelText('Message').focus();
    tab();
    expect(document.activeElement).toBe(last);
    outside.remove();
  });

  it('becomes modal when the window shrinks to phone size, and non-modal again when it grows', async () => {
    const { host, panel, ui } = await floating(false);
    expect(panel.getAttribute('aria-modal')).toBe('false');
    const send = ui.getByRole('button', { name: 'Send' });
    send.focus();
    expect(fireEvent.keyDown(send, { key: 'Tab' })).toBe(true); // beside the page, Tab may leave the panel
    await step(() => host.setFullScreen(true));
    expect(panel.getAttribute('aria-modal')).toBe('true');
    expect(fireEvent.keyDown(send, { key: 'Tab' })).toBe(false);
    await step(() => host.setFullScreen(false));
    expect(panel.getAttribute('aria-modal')).toBe('false');
  });

  it('stays a non-modal region inline, whatever the screen size', async () => {
    const host = createFakeHost({ fullScreen: true });
    const w = renderWidget({ mode: 'inline', host });
    await step(() => w.chat.open());
    const region = within(w.container as HTMLElement).getByRole('region', { name: 'Chat with us' });
    expect(region.hasAttribute('aria-modal')).toBe(false);
    const send = within(region).getByRole('button', { name: 'Send' });
    send.focus();
    expect(fireEvent.keyDown(send, { key: 'Tab' })).toBe(true);
  });

  it('listens to the screen size only while the panel is open', async () => {
    const { host, ui } = await floating(true);
    const whileOpen = host.listeners();
    await step(() => fireEvent.click(ui.getByRole('button', { name: 'Close chat' })));
    expect(host.listeners()).toBeLessThan(whileOpen);
    expect(host.listeners()).toBe(1); // the network listener
  });
});
