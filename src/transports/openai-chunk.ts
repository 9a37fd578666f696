import { TransportError, describeValue } from '../core/errors.js';
import { isRecord } from '../core/is-record.js';

/*
 * The two answer shapes of an OpenAI-compatible `POST /v1/chat/completions`: streamed
 * `chat.completion.chunk` objects (one per `data:` line, ended by `data: [DONE]`), and a
 * whole `chat.completion`. Only the first choice is read; `n` > 1 is not a chat widget's
 * business.
 */

type Raw = Record<string, unknown>;

/**
 * What one streamed chunk says.
 *
 * @example readChunk({ choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] }) // { text: 'Hel' }
 */
export interface ChunkContent {
  /** Text to append (content, or a refusal). */
  text?: string;
  /** Set on the chunk that ends the choice: `stop`, `length`, `content_filter`, `tool_calls`. */
  finish?: string;
  /** The provider's error, when the stream carries one instead of a chunk. */
  error?: string;
}

function firstChoice(body: Raw, what: string): Raw | undefined {
  const { choices } = body;
  if (choices === undefined || choices === null) return undefined;
  if (!Array.isArray(choices)) throw new TransportError('invalid_event', `${what}.choices: expected an array, received ${describeValue(choices)}.`, { retryable: false });
  // With stream_options.include_usage the last chunk has no choices: nothing to show.
  const choice = choices.find((c) => isRecord(c) && (c.index === undefined || c.index === 0)) ?? choices[0];
  if (choice === undefined) return undefined;
  if (!isRecord(choice)) throw new TransportError('invalid_event', `${what}.choices[0]: expected an object, received ${describeValue(choice)}.`, { retryable: false });
  return choice;
}

function errorText(value: unknown): string {
  if (isRecord(value) && typeof value.message === 'string') return value.message;
  return typeof value === 'string' ? value : 'The model reported an error.';
}

/**
 * Reads a parsed `chat.completion.chunk`. Throws `invalid_event` for a wrong shape.
 *
 * @example readChunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }) // { finish: 'stop' }
 */
export function readChunk(chunk: unknown): ChunkContent {
  if (!isRecord(chunk)) throw new TransportError('invalid_event', `A stream chunk was ${describeValue(chunk)} instead of an object.`, { retryable: false });
  if (chunk.error !== undefined && chunk.error !== null) return { error: errorText(chunk.error) };
  const choice = firstChoice(chunk, 'chunk');
  if (!choice) return {};
  const out: ChunkContent = {};
  const delta = choice.delta;
  if (isRecord(delta)) {
    const piece = typeof delta.content === 'string' ? delta.content : typeof delta.refusal === 'string' ? delta.refusal : undefined;
    if (piece) out.text = piece;
  }
  if (typeof choice.finish_reason === 'string') out.finish = choice.finish_reason;
  return out;
}

/**
 * Reads a whole (non-streamed) `chat.completion` into its text. Throws `invalid_response`
 * (retryable: false) when it has none.
 *
 * @example readCompletion({ choices: [{ message: { role: 'assistant', content: 'Hi!' } }] }) // 'Hi!'
 */
export function readCompletion(body: unknown): string {
  const fail = (detail: string): never => {
    throw new TransportError('invalid_response', `The completion ${detail}.`, { retryable: false });
  };
  if (!isRecord(body)) return fail(`was ${describeValue(body)} instead of a chat.completion object`);
  if (body.error !== undefined && body.error !== null) return fail(`reported an error: ${errorText(body.error)}`);
  let choice: Raw | undefined;
  try {
    choice = firstChoice(body, 'completion');
  } catch (error) {
    return fail(`had no usable choice (${(error as Error).message})`);
  }
  const message = choice?.message;
  if (!isRecord(message)) return fail('had no choices[0].message');
  const text = typeof message.content === 'string' ? message.content : typeof message.refusal === 'string' ? message.refusal : undefined;
  if (text === undefined) return fail(`had no text in choices[0].message.content (received ${describeValue(message.content)})`);
  return text;
}
