// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { readAttributes } from '../../src/embed/read-attributes';
import { BOT_TRANSPORTS, HUMAN_TRANSPORTS } from '../../src/embed/transport-presets';
import { createChatwootTransport } from '../../src/transports/chatwoot';
import { createDirectLineTransport } from '../../src/transports/direct-line';
import * as transports from '../../src/transports/index';
import { createOpenAITransport } from '../../src/transports/openai';
import { createRasaTransport } from '../../src/transports/rasa';

function tag(attributes: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  script.setAttribute('src', '/dist/handoff-chat.loader.js');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return script;
}

const BASE = { 'data-human': 'handoff', 'data-human-url': '/hub' };

afterEach(() => {
  document.body.innerHTML = '';
});

describe('transports by name', () => {
  it('builds the SSE bot and the handoff desk from the attributes of the issue’s example', () => {
    const { options, problems } = readAttributes(
      tag({ 'data-bot': 'sse', 'data-bot-url': '/bot/sse', ...BASE }),
      transports,
      document,
    );
    expect(problems).toEqual([]);
    expect(options?.bot?.kind).toBe('sse');
    expect(options?.human.kind).toBe('handoff');
  });

  it.each([
    ['rest', { 'data-bot-url': '/bot' }, 'rest'],
    ['websocket', { 'data-bot-url': 'wss://bot.example/ws' }, 'websocket'],
    ['memory', {}, 'memory'],
  ])('makes data-bot="%s"', (name, extra, kind) => {
    const { options, problems } = readAttributes(tag({ 'data-bot': name, ...extra, ...BASE }), transports, document);
    expect(problems).toEqual([]);
    expect(options?.bot?.kind).toContain(kind);
  });

  it('makes a REST desk with HTTP handoff from data-human="rest"', () => {
    const { options, problems } = readAttributes(
      tag({ 'data-human': 'rest', 'data-human-url': '/desk', 'data-human-handoff-url': '/desk/handoff', 'data-human-end-url': '/desk/end' }),
      transports,
      document,
    );
    expect(problems).toEqual([]);
    expect(typeof options?.human.handoff).toBe('function');
    expect(typeof options?.human.end).toBe('function');
    expect(options?.human.cancel).toBeUndefined();
  });

  it('names a missing required attribute and starts without the bot', () => {
    const { options, problems } = readAttributes(tag({ 'data-bot': 'sse', ...BASE }), transports, document);
    expect(options?.bot).toBeUndefined();
    expect(options?.human.kind).toBe('handoff');
    expect(problems).toEqual([
      'data-bot="sse" (the SSE transport) needs data-bot-url. The chat starts without a bot: messages go straight to a person.',
    ]);
  });

  it('reports an unknown transport with a suggestion and the list of names', () => {
    const { options, problems } = readAttributes(tag({ 'data-bot': 'ses', 'data-bot-url': '/x', ...BASE }), transports, document);
    expect(options?.bot).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('data-bot="ses": unknown bot transport (did you mean "sse"?)');
    expect(problems[0]).toContain(`Choose one of: ${Object.keys(BOT_TRANSPORTS).join(', ')}`);
  });

  it('reports an option the chosen transport does not have, listing its options', () => {
    const { problems } = readAttributes(tag({ 'data-bot': 'rest', 'data-bot-url': '/b', 'data-bot-event-url': '/e', ...BASE }), transports, document);
    expect(problems).toEqual([
      'data-bot-event-url: not an option of data-bot="rest" (the REST transport). Its options: data-bot-url, data-bot-timeout-ms.',
    ]);
  });

  it('passes a transport’s own refusal on, naming the attribute', () => {
    const { options, problems } = readAttributes(tag({ 'data-bot': 'rest', 'data-bot-url': 'ftp://bot.example', ...BASE }), transports, document);
    expect(options?.bot).toBeUndefined();
    expect(problems[0]).toMatch(/^data-bot="rest" \(the REST transport\) \(data-bot-url\): Invalid option "url"/);
  });

  it('skips a preset this build does not include, by name, and still starts', () => {
    const withoutRasa = { ...transports } as Record<string, unknown>;
    delete withoutRasa.createRasaTransport;
    const { options, problems } = readAttributes(tag({ 'data-bot': 'rasa', 'data-bot-url': '/webhooks/rest/webhook', ...BASE }), withoutRasa, document);
    expect(options?.human).toBeDefined();
    expect(options?.bot).toBeUndefined();
    expect(problems).toEqual([
      'data-bot="rasa" (the Rasa preset): this build of handoff-chat does not include it (no createRasaTransport). The chat starts without a bot: messages go straight to a person.',
    ]);
  });

  it('resolves a preset by its factory name once the transports export it', () => {
    const made: unknown[] = [];
    const factories = {
      ...transports,
      createOpenAITransport: (options: unknown) => {
        made.push(options);
        return transports.createMemoryBot();
      },
    };
    const { options, problems } = readAttributes(tag({ 'data-bot': 'openai', 'data-bot-url': '/api/chat', 'data-bot-model': 'gpt-4o-mini', ...BASE }), factories, document);
    expect(problems).toEqual([]);
    expect(made).toEqual([{ url: '/api/chat', model: 'gpt-4o-mini' }]);
    expect(options?.bot).toBeDefined();
  });

  it.each([
    ['bot', 'rasa', { 'data-bot-url': 'https://bot.example/webhooks/rest/webhook', 'data-bot-sender': 'fixed', 'data-bot-timeout-ms': '5000' }],
    ['bot', 'direct-line', { 'data-bot-token-url': '/api/directline/token', 'data-bot-domain': 'https://europe.directline.botframework.com/v3/directline', 'data-bot-user-id': 'u1', 'data-bot-stream': 'polling', 'data-bot-poll-interval-ms': '2000' }],
    ['bot', 'openai', { 'data-bot-url': '/api/chat', 'data-bot-model': 'gpt-4o-mini', 'data-bot-system': 'Be brief.', 'data-bot-stream': 'false', 'data-bot-max-history': '10', 'data-bot-timeout-ms': '20000' }],
    ['human', 'chatwoot', { 'data-human-base-url': 'https://app.chatwoot.com', 'data-human-inbox-identifier': 'x4BbNzvq3Q8rKvE1h3Xq2p7E', 'data-human-working-hours': 'false', 'data-human-poll-interval-ms': '5000' }],
  ])('builds the %s preset %s with every option it reads, accepted by the real factory', (lane, name, extra) => {
    const factories = { ...transports, createRasaTransport, createDirectLineTransport, createOpenAITransport, createChatwootTransport };
    const attributes = lane === 'bot' ? { 'data-bot': name, ...extra, ...BASE } : { 'data-human': name, ...extra };
    const { options, problems } = readAttributes(tag(attributes), factories, document);
    expect(problems).toEqual([]);
    expect(lane === 'bot' ? options?.bot : options?.human).toBeDefined();
  });

  it('has no usable options without data-human, and says why', () => {
    const { options, problems } = readAttributes(tag({ 'data-bot': 'memory' }), transports, document);
    expect(options).toBeUndefined();
    expect(problems).toEqual([
      `data-human is missing: it names the desk that connects customers with a person (${Object.keys(HUMAN_TRANSPORTS).join(', ')}). Without it the chat cannot start: the launcher offers the fallback contact link (data-fallback-url) instead.`,
    ]);
  });
});

describe('widget and chat options', () => {
  it('reads every documented option', () => {
    const target = document.createElement('div');
    target.id = 'help';
    document.body.appendChild(target);
    const { options, problems, lite } = readAttributes(
      tag({
        ...BASE,
        'data-locale': 'sv-SE',
        'data-title': 'Fråga oss',
        'data-position': 'left',
        'data-open-on-load': '',
        'data-color-scheme': 'dark',
        'data-storage-key': 'shop',
        'data-max-length': '500',
        'data-nonce': 'abc123',
        'data-image-origins': 'https://cdn.example.com, https://img.example.com',
        'data-user-id': 'u1',
        'data-user-name': 'Sam',
        'data-user-email': 'sam@example.com',
        'data-target': '#help',
        'data-strings': '{"talkToHuman":"Prata med oss","openChat":"Hjälp"}',
        'data-context': '{"plan":"pro"}',
        'data-persist': 'false',
        'data-mask-bot': 'true',
        'data-vitals': 'false',
        'data-theme-accent': '#0a7d5a',
        'data-theme-launcher-size': '64',
        'data-fallback-url': 'mailto:help@example.com',
        'data-load': 'interaction',
        'data-integrity': 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC',
        'data-cfasync': 'false',
      }),
      transports,
      document,
    );
    expect(problems).toEqual([]);
    const { human, ...rest } = options!;
    expect(human.kind).toBe('handoff');
    expect(rest).toEqual({
      locale: 'sv-SE',
      title: 'Fråga oss',
      position: 'left',
      openOnLoad: true,
      colorScheme: 'dark',
      storageKey: 'shop',
      maxLength: 500,
      nonce: 'abc123',
      imageOrigins: ['https://cdn.example.com', 'https://img.example.com'],
      user: { id: 'u1', name: 'Sam', email: 'sam@example.com' },
      target: '#help',
      strings: { talkToHuman: 'Prata med oss', openChat: 'Hjälp' },
      context: { plan: 'pro' },
      persist: false,
      maskBot: true,
      vitals: false,
      theme: { accent: '#0a7d5a', launcherSize: 64 },
    });
    expect(lite).toMatchObject({
      locale: 'sv-SE',
      strings: { openChat: 'Hjälp' },
      position: 'left',
      colorScheme: 'dark',
      nonce: 'abc123',
      fallbackUrl: 'mailto:help@example.com',
      target,
      theme: [
        ['--hc-color-accent', '#0a7d5a'],
        ['--hc-launcher-size', '64px'],
      ],
    });
  });

  it('reports each bad or unknown attribute once, by name, and keeps the good ones', () => {
    const { options, problems } = readAttributes(
      tag({
        ...BASE,
        'data-colour-scheme': 'dark',
        'data-max-length': 'lots',
        'data-position': 'middle',
        'data-open-on-load': 'yes',
        'data-strings': '{talkToHuman: nope}',
        'data-theme-accent': 'red; }',
        'data-theme-accentt': 'red',
        'data-target': '#nowhere',
        'data-fallback-url': 'javascript:alert(1)',
        'data-title': 'Help',
      }),
      transports,
      document,
    );
    expect(options?.title).toBe('Help');
    expect(options?.human.kind).toBe('handoff');
    expect(options).not.toHaveProperty('maxLength');
    expect(options).not.toHaveProperty('target');
    expect(problems).toHaveLength(9);
    const text = problems.join('\n');
    for (const name of [
      'data-colour-scheme: unknown attribute (did you mean data-color-scheme?)',
      'data-max-length="lots": Invalid option "maxLength"',
      'data-position="middle": Invalid option "position"',
      'data-open-on-load="yes": expected "true", "false" or no value.',
      'data-strings: not valid JSON',
      'data-theme-accent="red; }": Invalid option "theme.accent"',
      'data-theme-accentt: there is no theme token "accentt"',
      'data-target="#nowhere": Invalid option "target": no element matches the selector "#nowhere". The chat shows as a floating launcher instead.',
      'data-fallback-url="javascript:alert(1)": expected an https:, http:, mailto: or tel: link',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('reports a data-user-email that is not an e-mail address, and keeps the rest of the user', () => {
    const { options, problems } = readAttributes(
      tag({ ...BASE, 'data-user-id': 'u-42', 'data-user-name': 'Sam', 'data-user-email': 'not-an-email' }),
      transports,
      document,
    );
    expect(problems).toEqual(['data-user-email="not-an-email": not an e-mail address (like name@example.com); it is left out.']);
    expect(options?.user).toEqual({ id: 'u-42', name: 'Sam' });
    expect(readAttributes(tag({ ...BASE, 'data-user-email': 'sam@example.com' }), transports, document)).toMatchObject({
      problems: [],
      options: { user: { email: 'sam@example.com' } },
    });
  });

  it('ignores (and reports) an attribute that tries to switch off the path to a person', () => {
    const { options, problems } = readAttributes(tag({ ...BASE, 'data-human-button': 'false' }), transports, document);
    expect(options?.human.kind).toBe('handoff');
    expect(problems).toEqual([
      'data-human-button: not an option of data-human="handoff" (the handoff-chat protocol). Its options: data-human-url, data-human-mode, data-human-connect-timeout-ms.',
    ]);
  });

  it('uses the script tag’s nonce for the style fallback when data-nonce is not given', () => {
    const script = tag(BASE);
    script.nonce = 'n0nce';
    const { options, lite } = readAttributes(script, transports, document);
    expect(options?.nonce).toBe('n0nce');
    expect(lite.nonce).toBe('n0nce');
  });

  it('takes the page language for the placeholder when data-locale is absent', () => {
    document.documentElement.setAttribute('lang', 'de-AT');
    try {
      expect(readAttributes(tag(BASE), transports, document).lite.locale).toBe('de-AT');
    } finally {
      document.documentElement.removeAttribute('lang');
    }
  });
});
