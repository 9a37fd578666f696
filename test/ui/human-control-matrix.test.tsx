// @vitest-environment happy-dom
import { cleanup, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { HumanControlKind } from '../../src/ui/human-control';
import { CATALOGUES } from '../../src/i18n/catalogues';
import type { StringKey } from '../../src/i18n/strings';
import { createFakeHost, destroyChats, humanButton, renderWidget, settle, step, type HarnessOptions } from './widget-harness';

afterEach(() => {
  cleanup();
  destroyChats();
});

type Rendered = ReturnType<typeof renderWidget>;

interface Scenario {
  name: string;
  options?: HarnessOptions;
  /** Drives the freshly opened chat into the state. */
  drive(w: Rendered & { fakeHost: ReturnType<typeof createFakeHost> }): Promise<void>;
  /** What the control must be in that state. */
  kind: HumanControlKind;
  /** The catalogue text its accessible name starts with. */
  label: StringKey;
}

const ALEX = { name: 'Alex', title: undefined };

const SCENARIOS: Scenario[] = [
  { name: 'empty conversation', drive: async () => {}, kind: 'request', label: 'talkToHuman' },
  {
    name: 'bot typing',
    drive: async ({ bot, chat }) => {
      await step(() => bot!.backend.emit({ type: 'typing', active: true }));
      expect(chat.state.typing.bot).toBe(true);
    },
    kind: 'request',
    label: 'talkToHuman',
  },
  {
    name: 'bot reply streaming',
    drive: async ({ bot, chat }) => {
      await step(() => bot!.backend.emit({ type: 'delta', id: 's1', text: 'Let me check' }));
      expect(chat.state.messages.at(-1)?.streaming).toBe(true);
    },
    kind: 'request',
    label: 'talkToHuman',
  },
  {
    name: 'bot failing and a message not sent',
    options: { chat: { retry: { baseMs: 60_000, maxMs: 60_000 } } },
    drive: async ({ bot, chat }) => {
      bot!.backend.failNext(1);
      await step(() => chat.send('hello?'));
      expect(chat.state.messages.at(-1)?.status).toBe('failed');
      expect(chat.state.connection.bot).toBe('offline');
    },
    kind: 'request',
    label: 'talkToHuman',
  },
  {
    name: 'browser offline',
    drive: async ({ fakeHost }) => {
      await step(() => fakeHost.setOnline(false));
    },
    kind: 'request',
    label: 'talkToHuman',
  },
  {
    name: 'nobody available before committing',
    options: { human: { availability: { available: false } } },
    drive: async ({ chat }) => {
      expect(chat.state.availability?.available).toBe(false);
    },
    kind: 'leave-message',
    label: 'leaveMessage',
  },
  {
    name: 'request on its way (the desk refused it once)',
    options: { chat: { retry: { baseMs: 60_000, maxMs: 60_000 } } },
    drive: async ({ chat, human }) => {
      human.backend.failNext(1);
      await step(() => chat.requestHuman());
      expect(chat.state.handoff.status).toBe('requesting');
    },
    kind: 'waiting',
    label: 'waitingForPerson',
  },
  {
    name: 'waiting in the queue with position and wait time',
    options: { human: { receipt: { status: 'queued', position: 3, etaSeconds: 240 } } },
    drive: async ({ chat }) => {
      await step(() => chat.requestHuman());
      expect(chat.state.handoff.position).toBe(3);
    },
    kind: 'waiting',
    label: 'waitingForPerson',
  },
  {
    name: 'a person joined',
    drive: async ({ chat, human }) => {
      await step(() => chat.requestHuman());
      await step(() => human.backend.emit({ type: 'agent-joined', agent: ALEX }));
      expect(chat.state.phase).toBe('human');
    },
    kind: 'end',
    label: 'endChat',
  },
  {
    name: 'the person is typing',
    drive: async ({ chat, human }) => {
      await step(() => chat.requestHuman());
      await step(() => human.backend.emit({ type: 'agent-joined', agent: ALEX }));
      await step(() => human.backend.emit({ type: 'typing', active: true }));
      expect(chat.state.typing.agent).toBe(true);
    },
    kind: 'end',
    label: 'endChat',
  },
  {
    name: 'the desk said nobody is available (form open)',
    options: { human: { receipt: { status: 'unavailable' } } },
    drive: async ({ chat, container }) => {
      await step(() => chat.requestHuman());
      expect(chat.state.handoff.status).toBe('unavailable');
      expect(container.querySelector('[part~="leave-form"]')).not.toBeNull();
    },
    kind: 'leave-message',
    label: 'leaveMessage',
  },
  {
    name: 'message left for later',
    options: { human: { receipt: { status: 'unavailable' } } },
    drive: async ({ chat }) => {
      await step(() => chat.requestHuman());
      await step(() => chat.leaveMessage({ email: 'ana@example.com', message: 'Call me' }));
      expect(chat.state.handoff.status).toBe('message-left');
    },
    kind: 'request',
    label: 'talkToHuman',
  },
  {
    name: 'conversation ended, survey offered',
    drive: async ({ chat, human }) => {
      await step(() => chat.requestHuman());
      await step(() => human.backend.emit({ type: 'agent-joined', agent: ALEX }));
      await step(() => human.backend.emit({ type: 'ended' }));
      expect(chat.state.rating).toBe('offered');
    },
    kind: 'request',
    label: 'talkToHuman',
  },
  {
    name: 'the bot offers a person',
    options: { bot: { reply: () => ({ text: 'Sorry?', fallback: true }) } },
    drive: async ({ chat }) => {
      await step(() => chat.send('blorp'));
      await step(() => chat.send('blorp again'));
      expect(chat.state.offer).toBeDefined();
    },
    kind: 'request',
    label: 'talkToHuman',
  },
  {
    name: 'long history',
    drive: async ({ bot, chat }) => {
      await step(() => {
        for (let i = 0; i < 300; i++) bot!.backend.emit({ type: 'message', message: { id: `h${i}`, text: `Line ${i}` } });
      });
      expect(chat.state.messages.length).toBe(300);
    },
    kind: 'request',
    label: 'talkToHuman',
  },
  { name: 'no bot configured', options: { bot: false }, drive: async () => {}, kind: 'request', label: 'talkToHuman' },
];

describe.each(Object.keys(CATALOGUES))('the human control in %s', (locale) => {
  const strings = CATALOGUES[locale as keyof typeof CATALOGUES];
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('is present, enabled and labelled: %s', async (_name, scenario) => {
    const fakeHost = createFakeHost();
    const rendered = renderWidget({ ...scenario.options, locale, host: fakeHost });
    await step(() => rendered.chat.open());
    await scenario.drive({ ...rendered, fakeHost });
    await settle();

    const button = humanButton(rendered.container);
    expect(button.tagName).toBe('BUTTON');
    expect(button.disabled).toBe(false);
    expect(button.getAttribute('aria-disabled')).not.toBe('true');
    expect(button.tabIndex).toBeGreaterThanOrEqual(0);
    expect(button.closest('[hidden]')).toBeNull();
    expect(button.closest('[part~="header"]')).not.toBeNull();
    expect(button.dataset.kind).toBe(scenario.kind);

    const header = button.closest('[part~="header"]') as HTMLElement;
    const escaped = strings[scenario.label].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(within(header).getByRole('button', { name: new RegExp(`^${escaped}`) })).toBe(button);
  });
});

it('keeps working when clicked in each kind: request → waiting → joined → end', async () => {
  const { chat, human, container } = renderWidget();
  await step(() => chat.open());
  await step(() => fireEvent.click(humanButton(container)));
  expect(chat.state.phase).toBe('waiting');
  expect(human.backend.handoffs).toHaveLength(1);
  await step(() => human.backend.emit({ type: 'agent-joined', agent: ALEX }));
  await step(() => fireEvent.click(humanButton(container)));
  expect(chat.state.phase).toBe('ended');
});
