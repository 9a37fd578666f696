/**
 * A fake site proxy in front of an OpenAI-compatible chat completions API, answering as
 * the API reference describes: `POST /v1/chat/completions` with `{ model, messages,
 * stream }`; with `stream: true` a `text/event-stream` of `data: <chat.completion.chunk>`
 * lines (the first delta carries the role, the last one `finish_reason`) ended by
 * `data: [DONE]`; otherwise one `chat.completion` object. Like a plain proxy, it processes
 * every request it gets.
 */
import type { ServerResponse } from 'node:http';
import { applyFault, json, startTestServer, type Fault, type TestServer } from './http-server';

export interface CompletionRequest {
  /** The `Idempotency-Key` header: the chat message id. */
  key: string | undefined;
  body: { model?: string; messages: Array<{ role: string; content: string }>; stream?: boolean; [field: string]: unknown };
  headers: Record<string, string | string[] | undefined>;
}

export type StreamFault =
  /** Send this many content chunks, then cut the connection. */
  | { kind: 'cut'; afterChunks: number }
  /** Send this many content chunks, then stay silent (the connection stays open). */
  | { kind: 'stall'; afterChunks: number }
  /** Send this many content chunks, then an error object instead of the next chunk. */
  | { kind: 'error'; afterChunks: number; message: string }
  /** Send a line of broken JSON after this many chunks, then carry on. */
  | { kind: 'garbage'; afterChunks: number };

export interface OpenAIServer extends TestServer {
  readonly url: string;
  /** Every completion request, in order. */
  readonly completions: CompletionRequest[];
  /** Faults for the next requests, one each (before anything is streamed). */
  readonly faults: Fault[];
  /** Faults applied while streaming the next answers, one each. */
  readonly streamFaults: StreamFault[];
  failMode: 'none' | 'retryable' | 'fatal';
  /** Used (once each) instead of `model` for the next answers. */
  readonly replyQueue: string[];
  /** Pause between content chunks, in ms. Default 0. */
  chunkDelayMs: number;
  /** Pause before answering at all (a whole completion is sent only once written), in ms. Default 0. */
  answerDelayMs: number;
  /** Leave out the final `data: [DONE]` (some proxies do). */
  omitDone: boolean;
  /** The model: the reply to a conversation. Default: `Echo: <last user message>`. */
  model: (messages: CompletionRequest['body']['messages']) => string;
  /** Open completion streams right now. */
  openStreams(): number;
}

/** Splits a reply into stream pieces the way models do: a word (with its space) at a time. */
const pieces = (text: string): string[] => text.match(/\S+\s*/g) ?? [];

export async function startOpenAIServer(): Promise<OpenAIServer> {
  let self!: OpenAIServer;
  let created = 1_700_000_000;
  const open = new Set<ServerResponse>();

  const chunk = (id: string, delta: Record<string, unknown>, finish: string | null): string =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: 'fake-model', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;

  const server = await startTestServer(async (req, res, body, url) => {
    if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') return json(res, 404, { error: { message: 'not found' } });
    const before = self.faults.shift();
    if (applyFault(res, before)) return;
    if (self.failMode === 'retryable') return json(res, 503, { error: { message: 'upstream unavailable', type: 'server_error' } });
    if (self.failMode === 'fatal') return json(res, 400, { error: { message: 'bad request', type: 'invalid_request_error' } });
    const b = body as CompletionRequest['body'];
    if (!Array.isArray(b?.messages) || b.messages.some((m) => typeof m?.role !== 'string' || typeof m.content !== 'string')) {
      return json(res, 400, { error: { message: 'messages must be [{ role, content }]', type: 'invalid_request_error' } });
    }
    const key = req.headers['idempotency-key'];
    self.completions.push({ key: typeof key === 'string' ? key : undefined, body: b, headers: req.headers });
    if (before?.kind === 'raw') {
      res.writeHead(200, { 'content-type': before.contentType ?? 'application/json' });
      return void res.end(before.body);
    }
    const reply = self.replyQueue.shift() ?? self.model(b.messages);
    const id = `chatcmpl-${++created}`;
    if (self.answerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, self.answerDelayMs));
    if (res.destroyed) return;
    if (!b.stream) {
      return json(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: b.model ?? 'fake-model',
        choices: [{ index: 0, message: { role: 'assistant', content: reply, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    open.add(res);
    res.on('close', () => open.delete(res));
    const fault = self.streamFaults.shift();
    res.write(chunk(id, { role: 'assistant', content: '' }, null));
    const parts = pieces(reply);
    for (const [i, part] of parts.entries()) {
      if (self.chunkDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, self.chunkDelayMs));
      if (res.destroyed) return;
      if (fault && i === fault.afterChunks) {
        // After a pause, so what was written reaches the client before the cut.
        if (fault.kind === 'cut') return void setTimeout(() => res.socket?.destroy(), 20);
        if (fault.kind === 'stall') return;
        if (fault.kind === 'error') {
          res.write(`data: ${JSON.stringify({ error: { message: fault.message, type: 'server_error' } })}\n\n`);
          return void res.end();
        }
        res.write('data: {"choices": [ {"delta": {"content": "oops\n\n');
      }
      res.write(chunk(id, { content: part }, null));
    }
    res.write(chunk(id, {}, 'stop'));
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: 'fake-model', choices: [], usage: { total_tokens: 15 } })}\n\n`);
    if (!self.omitDone) res.write('data: [DONE]\n\n');
    res.end();
  });

  self = Object.assign(server, {
    url: `${server.origin}/v1/chat/completions`,
    completions: [] as CompletionRequest[],
    faults: [] as Fault[],
    streamFaults: [] as StreamFault[],
    failMode: 'none' as OpenAIServer['failMode'],
    replyQueue: [] as string[],
    omitDone: false,
    chunkDelayMs: 0,
    answerDelayMs: 0,
    model: (messages: CompletionRequest['body']['messages']) => `Echo: ${messages.filter((m) => m.role === 'user').at(-1)?.content ?? ''}`,
    openStreams: () => open.size,
  });
  return self;
}
