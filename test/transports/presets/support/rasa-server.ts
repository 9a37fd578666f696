/**
 * A fake Rasa server following the REST channel documentation (Rasa 3.x, "Your Own
 * Website" → RestInput): `POST /webhooks/rest/webhook` with `{ sender, message, metadata? }`
 * answers `200` with a JSON array of `{ recipient_id, text?, image?, buttons?, attachment?, custom? }`.
 * Like Rasa, it does not de-duplicate: every POST is processed.
 */
import type { RasaReply } from '../../../../src/transports/rasa';
import { applyFault, json, startTestServer, type Fault, type TestServer } from './http-server';

export interface RasaProcessed {
  /** `metadata.message_id`, which the transport sends. */
  id: string;
  sender: string;
  text: string;
  metadata: Record<string, unknown> | undefined;
}

export interface RasaServer extends TestServer {
  readonly url: string;
  /** Every message Rasa processed, duplicates included, in order. */
  readonly processed: RasaProcessed[];
  /** Faults for the next webhook requests, one each. */
  readonly faults: Fault[];
  /** 'retryable' answers 503 and 'fatal' 400 until set back to 'none'. */
  failMode: 'none' | 'retryable' | 'fatal';
  /** Used (once each) for the next processed messages instead of the bot. */
  readonly replyQueue: unknown[][];
  /** Answers this long after processing, like a custom action that takes its time. Default 0. */
  answerDelayMs: number;
}

export async function startRasaServer(
  bot: (m: RasaProcessed) => Array<Omit<RasaReply, 'recipient_id'>> = (m) => [{ text: `You said: ${m.text}` }],
): Promise<RasaServer> {
  let state!: RasaServer;
  const server = await startTestServer(async (req, res, body, url) => {
    if (req.method !== 'POST' || url.pathname !== '/webhooks/rest/webhook') return json(res, 404, { error: 'not found' });
    const fault = state.faults.shift();
    if (applyFault(res, fault)) return;
    if (state.failMode === 'retryable') return json(res, 503, { error: 'unavailable' });
    if (state.failMode === 'fatal') return json(res, 400, { error: 'refused' });
    const b = body as { sender?: unknown; message?: unknown; metadata?: unknown };
    if (!req.headers['content-type']?.startsWith('application/json') || typeof b?.sender !== 'string' || typeof b.message !== 'string') {
      return json(res, 400, { error: 'expected { sender, message }' });
    }
    const metadata = b.metadata as Record<string, unknown> | undefined;
    const entry: RasaProcessed = { id: String(metadata?.message_id ?? ''), sender: b.sender, text: b.message, metadata };
    state.processed.push(entry);
    const replies = state.replyQueue.shift() ?? bot(entry).map((r) => ({ recipient_id: entry.sender, ...r }));
    if (fault?.kind === 'raw') {
      res.writeHead(200, { 'content-type': fault.contentType ?? 'application/json' });
      res.end(fault.body);
      return;
    }
    if (state.answerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.answerDelayMs));
    json(res, 200, replies);
  });
  state = Object.assign(server, {
    url: `${server.origin}/webhooks/rest/webhook`,
    processed: [] as RasaProcessed[],
    faults: [] as Fault[],
    failMode: 'none' as RasaServer['failMode'],
    replyQueue: [] as unknown[][],
    answerDelayMs: 0,
  });
  return state;
}
