#!/usr/bin/env node
/**
 * Tries a preset against the real product from a terminal: connects, sends one message
 * (or, for Chatwoot, hands over with a short transcript), and prints everything that comes
 * back for a while. Run `npm run build` first.
 *
 *   node examples/presets/try.mjs rasa http://localhost:5005/webhooks/rest/webhook "hello"
 *   node examples/presets/try.mjs openai http://localhost:11434/v1/chat/completions --model llama3.2 "hello"   # Ollama, no key
 *   node examples/presets/try.mjs openai http://127.0.0.1:8080/api/chat "hello"                             # the example server's proxy
 *   node examples/presets/try.mjs directline http://127.0.0.1:8080/api/directline/token "hello" # the example server's token endpoint
 *   node examples/presets/try.mjs chatwoot https://app.chatwoot.com <inbox identifier> "I need help"
 *
 * Options: --seconds <n> (how long to listen, default 20), --model <name> (openai; omit to let a proxy choose).
 */
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createChatwootTransport, createDirectLineTransport, createOpenAITransport, createRasaTransport } from '../../dist/transports.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { seconds: { type: 'string', default: '20' }, model: { type: 'string' } } });
const [preset, target, ...rest] = positionals;
const out = (line) => process.stdout.write(`${line}\n`);

if (!preset || !target) {
  out('Usage: node examples/presets/try.mjs <rasa|openai|directline|chatwoot> <url> [inbox] "<message>"');
  process.exit(2);
}

const conversationId = `try_${Date.now().toString(36)}`;
const session = { conversationId, locale: 'en', user: { name: 'Terminal tester' } };
const text = (preset === 'chatwoot' ? rest[1] : rest[0]) ?? 'hello';

let transport;
switch (preset) {
  case 'rasa':
    transport = createRasaTransport({ url: target });
    break;
  case 'openai':
    transport = createOpenAITransport({ url: target, ...(values.model ? { model: values.model } : {}) });
    break;
  case 'directline':
    transport = createDirectLineTransport({ tokenUrl: target, WebSocket });
    break;
  case 'chatwoot':
    transport = createChatwootTransport({ baseUrl: target, inboxIdentifier: rest[0], WebSocket });
    break;
  default:
    out(`Unknown preset "${preset}".`);
    process.exit(2);
}

const show = (event) => {
  switch (event.type) {
    case 'message':
      return out(`${event.message.agent ? `${event.message.agent.name}: ` : 'bot: '}${event.message.text}${event.message.quickReplies ? `  [${event.message.quickReplies.map((q) => q.title).join(' | ')}]` : ''}`);
    case 'delta':
      return process.stdout.write(event.done ? '\n' : event.text);
    case 'error':
      return out(`! ${event.error.code}: ${event.error.message}`);
    default:
      return out(`· ${JSON.stringify(event)}`);
  }
};

try {
  await transport.connect(show, session);
  const id = `msg_${Date.now().toString(36)}`;
  if (preset === 'chatwoot') {
    const now = new Date().toISOString();
    const requestId = `req_${Date.now().toString(36)}`;
    const receipt = await transport.handoff({
      id: requestId,
      conversationId,
      transcript: {
        version: 1,
        conversationId,
        requestId,
        createdAt: now,
        messages: [{ id, author: 'customer', text, time: now }],
        context: { locale: 'en', trigger: 'button', reason: 'Tried from examples/presets/try.mjs', startedAt: now, summary: { firstRequest: text, lastTurns: [] } },
      },
    });
    out(`handoff: ${JSON.stringify(receipt)} (reply from the Chatwoot dashboard now)`);
  } else {
    out(`you: ${text}`);
    await transport.send({ id, conversationId, text, time: Date.now(), attempt: 1 });
  }
  await new Promise((resolve) => setTimeout(resolve, Number(values.seconds) * 1000));
} catch (error) {
  out(`! ${error.name} ${error.code ?? ''}: ${error.message}`);
  process.exitCode = 1;
} finally {
  await transport.close();
}
