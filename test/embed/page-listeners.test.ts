// @vitest-environment happy-dom
/**
 * `HandoffChat('on', …)` belongs to the page: a listener queued before the bundle
 * arrived hears what the widget does while it starts (the `open` of
 * data-open-on-load), and listeners stay registered across `destroy` and a new
 * `init` (analytics must not go quiet after a re-initialisation).
 */
import { describe, expect, it } from 'vitest';
import type { HandoffChatGlobal } from '../../src/embed/install-global';
import * as api from '../../src/index';
import * as transports from '../../src/transports/index';
import { install, snippet, usePageGlobal } from './support/page-global';

function script(attributes: Record<string, string>): HTMLScriptElement {
  const el = document.createElement('script');
  el.setAttribute('src', '/dist/handoff-chat.iife.js');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return el;
}

const page = usePageGlobal();

const newWidget = (global: HandoffChatGlobal) => global('init', { human: transports.createMemoryHuman(), storage: false }) as api.HandoffChatWidget;

describe('listeners queued before the bundle', () => {
  it('hear the open that data-open-on-load makes while the widget starts', () => {
    const seen: string[] = [];
    const stub = snippet();
    stub('on', 'open', () => seen.push('open'));
    const global = install(script({ 'data-human': 'memory', 'data-open-on-load': '', 'data-persist': 'false' }));
    const widget = global('ready', (w: unknown) => w) as api.HandoffChatWidget;
    expect(widget.state.open).toBe(true);
    expect(seen).toEqual(['open']);
    expect(page.errors).toEqual([]);
  });

  it('hear the open of an inline chat (always open) made by a queued init', () => {
    const box = document.createElement('div');
    box.id = 'help';
    document.body.append(box);
    const seen: string[] = [];
    const stub = snippet();
    stub('init', { human: transports.createMemoryHuman(), storage: false, target: '#help' });
    stub('on', 'open', () => seen.push('open'));
    install();
    expect(seen).toEqual(['open']);
  });

  it('are removed by a queued off, in order', () => {
    const seen: string[] = [];
    const listener = () => seen.push('open');
    const stub = snippet();
    stub('on', 'open', listener);
    stub('off', 'open', listener);
    install(script({ 'data-human': 'memory', 'data-open-on-load': '', 'data-persist': 'false' }));
    expect(seen).toEqual([]);
  });
});

describe('listeners across widgets', () => {
  it('stay registered after destroy() and a new init()', () => {
    const global = install();
    const seen: string[] = [];
    global('on', 'open', () => seen.push('open'));
    newWidget(global).open();
    global('destroy');
    newWidget(global).open();
    expect(seen).toEqual(['open', 'open']);
  });

  it('can be registered before any widget, with the unsubscribe returned at once', () => {
    const global = install();
    const seen: string[] = [];
    const off = global('on', 'close', () => seen.push('close')) as () => void;
    expect(typeof off).toBe('function');
    const widget = newWidget(global);
    widget.open();
    widget.close();
    off();
    widget.open();
    widget.close();
    expect(seen).toEqual(['close']);
  });

  it('are heard once when the same listener is added twice', () => {
    const global = install();
    const seen: string[] = [];
    const listener = () => seen.push('open');
    global('on', 'open', listener);
    global('on', 'open', listener);
    newWidget(global).open();
    expect(seen).toEqual(['open']);
  });
});
