import { describe, expect, it } from 'vitest';
import { HUMAN_PATH_GUARANTEE } from '../../src/core/escalation';
import { ConfigError, createChat, isConfigError } from '../../src/core/index';
import { createMemoryBot, createMemoryHuman } from '../../src/transports/memory';

const human = () => createMemoryHuman();

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('createChat options', () => {
  it('requires a human transport and explains the guarantee', () => {
    const e = configError(() => createChat({} as never));
    expect(e.option).toBe('human');
    expect(e.message).toBe(
      'Option "human" is required (received undefined): handoff-chat always offers a way to reach a person while the chat is open; ' +
        'it cannot be hidden or disabled by configuration. When nobody is available, the human backend says so and the customer is offered to leave a message instead.',
    );
    expect(configError(() => createChat({ human: false } as never)).option).toBe('human');
  });

  it.each(['humanButton', 'hideHumanButton', 'disableHuman', 'disableHandoff', 'showHumanButton'])(
    'refuses "%s", which would hide the path to a person',
    (key) => {
      const e = configError(() => createChat({ human: human(), [key]: false } as never));
      expect(e.option).toBe(key);
      expect(e.message).toBe(`Option "${key}" is not supported: ${HUMAN_PATH_GUARANTEE}`);
    },
  );

  it('names a transport that lacks methods', () => {
    const e = configError(() => createChat({ human: { kind: 'x', connect() {}, send() {}, close() {} } } as never));
    expect(e.option).toBe('human');
    expect(e.message).toContain('handoff()');
    const b = configError(() => createChat({ human: human(), bot: { connect() {} } } as never));
    expect(b.option).toBe('bot');
    expect(b.message).toContain('send(), close()');
  });

  it.each([
    ['locale', 'not a locale!', 'BCP 47'],
    ['maxLength', 0, 'whole number'],
    ['maxLength', 1.5, 'whole number'],
    ['storageKey', 'has spaces', 'letters'],
    ['storage', { getItem() {} }, 'setItem'],
    ['context', 42, 'object or a function'],
    ['redact', 'yes', 'function'],
  ])('rejects %s = %j, saying what was expected', (option, value, expected) => {
    const e = configError(() => createChat({ human: human(), [option]: value } as never));
    expect(e.option).toBe(option);
    expect(e.message).toContain(expected);
    expect(e.code).toBe('invalid_option');
  });

  it('names a bad retry field', () => {
    expect(configError(() => createChat({ human: human(), retry: { baseMs: -1 } })).option).toBe('retry.baseMs');
  });

  it('refuses unknown options, listing the known ones (catches typos)', () => {
    const e = configError(() => createChat({ human: human(), bott: createMemoryBot() } as never));
    expect(e.option).toBe('bott');
    expect(e.message).toContain('Known options: bot, human');
  });

  it('refuses prototype-polluting user attributes', () => {
    const attributes = JSON.parse('{"__proto__": {"polluted": true}}');
    const e = configError(() => createChat({ human: human(), user: { attributes } }));
    expect(e.option).toBe('user.attributes');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts a minimal configuration', () => {
    const chat = createChat({ human: human() });
    expect(chat.state.phase).toBe('bot');
    expect(chat.state.hasBot).toBe(false);
    expect(chat.state.maxLength).toBe(2000);
    chat.destroy();
  });
});
