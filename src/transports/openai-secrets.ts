import { ConfigError } from '../core/errors.js';

/*
 * A browser page is public: anything in it (options, headers, URLs) can be read by every
 * visitor. These checks refuse the usual ways an API key ends up there, with one message
 * that says what to do instead.
 */

const ADVICE =
  'Secrets never belong in a browser: every visitor can read them from the page and spend your account. ' +
  'Keep the key on your server and point "url" at your own proxy endpoint that adds it (see docs/presets.md, "OpenAI-compatible").';

/** Option names that can only mean a credential. */
const SECRET_OPTION = /^(api[-_]?key|apikey|key|secret|client[-_]?secret|token|access[-_]?token|bearer|authori[sz]ation|password|openai[-_]?api[-_]?key)$/i;

/** Header values shaped like provider keys: OpenAI's `sk-…` (also `sk-proj-…`), Anthropic's `sk-ant-…`. */
const KEY_VALUE = /(^|[\s:=])sk-[A-Za-z0-9_-]{8,}/;

/** Headers that carry a provider key whatever their value (Azure OpenAI, Google). */
const KEY_HEADER = /^(api-key|x-goog-api-key|openai-api-key)$/i;

/** Query parameters that carry keys. */
const KEY_PARAM = /^(key|api[-_]?key|apikey|access[-_]?token|token)$/i;

/** Hosts that only answer with a secret key; a page must reach them through a proxy. */
const PROVIDER_HOSTS = [
  'api.openai.com',
  'openai.azure.com',
  'api.anthropic.com',
  'api.groq.com',
  'api.mistral.ai',
  'openrouter.ai',
  'api.together.xyz',
  'api.deepseek.com',
  'api.fireworks.ai',
  'api.perplexity.ai',
  'generativelanguage.googleapis.com',
];

function refuse(option: string, what: string): ConfigError {
  return new ConfigError(option, 'no secret', undefined, `${what} ${ADVICE}`);
}

/**
 * Throws a `ConfigError` when an option name looks like a credential (`apiKey`, `key`,
 * `secret`, `authorization`, …).
 *
 * @example refuseSecretOptions('createOpenAITransport', { url: '/api/chat', apiKey: 'sk-…' }) // throws, option "apiKey"
 */
export function refuseSecretOptions(factory: string, options: object, path = ''): void {
  for (const name of Object.keys(options)) {
    if (SECRET_OPTION.test(name)) throw refuse(`${path}${name}`, `${factory} refuses the option "${path}${name}".`);
  }
}

/**
 * Throws a `ConfigError` for headers that carry a provider key: an `Authorization: Bearer
 * sk-…` (or any `sk-…` value), or Azure's `api-key` header.
 *
 * @example refuseSecretHeaders({ authorization: 'Bearer sk-abc123…' }, 'headers') // throws
 */
export function refuseSecretHeaders(headers: Record<string, string>, option: string): void {
  for (const [name, value] of Object.entries(headers)) {
    if (KEY_HEADER.test(name) || KEY_VALUE.test(value)) {
      throw refuse(`${option}.${name}`, `The header "${name}" carries what looks like an API key.`);
    }
  }
}

/**
 * Throws a `ConfigError` for a URL that points at a provider's API directly, or carries a
 * key in its query string. Relative URLs (your own proxy) pass.
 *
 * @example refuseSecretUrl('https://api.openai.com/v1/chat/completions', 'url') // throws
 */
export function refuseSecretUrl(url: string, option: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url, 'https://proxy.invalid/');
  } catch {
    return; // not a URL we can read; the request will say what is wrong
  }
  const host = parsed.hostname.toLowerCase();
  if (PROVIDER_HOSTS.some((h) => host === h || host.endsWith(`.${h}`))) {
    throw refuse(option, `"${option}" points at ${host}, which needs a secret key that a page cannot keep.`);
  }
  for (const name of parsed.searchParams.keys()) {
    if (KEY_PARAM.test(name)) throw refuse(option, `"${option}" carries a "${name}" query parameter.`);
  }
}
