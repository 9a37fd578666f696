/**
 * One event read from a `text/event-stream`.
 *
 * @example { type: 'message', data: '{"type":"typing","active":true}', lastEventId: '12', id: '12' }
 */
export interface SseEvent {
  /** The `event:` field; `message` when the event had none. */
  type: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The stream's last event id after this event, whether this event set it or not. */
  lastEventId: string;
  /** The id this event carried in its own `id:` line, if it had one. */
  id?: string;
}

export interface SseParserHandlers {
  onEvent(event: SseEvent): void;
  /** The server's `retry:` advice, in ms. */
  onRetry?(ms: number): void;
  /** An event grew past `maxEventLength`: it is dropped, and the stream goes on with the next one. */
  onOverflow?(): void;
}

/** Feeds decoded text in; calls back once per complete event. */
export interface SseParser {
  /** Parses the next piece of the stream; pieces may split lines anywhere. */
  feed(text: string): void;
  /** The id to resume from (`Last-Event-ID`); empty when none. */
  readonly lastEventId: string;
  /** Forgets a half-received event, as the spec requires when the connection ends. */
  endOfStream(): void;
  /** Forgets the id to resume from, for a server whose sequence started over. */
  forgetLastEventId(): void;
}

/**
 * A `text/event-stream` parser following the WHATWG HTML "event stream
 * interpretation": LF, CR and CRLF line ends (also split across pieces), `data`
 * lines joined by newlines, `event`, `id` (ignored when it contains NUL) and
 * `retry` (digits only) fields, `:` comments, and one optional space after the colon.
 * `resumeFrom` is the id a stream resumes after (e.g. one kept across a reload).
 * An event without data is not dispatched, but its `id` still counts; the id of an
 * event cut off by a dropped connection does not, so resuming asks for it again.
 * An event longer than `maxEventLength` characters (a line that never ends, say) is
 * dropped as it grows, never held whole in memory, and reported through `onOverflow`.
 *
 * @example
 * const parser = createSseParser({ onEvent: (e) => console.info(e.data) })
 * parser.feed('id: 1\ndata: {"type":"typing",')
 * parser.feed('"active":true}\n\n') // logs {"type":"typing","active":true}
 */
/** Room for a field name, its colon and space, and a line end in a line not yet complete. */
const PARTIAL_LINE_SLACK = 8;

export function createSseParser(handlers: SseParserHandlers, resumeFrom = '', maxEventLength = Infinity): SseParser {
  let buffer = '';
  /** The current event overflowed: its lines are ignored until the blank line that ends it. */
  let dropping = false;
  /** Part of an overflowing line was thrown away: the rest of it, up to its line end, goes too. */
  let droppingLine = false;
  let started = false;
  let skipLeadingLf = false;
  let data = '';
  let hasData = false;
  let type = '';
  let ownId: string | undefined;
  /** The id of the event being read; it counts only once that event is complete. */
  let idBuffer = resumeFrom;
  let lastEventId = resumeFrom;

  const dispatch = (): void => {
    lastEventId = idBuffer;
    if (!hasData) {
      type = '';
      ownId = undefined;
      return;
    }
    const event: SseEvent = { type: type || 'message', data: data.endsWith('\n') ? data.slice(0, -1) : data, lastEventId };
    if (ownId !== undefined) event.id = ownId;
    data = '';
    hasData = false;
    type = '';
    ownId = undefined;
    handlers.onEvent(event);
  };

  /** Too big to keep: forget what there is of this event and skip the rest of it. */
  const overflow = (): void => {
    if (!dropping) handlers.onOverflow?.();
    dropping = true;
    data = '';
    hasData = false;
  };

  const line = (text: string): void => {
    if (dropping) {
      if (text !== '') return;
      dropping = false;
      // The event was received, only not delivered: its id counts, so a resume does not ask for it again.
      lastEventId = idBuffer;
      type = '';
      ownId = undefined;
      return;
    }
    if (text === '') return dispatch();
    if (text.startsWith(':')) return; // a comment: keep-alive
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        data += `${value}\n`;
        hasData = true;
        if (data.length > maxEventLength) overflow();
        return;
      case 'event':
        type = value;
        return;
      case 'id':
        if (!value.includes('\0')) {
          idBuffer = value;
          ownId = value;
        }
        return;
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        return;
      default:
        return; // unknown fields are ignored
    }
  };

  return {
    feed(text) {
      let piece = text;
      if (!started && piece.length > 0) {
        started = true;
        if (piece.startsWith('\uFEFF')) piece = piece.slice(1);
      }
      if (skipLeadingLf && piece.startsWith('\n')) piece = piece.slice(1);
      skipLeadingLf = false;
      if (droppingLine) {
        const end = piece.search(/[\r\n]/);
        if (end === -1) return;
        droppingLine = false;
        piece = piece.slice(end);
        // The line end that finishes the dropped line is not a blank line of its own.
        if (piece.startsWith('\r\n')) piece = piece.slice(2);
        else if (piece === '\r') {
          piece = '';
          skipLeadingLf = true;
        } else piece = piece.slice(1);
      }
      buffer += piece;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const ch = buffer[i];
        if (ch !== '\n' && ch !== '\r') continue;
        line(buffer.slice(start, i));
        if (ch === '\r') {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === '\n') i++;
          } else {
            // A CR at the very end may be the first half of a CRLF split across pieces.
            skipLeadingLf = true;
          }
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      // An unfinished line still holds its field name ("data: ") and maybe a CR: allowing for
      // them keeps the verdict the same however the stream happens to be cut.
      if (buffer && data.length + buffer.length > maxEventLength + PARTIAL_LINE_SLACK) {
        overflow();
        buffer = '';
        droppingLine = true;
      }
    },
    get lastEventId() {
      return lastEventId;
    },
    endOfStream() {
      buffer = '';
      dropping = false;
      droppingLine = false;
      data = '';
      hasData = false;
      type = '';
      ownId = undefined;
      skipLeadingLf = false;
      started = false;
      // The spec starts each stream's id buffer empty; starting from the last complete
      // event's id instead means an id-less event on the new stream cannot erase the
      // resume point.
      idBuffer = lastEventId;
    },
    forgetLastEventId() {
      lastEventId = '';
      idBuffer = '';
    },
  };
}
