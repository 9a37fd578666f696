import { afterEach, beforeEach, vi } from 'vitest';
import * as api from '../../../src/index';
import { installGlobal, type HandoffChatGlobal } from '../../../src/embed/install-global';
import type { GlobalWithHandoffChat, HandoffChatStub } from '../../../src/embed/loader-handle';
import * as transports from '../../../src/transports/index';

/** The page's window, as the script-tag code sees it. */
export const win = window as unknown as GlobalWithHandoffChat;

/** The documented async snippet, as a page would run it. */
export function snippet(): HandoffChatStub {
  const stub: HandoffChatStub = function (...args: unknown[]) {
    (stub.q = stub.q ?? []).push(args);
  };
  win.HandoffChat = stub;
  return stub;
}

/** Installs `window.HandoffChat` as the script-tag bundle does, for the given script tag. */
export function install(tag: Element | null = null): HandoffChatGlobal {
  const global = installGlobal(win, { ...api, transports }, tag);
  if (!global) throw new Error('not installed');
  return global;
}

/**
 * Registers the hooks every page-global test needs: console errors are captured into
 * the returned list (reset per test), and the global, the widgets and the page are
 * cleaned up after each test.
 */
export function usePageGlobal(): { readonly errors: string[] } {
  const state = { errors: [] as string[] };
  beforeEach(() => {
    state.errors = [];
    vi.spyOn(console, 'error').mockImplementation((message: unknown) => {
      state.errors.push(String(message));
    });
  });
  afterEach(() => {
    (win.HandoffChat as ((c: string) => void) | undefined)?.('destroy');
    delete win.HandoffChat;
    document.body.innerHTML = '';
    vi.restoreAllMocks();
  });
  return {
    get errors() {
      return state.errors;
    },
  };
}
