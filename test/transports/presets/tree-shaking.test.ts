import { describe, expect, it } from 'vitest';
import { bundleImport } from './support/preset-bundle';

/** What each piece's code is recognised by in a bundle. */
const MARKERS = {
  websocket: /heartbeat/i,
  sseParser: /lastEventId/,
  rasa: /webhooks\/rest\/webhook/,
  directLine: /clientActivityID/,
  openai: /chat completions/,
  chatwoot: /RoomChannel/,
  memory: /createMemoryBot|memory-bot/,
};

type Piece = keyof typeof MARKERS;

async function pieces(name: string, file: string): Promise<Piece[]> {
  const code = await bundleImport(name, file);
  return (Object.keys(MARKERS) as Piece[]).filter((piece) => MARKERS[piece].test(code));
}

describe('tree-shaking of the presets', () => {
  it('an app with only the Rasa preset gets no WebSocket, stream or other preset code', async () => {
    expect(await pieces('createRasaTransport', 'rasa.ts')).toEqual(['rasa']);
  }, 30_000);

  it('the OpenAI preset brings the stream parser but no WebSocket', async () => {
    expect(await pieces('createOpenAITransport', 'openai.ts')).toEqual(['sseParser', 'openai']);
  }, 30_000);

  it('the Direct Line preset brings the WebSocket transport but no stream parser', async () => {
    expect(await pieces('createDirectLineTransport', 'direct-line.ts')).toEqual(['websocket', 'directLine']);
  }, 30_000);

  it('the Chatwoot preset brings the WebSocket transport and nothing of the bot presets', async () => {
    expect(await pieces('createChatwootTransport', 'chatwoot.ts')).toEqual(['websocket', 'chatwoot']);
  }, 30_000);
});
