/**
 * The widget harness (test/ui/widget-harness.tsx) plus the watchers every adversarial
 * case needs: a MutationObserver that checks every node and attribute the moment it
 * appears (so a node rendered for one frame and removed again is still caught), a
 * recorder of network requests, and the checks each case ends with.
 */
import { act, fireEvent } from '@testing-library/preact';
import { expect } from 'vitest';
import type { Message } from '../../../src/core/types';
import { humanButton, renderWidget, type HarnessOptions } from '../../ui/widget-harness';
import { scanForUnsafe } from './scan-dom';

export type Watched = ReturnType<typeof renderWidget> & {
  /** Problems seen by the MutationObserver, as they happened. */
  readonly transient: string[];
  /** URLs the page tried to fetch (fetch, XHR, sendBeacon). */
  readonly requests: string[];
  readonly imageOrigins: readonly string[];
  stop(): void;
};

type Canary = typeof globalThis & { __pwned?: unknown };

/**
 * Lets promise chains (memory transports, the outbox) run to the end, inside act().
 * setImmediate, not setTimeout: a thousand cases cannot each wait for timer ticks.
 */
export async function flush(rounds = 4): Promise<void> {
  await act(async () => {
    for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
  });
}

/** Runs an action inside act() and lets what it started finish. */
export async function step(fn: () => unknown): Promise<void> {
  await act(async () => {
    fn();
  });
  await flush();
}

/**
 * Renders the widget with memory transports and starts watching it.
 *
 * @example const w = mountWatched({ imageOrigins: ['https://cdn.example.com'] })
 */
export function mountWatched(options: HarnessOptions = {}): Watched {
  delete (globalThis as Canary).__pwned;
  const requests: string[] = [];
  const restore = interceptNetwork(requests);
  const w = renderWidget(options);
  const imageOrigins = options.imageOrigins ?? [];
  const transient: string[] = [];
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target.nodeType === 1) transient.push(...scanForUnsafe(r.target as Element, imageOrigins).map((p) => `(live) ${p}`));
      for (const node of Array.from(r.addedNodes)) {
        if (node.nodeType === 1) transient.push(...scanForUnsafe(node as Element, imageOrigins).map((p) => `(live) ${p}`));
      }
    }
  });
  observer.observe(w.container, { subtree: true, childList: true, attributes: true });
  return Object.assign(w, {
    transient,
    requests,
    imageOrigins,
    stop() {
      observer.disconnect();
      restore();
    },
  });
}

/** Records (and refuses) every request a component could make in happy-dom. */
function interceptNetwork(requests: string[]): () => void {
  const g = globalThis as typeof globalThis & { XMLHttpRequest: typeof XMLHttpRequest };
  const originalFetch = g.fetch;
  const originalOpen = g.XMLHttpRequest?.prototype.open;
  const nav = g.navigator as Navigator & { sendBeacon?: (url: string) => boolean };
  const originalBeacon = nav?.sendBeacon;
  g.fetch = ((input: RequestInfo | URL) => {
    requests.push(String(input instanceof Request ? input.url : input));
    return Promise.reject(new TypeError('network disabled in adversarial tests'));
  }) as typeof fetch;
  if (originalOpen) {
    g.XMLHttpRequest.prototype.open = function open(this: XMLHttpRequest, _method: string, url: string | URL) {
      requests.push(String(url));
      throw new TypeError('network disabled in adversarial tests');
    } as typeof originalOpen;
  }
  if (nav) {
    nav.sendBeacon = (url: string) => {
      requests.push(String(url));
      return false;
    };
  }
  return () => {
    g.fetch = originalFetch;
    if (originalOpen) g.XMLHttpRequest.prototype.open = originalOpen;
    if (nav) nav.sendBeacon = originalBeacon as (url: string) => boolean;
  };
}

/** No script ran, nothing unsafe is (or ever was) in the DOM, nothing was fetched. */
export async function expectSafe(w: Watched): Promise<void> {
  await flush(2);
  expect((globalThis as Canary).__pwned, 'a payload ran script').toBeUndefined();
  expect(scanForUnsafe(w.container, w.imageOrigins)).toEqual([]);
  expect(w.transient).toEqual([]);
  expect(w.requests).toEqual([]);
}

/** Authors of the rendered messages, top to bottom. */
export function renderedAuthors(container: Element): string[] {
  // A long history shows its newest messages first: bring in every earlier page.
  for (let button = earlierButton(container); button; button = earlierButton(container)) {
    const pressed = button;
    act(() => void fireEvent.click(pressed));
  }
  return Array.from(container.querySelectorAll('[part~="message"]')).map((el) => el.getAttribute('data-author') ?? '?');
}

function earlierButton(container: Element): HTMLElement | null {
  return container.querySelector<HTMLElement>('[part~="earlier-button"]');
}

/** Nothing lost, nothing duplicated: the DOM shows exactly the chat's messages, in order, each id once. */
export function expectConversation(w: Watched, authors: Message['author'][]): void {
  const messages = w.chat.state.messages;
  expect(messages.map((m) => m.author)).toEqual(authors);
  expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
  expect(renderedAuthors(w.container)).toEqual(authors);
}

export type ControlKind = 'request' | 'end' | 'waiting' | 'leave-message';

/**
 * The human control is there, not hidden, says the right thing, and works: pressing it
 * requests a person (once), ends the chat, toggles the waiting details, or opens the form.
 */
export async function expectHumanControlWorks(w: Watched, kind: ControlKind): Promise<void> {
  const button = humanButton(w.container);
  expect(button.closest('[hidden]'), 'the human control is hidden').toBeNull();
  expect(button.getAttribute('data-kind')).toBe(kind);
  expect(button.disabled).toBe(false);
  const handoffsBefore = w.human.backend.handoffs.length;
  switch (kind) {
    case 'request':
      await step(() => fireEvent.click(button));
      expect(w.chat.state.phase).toBe('waiting');
      expect(w.human.backend.handoffs).toHaveLength(handoffsBefore + 1);
      break;
    case 'end':
      await step(() => fireEvent.click(button));
      expect(w.chat.state.phase).toBe('ended');
      expect(w.human.backend.ends).toHaveLength(1);
      break;
    case 'waiting': {
      const expanded = button.getAttribute('aria-expanded');
      await step(() => fireEvent.click(button));
      expect(humanButton(w.container).getAttribute('aria-expanded')).not.toBe(expanded);
      expect(w.human.backend.handoffs).toHaveLength(handoffsBefore);
      break;
    }
    case 'leave-message':
      await step(() => fireEvent.click(button));
      expect(w.container.querySelector('[part~="leave-form"]')).not.toBeNull();
      break;
  }
}

/**
 * Emits events one at a time, letting Preact render after each, so every
 * intermediate state of a stream is on screen once (and seen by the observer).
 */
export async function emitRendered(emit: () => void): Promise<void> {
  await act(async () => {
    emit();
    await Promise.resolve();
  });
}
