/**
 * A WebSocket client that speaks protocol frames for tests: it records every
 * frame the server sends, checks each against the JSON Schemas, and waits for
 * frames by predicate. Negative checks never sleep: `drain()` sends a ping and
 * returns everything that arrived before its pong, which the server sends only
 * after every earlier frame's effects.
 */
import WebSocket from 'ws';
import { assertValid, loadSchemas } from './json-schema.js';

const schemas = loadSchemas();

/** Any frame; tests read fields freely. */
export type Frame = Record<string, any>;

export interface FrameClientOptions {
  /** Schema the server's frames must match: customers get `server-frame`, agents `agent-server-frame`. */
  schema: 'server-frame' | 'agent-server-frame';
  /** Schema our own frames must match (checked before sending, so tests speak the spec). */
  sendSchema: 'client-frame' | 'agent-client-frame';
  origin?: string;
}

export class FrameClient {
  /** Every frame received, in order. */
  readonly frames: Frame[] = [];
  /** Frames that did not match the schema, with the reason. */
  readonly invalid: string[] = [];
  private cursor = 0;
  private waiters: Array<() => void> = [];
  private pings = 0;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(
    readonly ws: WebSocket,
    private readonly options: FrameClientOptions,
  ) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      try {
        assertValid(schemas, options.schema, frame);
      } catch (error) {
        this.invalid.push((error as Error).message);
      }
      this.frames.push(frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: String(reason) });
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  /** Opens a connection to `url` (e.g. `ws://127.0.0.1:1234/hub`). */
  static async open(url: string, options: FrameClientOptions): Promise<FrameClient> {
    const ws = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    const client = new FrameClient(ws, options);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Sends a frame after checking it against the client schema. */
  send(frame: Frame): void {
    assertValid(schemas, this.options.sendSchema, frame);
    this.ws.send(JSON.stringify(frame));
  }

  /** Sends anything, unchecked: for malformed-frame tests. */
  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /**
   * Resolves with the next frame (after the last one waited for) matching
   * `predicate`; frames skipped on the way stay in `frames`.
   */
  async next(predicate: (frame: Frame) => boolean, what = 'a matching frame', timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.assertAllValid();
      const index = this.frames.findIndex((f, i) => i >= this.cursor && predicate(f));
      if (index >= 0) {
        this.cursor = index + 1;
        return this.frames[index] as Frame;
      }
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`Connection closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`Timed out waiting for ${what}; received after cursor: ${JSON.stringify(this.frames.slice(this.cursor)).slice(0, 1500)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next frame of `type` (and, for acks and errors, with `id`). */
  nextOf(type: string, id?: string): Promise<Frame> {
    return this.next((f) => f.type === type && (id === undefined || f.id === id), id ? `${type} ${id}` : type);
  }

  /** The ack or error answering the frame with `id`. */
  answer(id: string): Promise<Frame> {
    return this.next((f) => (f.type === 'ack' || f.type === 'error') && f.id === id, `the answer to ${id}`);
  }

  /** Sends `frame` and resolves with its ack or error. */
  async request(frame: Frame): Promise<Frame> {
    this.send(frame);
    return this.answer(frame.id as string);
  }

  /** Returns every frame received after the cursor, once the server has answered a ping sent now. */
  async drain(): Promise<Frame[]> {
    const nonce = `drain-${++this.pings}`;
    const from = this.cursor;
    this.send({ v: 1, type: 'ping', nonce });
    const pong = await this.next((f) => f.type === 'pong' && f.nonce === nonce, `pong ${nonce}`);
    return this.frames.slice(from, this.frames.indexOf(pong)).filter((f) => f.type !== 'pong');
  }

  /** Events (frames with seq) received so far, in order. */
  events(): Frame[] {
    return this.frames.filter((f) => typeof f.seq === 'number');
  }

  assertAllValid(): void {
    if (this.invalid.length) throw new Error(`The server sent frames that break the schema:\n${this.invalid.join('\n')}`);
  }

  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) {
      this.ws.close(1000);
      await this.closed;
    }
  }
}
