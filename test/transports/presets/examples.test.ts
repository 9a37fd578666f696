/**
 * The preset example pages (examples/presets) in real Chromium, served by their own
 * example server under its Content-Security-Policy, against local fakes of Rasa, Direct
 * Line, an OpenAI-compatible API and Chatwoot. Checks what a visitor would notice: the
 * bot answers, the agent answers, and no request is blocked by the page's policy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser';
import { startChatwootServer, type ChatwootServer } from './support/chatwoot-server';
import { startDirectLineServer, type DirectLineServer } from './support/direct-line-server';
import { startOpenAIServer, type OpenAIServer } from './support/openai-server';
import { buildPresetBundle } from './support/preset-bundle';
import { startRasaServer, type RasaServer } from './support/rasa-server';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const OPENAI_KEY = 'sk-test-0123456789abcdefghij';

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let bundle: string;
let site: string;
let child: ChildProcess;
let rasa: RasaServer;
let directLine: DirectLineServer;
let openai: OpenAIServer;
let chatwoot: ChatwootServer;

function startExampleServer(env: Record<string, string>): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    child = spawn(process.execPath, ['examples/presets/server.mjs'], { cwd: root, env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) resolveUrl(match[0]);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`The example server exited (${code}): ${output}`)));
  });
}

beforeAll(async () => {
  [bundle, rasa, directLine, openai, chatwoot] = await Promise.all([buildPresetBundle(), startRasaServer(), startDirectLineServer(), startOpenAIServer(), startChatwootServer()]);
  site = await startExampleServer({
    RASA_URL: rasa.url,
    DIRECT_LINE_SECRET: directLine.secret,
    DIRECT_LINE_DOMAIN: directLine.domain,
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: `${openai.origin}/v1`,
    OPENAI_MODEL: 'fake-model',
    CHATWOOT_URL: chatwoot.baseUrl,
    CHATWOOT_INBOX: chatwoot.inbox,
  });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  child?.kill();
  await browser?.close();
  await Promise.all([rasa?.close(), directLine?.close(), openai?.close(), chatwoot?.close()]);
});

interface Opened {
  page: Page;
  /** Console messages about blocked requests, and page errors. */
  problems: string[];
}

type ChatWindow = { chat: { send(text: string): unknown; state: { messages: Array<{ author: string; text: string; agent?: { name: string } }> } } };

async function open(name: string): Promise<Opened> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to|blocked/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.route('**/dist/handoff-chat.iife.js', (route) => route.fulfill({ body: bundle, contentType: 'text/javascript; charset=utf-8' }));
  const response = await page.goto(`${site}/examples/presets/${name}`);
  expect(response?.headers()['content-security-policy']).toMatch(/connect-src 'self'/);
  await page.waitForFunction(() => Boolean((window as unknown as Partial<ChatWindow>).chat), undefined, { timeout: 10_000 });
  return { page, problems };
}

const say = (page: Page, text: string) => page.evaluate((t) => void (window as unknown as ChatWindow).chat.send(t), text);

const waitFor = (page: Page, author: string, text: string) =>
  page.waitForFunction(
    ([a, t]) => (window as unknown as ChatWindow).chat.state.messages.some((m) => m.author === a && m.text.includes(t as string) && !('streaming' in m && m.streaming)),
    [author, text],
    { timeout: 10_000 },
  );

describe('preset examples in Chromium', () => {
  it('rasa.html: Rasa answers under the page policy', async () => {
    const { page, problems } = await open('rasa.html');
    await say(page, 'hello rasa');
    await waitFor(page, 'bot', 'You said: hello rasa');
    expect(rasa.processed.at(-1)?.text).toBe('hello rasa');
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('direct-line.html: a token from the example server, never the secret, and the bot answers over the stream', async () => {
    const { page, problems } = await open('direct-line.html');
    await say(page, 'hello bot');
    await waitFor(page, 'bot', 'You said: hello bot');
    const generate = directLine.calls.find((c) => c.path === '/v3/directline/tokens/generate');
    expect(generate?.auth).toBe(`Bearer ${directLine.secret}`);
    expect(directLine.calls.filter((c) => c.path !== '/v3/directline/tokens/generate').every((c) => c.auth !== `Bearer ${directLine.secret}`)).toBe(true);
    expect(directLine.received.at(-1)?.from?.id).toMatch(/^dl_[0-9a-f-]{36}$/);
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('openai.html: the reply streams in through the proxy, which alone holds the key', async () => {
    const { page, problems } = await open('openai.html');
    await say(page, 'hello model');
    await waitFor(page, 'bot', 'Echo: hello model');
    const [request] = openai.completions;
    expect(request?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(request?.body).toMatchObject({ model: 'fake-model', stream: true, max_tokens: 500 });
    expect(request?.body.messages[0]).toMatchObject({ role: 'system', content: expect.stringMatching(/Fernway/) });
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('chatwoot.html: the handoff reaches the inbox with the transcript, and the agent answers', async () => {
    const { page, problems } = await open('chatwoot.html');
    await say(page, 'I want an agent');
    await page.waitForFunction(() => (window as unknown as ChatWindow).chat.state.messages.some((m) => m.author === 'system'), undefined, { timeout: 10_000 });
    await expect.poll(() => chatwoot.conversations.length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => chatwoot.conversations[0]?.messages[0]?.content ?? '', { timeout: 10_000 }).toMatch(/Customer: I want an agent/);
    await expect.poll(() => chatwoot.subscribers(), { timeout: 10_000 }).toBe(1);
    chatwoot.reply(chatwoot.conversations[0]?.id as number, { content: 'Hi, Alex here from the desk.' });
    await waitFor(page, 'agent', 'Alex here');
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);
});
