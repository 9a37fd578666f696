/**
 * A hostile customer against the agent: a handoff transcript, customer messages and a
 * left message full of payloads, sent straight to the reference hub (a customer can
 * write any frame, not just what the widget sends) and shown in the built agent
 * console in real Chromium. The console's Content-Security-Policy is stripped for this
 * test, so only the console's own rendering stands between a payload and the agent:
 * no script may run, no element or link may come from the payloads, nothing may be
 * fetched, and every text must appear exactly, in order, once. The console code is
 * not ours to change; this test reports what it finds.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../examples/server/lib/build-console.mjs';
import { buildTranscript } from '../../src/core/transcript';
import type { Message } from '../../src/core/types';
import { launchBrowser } from '../support/browser';
import type { FrameClient } from '../server/frame-client';
import { connectCustomer, startServer, type TestServer } from '../server/fixtures';
import { PAYLOADS } from './payloads';

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let customer: FrameClient;
const requests: string[] = [];
const problems: string[] = [];

const CONVERSATION = 'cnv_hostile';
const REQUEST = 'req_hostile';
const T = Date.UTC(2025, 10, 25, 15, 0, 0);

async function rawRequest(client: FrameClient, frame: Record<string, unknown>): Promise<Record<string, unknown>> {
  // Unchecked on purpose: a hostile customer does not follow the client schema.
  client.sendRaw(JSON.stringify(frame));
  return client.answer(frame.id as string);
}

/** What the agent's page holds that no text can justify. */
async function consoleFindings(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const found: string[] = [];
    const w = window as unknown as { __pwned?: unknown; __errors?: string[] };
    if (w.__pwned !== undefined) found.push('a payload ran script (window.__pwned)');
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        if (attr.name.startsWith('on')) found.push(`handler ${attr.name} on <${el.localName}>`);
        if (/__pwned|javascript:|vbscript:/i.test(attr.value)) found.push(`payload in ${attr.name} of <${el.localName}>`);
      }
      if (['iframe', 'object', 'embed', 'math', 'img', 'video', 'audio', 'meta', 'base', 'link', 'style', 'template', 'noscript', 'xmp'].includes(el.localName) && el.closest('main, [data-testid]')) {
        found.push(`<${el.localName}> inside the console`);
      }
      if (el.localName === 'script' && !(el as HTMLScriptElement).src) found.push('an inline <script>');
      if (el.localName === 'a' && (el as HTMLAnchorElement).href && !/^https?:/.test((el as HTMLAnchorElement).href)) found.push(`link to ${(el as HTMLAnchorElement).href}`);
    }
    return [...found, ...(w.__errors ?? [])];
  });
}

beforeAll(async () => {
  await buildConsole();
  server = await startServer({ now: Date.now });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __errors: string[] };
    w.__errors = [];
    window.addEventListener('error', (e) => w.__errors.push(`error: ${e.message}`));
  });
  // The console's own CSP would block inline handlers and hide a rendering bug: bypass it
  // (what Playwright's bypassCSP does, through the DevTools protocol).
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Page.setBypassCSP', { enabled: true });
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${server.url}/console/?agent=Alex`);
  await page.getByTestId('connection-status').getByText('Connected').waitFor();
  customer = (await connectCustomer(server, CONVERSATION)).client;
}, 90_000);

afterAll(async () => {
  await customer?.close();
  await browser?.close();
  await server?.close();
});

describe('a hostile customer against the agent console (CSP bypassed)', () => {
  it(`shows a transcript of ${PAYLOADS.length} payloads as text, exactly and in order`, async () => {
    // Within the hub's field limits (titles and names up to 500 characters), so it takes them.
    const short = (text: string): string => text.slice(0, 500);
    const messages: Message[] = PAYLOADS.flatMap((p, i) => [
      { id: `c-${p.id}`, author: 'customer', text: p.text, time: T + i * 2, status: 'sent', chosenReply: { title: short(p.text) } },
      {
        id: `b-${p.id}`,
        author: 'bot',
        text: p.text,
        time: T + i * 2 + 1,
        status: 'sent',
        intent: p.text.slice(0, 100),
        quickReplies: [{ title: short(p.text), payload: short(p.text) }],
        attachments: [{ kind: 'image', url: `javascript:window.__pwned=1//${p.id}`, name: short(p.text), alt: short(p.text) }],
      },
    ]);
    const transcript = buildTranscript({
      conversationId: CONVERSATION,
      requestId: REQUEST,
      messages,
      startedAt: T,
      now: T + 1000,
      locale: 'en',
      page: { url: 'javascript:window.__pwned=1', title: PAYLOADS[0]!.text, referrer: 'javascript:window.__pwned=1' },
      trigger: 'button',
      reason: PAYLOADS[1]!.text,
      custom: Object.fromEntries(PAYLOADS.slice(0, 10).map((p) => [p.text.slice(0, 40), p.text])),
      user: { name: PAYLOADS[2]!.text, email: PAYLOADS[3]!.text, id: PAYLOADS[4]!.text, attributes: { plan: PAYLOADS[5]!.text } },
    });
    const ack = await rawRequest(customer, { v: 1, type: 'handoff', id: REQUEST, conversationId: CONVERSATION, transcript });
    expect(ack, JSON.stringify(ack)).toMatchObject({ type: 'ack' });

    await page.getByTestId('queue-item').first().click();
    const shown = page.getByTestId('transcript-message');
    await expect.poll(() => shown.count()).toBe(messages.length);
    await page.waitForTimeout(300);
    expect(await consoleFindings(page)).toEqual([]);
    expect(problems).toEqual([]);
    const texts = await page.locator('[data-testid="transcript-message"] .text').allTextContents();
    expect(texts).toEqual(messages.map((m) => m.text));
    const authors = await shown.evaluateAll((els) => els.map((el) => el.getAttribute('data-author')));
    expect(authors).toEqual(messages.map((m) => m.author));
    expect(await page.getByTestId('handoff-reason').textContent()).toBe(PAYLOADS[1]!.text);
  });

  it('shows live customer messages full of payloads as text, once each', async () => {
    await page.getByTestId('accept-button').click();
    await customer.nextOf('agent-joined');
    for (const p of PAYLOADS) {
      const ack = await rawRequest(customer, { v: 1, type: 'message', id: `live-${p.id}`, conversationId: CONVERSATION, text: p.text, time: Date.now() });
      expect(ack.type).toBe('ack');
    }
    const log = page.locator('[data-testid="log-entry"][data-author="customer"]');
    await expect.poll(() => log.count()).toBe(PAYLOADS.length);
    await page.waitForTimeout(300);
    expect(await consoleFindings(page)).toEqual([]);
    expect(problems).toEqual([]);
    const texts = await log.evaluateAll((els) => els.map((el) => el.querySelector('.text')?.textContent ?? el.textContent));
    expect(texts).toEqual(PAYLOADS.map((p) => p.text));
  });

  it('shows a left message with a hostile e-mail and text as text', async () => {
    const other = (await connectCustomer(server, 'cnv_offline_hostile')).client;
    const transcript = buildTranscript({
      conversationId: 'cnv_offline_hostile',
      requestId: 'off_hostile',
      messages: [],
      startedAt: T,
      now: T,
      locale: 'en',
      trigger: 'button',
      reason: 'x',
    });
    // Lone surrogates are left out here: the reference hub stores this text in SQLite, which
    // turns each into three U+FFFD (reported; examples/server is not ours to change).
    const text = PAYLOADS.filter((p) => p.id !== 'uni-lone-surrogate').map((p) => p.text).join('\n');
    // The hub checks the e-mail's shape, so the hostile part hides in what a shape check allows.
    const email = `"><svg/onload=window.__pwned=1>@evil.example`;
    const ack = await rawRequest(other, { v: 1, type: 'leave-message', id: 'off_hostile', conversationId: 'cnv_offline_hostile', email, name: PAYLOADS[0]!.text, message: text, transcript });
    await other.close();
    expect(ack, JSON.stringify(ack)).toMatchObject({ type: 'ack' });
    const note = page.getByTestId('offline-message').first();
    await note.waitFor();
    await note.click();
    expect(await page.getByTestId('offline-text').textContent()).toBe(text);
    expect(await page.getByTestId('offline-email').textContent()).toBe(email);
    await page.waitForTimeout(300);
    expect(await consoleFindings(page)).toEqual([]);
    expect(problems).toEqual([]);
    // The console fetched only its own files and talked only to its own hub.
    expect(requests.filter((u) => new URL(u).origin !== server.url)).toEqual([]);
  });
});
