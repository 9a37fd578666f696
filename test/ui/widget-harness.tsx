import { act, render } from '@testing-library/preact';
import { createChat, type Chat } from '../../src/core/chat';
import type { ChatOptions } from '../../src/core/options';
import { catalogueFor } from '../../src/i18n/catalogues';
import type { Strings } from '../../src/i18n/strings';
import { textDirection } from '../../src/i18n/text-direction';
import {
  createMemoryBot,
  createMemoryHuman,
  type MemoryBotOptions,
  type MemoryHumanOptions,
} from '../../src/transports/memory';
import type { HostBridge, ViewportBox } from '../../src/ui/host-bridge';
import { FULL_SCREEN_QUERY } from '../../src/ui/styles';
import { Widget } from '../../src/ui/Widget';

/** A page whose network, visual viewport, screen size and page life a test controls. */
export function createFakeHost(initial: { online?: boolean; viewport?: ViewportBox; fullScreen?: boolean } = {}) {
  let online = initial.online ?? true;
  let viewport = initial.viewport;
  let fullScreen = initial.fullScreen ?? false;
  const network = new Set<(online: boolean) => void>();
  const resize = new Set<() => void>();
  const media = new Set<() => void>();
  const pageHide = new Set<() => void>();
  const host: HostBridge & {
    setOnline(v: boolean): void;
    setViewport(v: ViewportBox): void;
    /** Whether the full-screen media query matches (a phone-sized window). */
    setFullScreen(v: boolean): void;
    hidePage(): void;
    listeners(): number;
  } = {
    isOnline: () => online,
    onNetworkChange(fn) {
      network.add(fn);
      return () => network.delete(fn);
    },
    viewport: () => viewport,
    onViewportChange(fn) {
      resize.add(fn);
      return () => resize.delete(fn);
    },
    matchesMedia: (query) => query === FULL_SCREEN_QUERY && fullScreen,
    onMediaChange(query, fn) {
      if (query !== FULL_SCREEN_QUERY) return () => {};
      media.add(fn);
      return () => media.delete(fn);
    },
    onPageHide(fn) {
      pageHide.add(fn);
      return () => pageHide.delete(fn);
    },
    setFullScreen(v) {
      fullScreen = v;
      media.forEach((fn) => fn());
    },
    hidePage() {
      pageHide.forEach((fn) => fn());
    },
    setOnline(v) {
      online = v;
      network.forEach((fn) => fn(v));
    },
    setViewport(v) {
      viewport = v;
      resize.forEach((fn) => fn());
    },
    listeners: () => network.size + resize.size + media.size + pageHide.size,
  };
  return host;
}

export interface HarnessOptions {
  locale?: string;
  /** false: no bot transport at all. */
  bot?: MemoryBotOptions | false;
  human?: MemoryHumanOptions;
  chat?: Partial<ChatOptions>;
  mode?: 'inline' | 'floating';
  strings?: Partial<Strings>;
  imageOrigins?: string[];
  host?: HostBridge;
  now?: () => number;
}

/** Lets promises and zero-delay timers (memory transports, outbox) run, inside act(). */
export async function settle(rounds = 6): Promise<void> {
  await act(async () => {
    for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

/** Runs a chat action inside act() and lets its effects settle. */
export async function step(fn: () => unknown): Promise<void> {
  await act(async () => {
    fn();
  });
  await settle();
}

const live: Chat[] = [];

/** Destroys every chat the harness created (call in afterEach: no timers outlive a test). */
export function destroyChats(): void {
  for (const chat of live.splice(0)) chat.destroy();
}

/** Renders the widget for a fresh chat on memory transports. */
export function renderWidget(options: HarnessOptions = {}) {
  const locale = options.locale ?? 'en';
  const bot = options.bot === false ? undefined : createMemoryBot(options.bot ?? {});
  const human = createMemoryHuman(options.human ?? {});
  const chat: Chat = createChat({ ...(bot ? { bot } : {}), human, locale, ...options.chat });
  live.push(chat);
  const catalogue = catalogueFor(locale);
  const strings: Strings = { ...catalogue.strings, ...options.strings };
  const host = options.host ?? createFakeHost();
  const utils = render(
    <Widget
      chat={chat}
      strings={strings}
      locale={locale}
      dir={textDirection(locale)}
      mode={options.mode ?? 'inline'}
      host={host}
      {...(options.imageOrigins ? { imageOrigins: options.imageOrigins } : {})}
      {...(options.now ? { now: options.now } : {})}
    />,
  );
  return { chat, bot, human, strings, host, ...utils };
}

/** The human control (by its part name, so tests fail if it is missing rather than renamed). */
export function humanButton(container: Element): HTMLButtonElement {
  const found = container.querySelectorAll('[part~="human-button"]');
  if (found.length !== 1) throw new Error(`expected exactly one human control, found ${found.length}`);
  return found[0] as HTMLButtonElement;
}
