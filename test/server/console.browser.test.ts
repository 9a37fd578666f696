/**
 * The agent console in real Chromium, under the strict CSP, against the real
 * hub: a customer (a protocol client) asks for a person, the agent sees the
 * transcript (hostile text stays text), context and trigger, accepts, chats,
 * ends, and sees the rating; a message left while nobody was there is listed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildConsole } from '../../examples/server/lib/build-console.mjs';
import { launchBrowser } from '../support/browser.js';
import type { FrameClient } from './frame-client.js';
import { connectCustomer, handoffFrame, startServer, type TestServer } from './fixtures.js';

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let customer: FrameClient;
const pageErrors: string[] = [];

const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">I was charged twice';

beforeAll(async () => {
  await buildConsole();
  server = await startServer({ now: Date.now });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${server.url}/console/?agent=Alex`);
  await page.getByTestId('connection-status').getByText('Connected').waitFor();
  customer = (await connectCustomer(server, 'cnv_console')).client;
});

afterAll(async () => {
  await customer?.close();
  await browser?.close();
  await server?.close();
});

it('shows a waiting customer with the full transcript, context and trigger, rendering customer text as text', async () => {
  await customer.request(
    handoffFrame(
      'cnv_console',
      'req_console',
      [
        ['customer', 'hello'],
        ['bot', "Sorry, I didn't catch that."],
        ['customer', HOSTILE],
      ],
      { trigger: 'bot-failure', reason: 'The bot did not understand twice', user: { name: 'Sam Lee', email: 'sam@example.com' } },
    ),
  );
  const item = page.getByTestId('queue-item');
  await expect.poll(() => item.count()).toBe(1);
  expect(await item.getAttribute('data-conversation-id')).toBe('cnv_console');
  expect(await item.textContent()).toContain('Sam Lee');
  await item.click();

  const messages = page.getByTestId('transcript-message');
  await expect.poll(() => messages.count()).toBe(3);
  expect(await messages.nth(2).getAttribute('data-author')).toBe('customer');
  expect(await messages.nth(2).locator('.text').textContent()).toBe(HOSTILE);
  expect(await page.locator('[data-testid="conversation"] img').count()).toBe(0);
  expect(await page.title()).not.toBe('pwned');
  expect(await page.getByTestId('handoff-reason').textContent()).toBe('The bot did not understand twice');
  expect(await page.getByTestId('handoff-trigger').textContent()).toBe('The bot did not understand');
  expect(await page.getByTestId('customer-info').textContent()).toBe('Sam Lee · sam@example.com');
  expect(await page.getByTestId('context').textContent()).toContain('cartValue129');
  expect(await page.getByTestId('conversation-status').getAttribute('data-status')).toBe('waiting');
});

it('accepts the customer, who hears the agent joined, then chats both ways', async () => {
  await page.getByTestId('accept-button').click();
  expect((await customer.nextOf('agent-joined')).agent).toMatchObject({ name: 'Alex', title: 'Support agent' });
  await expect.poll(() => page.getByTestId('conversation-status').getAttribute('data-status')).toBe('active');
  expect(await page.getByTestId('my-chats').getByTestId('chat-item').count()).toBe(1);

  customer.send({ v: 1, type: 'typing', conversationId: 'cnv_console', active: true });
  await expect.poll(() => page.getByTestId('customer-typing').count()).toBe(1);
  await customer.request({ v: 1, type: 'message', id: 'msg_c1', conversationId: 'cnv_console', text: 'It is order FW-20931', time: Date.now() });
  const customerLines = page.locator('[data-testid="log-entry"][data-author="customer"]');
  await expect.poll(() => customerLines.count()).toBe(1);
  expect(await customerLines.textContent()).toContain('It is order FW-20931');
  expect(await page.getByTestId('customer-typing').count()).toBe(0);

  await page.getByTestId('reply-input').fill('Thanks Sam, I am refunding the second charge.');
  expect((await customer.nextOf('agent-typing')).active).toBe(true);
  await page.getByTestId('reply-input').press('Enter');
  const reply = await customer.nextOf('agent-message');
  expect(reply.message).toMatchObject({ text: 'Thanks Sam, I am refunding the second charge.', agent: { name: 'Alex' } });
  await expect.poll(() => page.locator('[data-testid="log-entry"][data-author="agent"]').count()).toBe(1);
  expect(await page.getByTestId('reply-input').inputValue()).toBe('');
});

it('ends the conversation and shows the rating the customer gives', async () => {
  await page.getByTestId('end-button').click();
  expect(await customer.nextOf('ended')).toMatchObject({ by: 'agent' });
  await expect.poll(() => page.getByTestId('conversation-status').getAttribute('data-status')).toBe('ended');
  expect(await page.getByTestId('reply-input').count()).toBe(0);

  await customer.request({ v: 1, type: 'csat', id: 'rat_c1', conversationId: 'cnv_console', score: 5, comment: 'Great help' });
  await expect.poll(() => page.getByTestId('csat').count()).toBe(1);
  expect(await page.getByTestId('csat').textContent()).toContain('5/5 — “Great help”');
  expect(await page.getByTestId('closed-chats').getByTestId('chat-item').textContent()).toContain('rated 5/5');
});

it('lists a message left while nobody was available, with what the customer wrote', async () => {
  await customer.request({
    v: 1,
    type: 'leave-message',
    id: 'off_c1',
    conversationId: 'cnv_console',
    email: 'sam@example.com',
    name: 'Sam',
    message: 'Please call me back about <b>FW-20931</b>',
    transcript: handoffFrame('cnv_console', 'off_c1').transcript,
  });
  const note = page.getByTestId('offline-message');
  await expect.poll(() => note.count()).toBe(1);
  await note.click();
  expect(await page.getByTestId('offline-text').textContent()).toBe('Please call me back about <b>FW-20931</b>');
  expect(await page.getByTestId('offline-email').textContent()).toBe('sam@example.com');
});

it('ran without CSP violations or page errors', async () => {
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
  expect(pageErrors).toEqual([]);
  customer.assertAllValid();
  expect(server.errors).toEqual([]);
});
