/**
 * Reads a server-sent-events response with fetch, as a browser's EventSource
 * would see it: events with their `id` and `data`, comments kept apart.
 */

export interface SseEvent {
  id?: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  readonly events: SseEvent[];
  readonly comments: string[];
  /** The retry value the server asked for, if any. */
  retry?: number;
  /** Waits until at least `n` events arrived; returns them all. */
  waitFor(n: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Waits for the next event (after the last waited for) whose parsed data matches. */
  next(predicate: (data: Record<string, unknown>) => boolean, what?: string, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

/** Opens `url` as an event stream (GET, `Accept: text/event-stream`) with extra `headers`. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let cursor = 0;
  const stream: SseStream = {
    status: response.status,
    headers: response.headers,
    events,
    comments,
    async waitFor(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < n) {
        if (ended) throw new Error(`Stream ended after ${events.length} of ${n} events`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`Timed out with ${events.length} of ${n} events: ${JSON.stringify(events).slice(0, 800)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return events;
    },
    async next(predicate, what = 'a matching event', timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = events.findIndex((e, i) => i >= cursor && predicate(JSON.parse(e.data)));
        if (index >= 0) {
          cursor = index + 1;
          return events[index] as SseEvent;
        }
        const left = deadline - Date.now();
        if (left <= 0 || ended) throw new Error(`No ${what}; got ${JSON.stringify(events.slice(cursor)).slice(0, 1200)}`);
        await stream.waitFor(events.length + 1, left).catch(() => undefined);
      }
    },
    close() {
      abort.abort();
    },
  };
  if (!response.body) return stream;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    let current: { id?: string; data: string[] } = { data: [] };
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (current.data.length) {
              events.push({ ...(current.id !== undefined ? { id: current.id } : {}), data: current.data.join('\n') });
              wake?.();
            }
            current = { data: [] };
          } else if (line.startsWith(':')) {
            comments.push(line.slice(1).trim());
          } else {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'data') current.data.push(value);
            else if (field === 'id') current.id = value;
            else if (field === 'retry') stream.retry = Number(value);
          }
        }
      }
    } catch {
      // Aborted by close(); nothing to report.
    } finally {
      ended = true;
      wake?.();
    }
  })();
  return stream;
}
