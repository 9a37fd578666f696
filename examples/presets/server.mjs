#!/usr/bin/env node
/**
 * Serves the preset examples on 127.0.0.1, each page with the Content-Security-Policy
 * its preset needs, plus the two server-side pieces a page must never do itself:
 *
 *   POST /api/directline/token  exchanges DIRECT_LINE_SECRET for a Direct Line token
 *   POST /api/chat              forwards to an OpenAI-compatible API with OPENAI_API_KEY
 *
 * Run `npm run build` first (the pages load dist/handoff-chat.iife.js), then e.g.:
 *
 *   RASA_URL=http://localhost:5005/webhooks/rest/webhook node examples/presets/server.mjs
 *   DIRECT_LINE_SECRET=… node examples/presets/server.mjs
 *   OPENAI_API_KEY=sk-… OPENAI_MODEL=gpt-4o-mini node examples/presets/server.mjs
 *   CHATWOOT_URL=https://app.chatwoot.com CHATWOOT_INBOX=… node examples/presets/server.mjs
 *
 * Environment:
 *   PORT                 default: a free port
 *   RASA_URL             Rasa REST channel, default http://localhost:5005/webhooks/rest/webhook
 *   DIRECT_LINE_SECRET   from Azure portal → your bot → Channels → Direct Line
 *   DIRECT_LINE_DOMAIN   default https://directline.botframework.com/v3/directline
 *   OPENAI_API_KEY       the key stays in this process
 *   OPENAI_BASE_URL      default https://api.openai.com/v1 (any OpenAI-compatible API)
 *   OPENAI_MODEL         default gpt-4o-mini; the proxy enforces it
 *   CHATWOOT_URL         your Chatwoot installation
 *   CHATWOOT_INBOX       the API inbox identifier
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = process.env;
const config = {
  rasaUrl: env.RASA_URL ?? 'http://localhost:5005/webhooks/rest/webhook',
  directLineDomain: (env.DIRECT_LINE_DOMAIN ?? 'https://directline.botframework.com/v3/directline').replace(/\/+$/, ''),
  openaiModel: env.OPENAI_MODEL ?? 'gpt-4o-mini',
  chatwootUrl: (env.CHATWOOT_URL ?? '').replace(/\/+$/, ''),
  chatwootInbox: env.CHATWOOT_INBOX ?? '',
};
const openaiBase = (env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1').replace(/\/+$/, '');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

const origin = (url) => {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
};
/** `wss://host` for a Chatwoot installation at `https://host`. */
const socketOrigin = (url) => origin(url).replace(/^http/, 'ws');

/** connect-src per page, as docs/presets.md lists it. */
const CONNECT = {
  'rasa.html': () => [origin(config.rasaUrl)],
  // The stream URL Direct Line hands out is on the same host, with wss:.
  'direct-line.html': () => [origin(config.directLineDomain), socketOrigin(config.directLineDomain)],
  'openai.html': () => [],
  'chatwoot.html': () => [origin(config.chatwootUrl), socketOrigin(config.chatwootUrl)],
};

function csp(page) {
  const extra = (CONNECT[page]?.() ?? []).filter(Boolean).join(' ');
  // The widget's own policy (no inline script or style), plus https images for bot and agent pictures.
  return `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; connect-src 'self'${extra ? ` ${extra}` : ''}`;
}

const send = (res, status, body, headers = {}) => {
  res.writeHead(status, headers);
  res.end(body);
};

async function readJson(req, limit = 64 * 1024) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

/** Exchanges the secret for a token bound to a user id this server chose (Microsoft's "enhanced authentication" advice). */
async function directLineToken(req, res) {
  if (!env.DIRECT_LINE_SECRET) return send(res, 501, JSON.stringify({ error: 'Set DIRECT_LINE_SECRET to try Direct Line.' }), { 'content-type': 'application/json' });
  const userId = `dl_${randomUUID()}`;
  const answer = await fetch(`${config.directLineDomain}/tokens/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.DIRECT_LINE_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: { id: userId } }),
  });
  if (!answer.ok) return send(res, 502, JSON.stringify({ error: `Direct Line answered ${answer.status}` }), { 'content-type': 'application/json' });
  const { token, conversationId, expires_in } = await answer.json();
  send(res, 200, JSON.stringify({ token, conversationId, userId, expires_in }), { 'content-type': 'application/json', 'cache-control': 'no-store' });
}

/**
 * The proxy the OpenAI preset talks to. The page is public, so the proxy decides what
 * matters: the model, a cap on the answer, and how much history it forwards.
 */
async function chatProxy(req, res) {
  if (!env.OPENAI_API_KEY) return send(res, 501, JSON.stringify({ error: { message: 'Set OPENAI_API_KEY to try the OpenAI preset.' } }), { 'content-type': 'application/json' });
  let body;
  try {
    body = await readJson(req);
  } catch {
    return send(res, 400, JSON.stringify({ error: { message: 'Expected a JSON body.' } }), { 'content-type': 'application/json' });
  }
  const messages = (Array.isArray(body.messages) ? body.messages : [])
    .filter((m) => (m?.role === 'user' || m?.role === 'assistant' || m?.role === 'system') && typeof m.content === 'string')
    .slice(-21)
    .map((m) => ({ role: m.role, content: m.content.slice(0, 4000) }));
  const upstream = await fetch(`${openaiBase}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.OPENAI_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: config.openaiModel, messages, stream: body.stream !== false, max_tokens: 500 }),
  });
  res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json', 'cache-control': 'no-store' });
  if (!upstream.body) return res.end();
  for await (const chunk of upstream.body) res.write(chunk);
  res.end();
}

async function serveFile(path, res) {
  const file = normalize(join(root, path));
  if (!file.startsWith(join(root, 'dist')) && !file.startsWith(join(root, 'examples', 'presets'))) return send(res, 404, 'Not found');
  try {
    const body = await readFile(file);
    const page = path.split('/').pop();
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    if (extname(file) === '.html') headers['content-security-policy'] = csp(page);
    send(res, 200, body, headers);
  } catch {
    send(res, 404, 'Not found');
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const run = async () => {
    if (req.method === 'POST' && url.pathname === '/api/directline/token') return directLineToken(req, res);
    if (req.method === 'POST' && url.pathname === '/api/chat') return chatProxy(req, res);
    if (url.pathname === '/examples/presets/config.js') {
      // Served as a script (not inline) so the pages keep script-src 'self'.
      return send(res, 200, `window.presetConfig = ${JSON.stringify(config)};\n`, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    }
    if (url.pathname === '/') return send(res, 302, '', { location: '/examples/presets/index.html' });
    return serveFile(decodeURIComponent(url.pathname), res);
  };
  run().catch((error) => {
    if (!res.headersSent) send(res, 500, String(error?.message ?? error));
    else res.end();
  });
});

server.listen(Number(env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`Preset examples: http://127.0.0.1:${port}/examples/presets/index.html\n`);
});
