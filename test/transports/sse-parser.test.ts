import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from '../../src/transports/sse-parser';

function parse(...pieces: string[]): { events: SseEvent[]; retries: number[]; lastEventId: string } {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  const parser = createSseParser({ onEvent: (e) => events.push(e), onRetry: (ms) => retries.push(ms) });
  for (const piece of pieces) parser.feed(piece);
  return { events, retries, lastEventId: parser.lastEventId };
}

describe('createSseParser', () => {
  it('joins multi-line data with newlines and dispatches on a blank line', () => {
    expect(parse('data: first\ndata: second\n\n').events).toEqual([{ type: 'message', data: 'first\nsecond', lastEventId: '' }]);
  });

  it('ignores comments, unknown fields, and strips only one space after the colon', () => {
    expect(parse(': ping\nfoo: bar\ndata:  two spaces\ndata:none\n\n').events.map((e) => e.data)).toEqual([' two spaces\nnone']);
  });

  it('reads a line without a colon as a field with an empty value', () => {
    expect(parse('data\ndata\n\n').events.map((e) => e.data)).toEqual(['\n']);
    expect(parse('data\n\n').events.map((e) => e.data)).toEqual(['']);
  });

  it('accepts LF, CR and CRLF line ends, also mixed', () => {
    const expected = [{ type: 'message', data: 'a', lastEventId: '' }, { type: 'message', data: 'b', lastEventId: '' }, { type: 'message', data: 'c', lastEventId: '' }];
    expect(parse('data: a\n\ndata: b\r\rdata: c\r\n\r\n').events).toEqual(expected);
  });

  it('treats a CRLF split across two pieces as one line end', () => {
    expect(parse('data: a\r', '\n\r', '\ndata: b\r\n\r\n').events.map((e) => e.data)).toEqual(['a', 'b']);
  });

  it('keeps the last event id for events without their own, and marks which carried one', () => {
    const { events, lastEventId } = parse('id: 7\ndata: a\n\ndata: b\n\n');
    expect(events).toEqual([
      { type: 'message', data: 'a', lastEventId: '7', id: '7' },
      { type: 'message', data: 'b', lastEventId: '7' },
    ]);
    expect(lastEventId).toBe('7');
  });

  it('updates the id from an event without data, without dispatching it', () => {
    const { events, lastEventId } = parse('id: 9\n\n');
    expect(events).toEqual([]);
    expect(lastEventId).toBe('9');
  });

  it('ignores an id containing NUL, and an empty id resets it', () => {
    expect(parse('id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n').lastEventId).toBe('1');
    expect(parse('id: 1\ndata: a\n\nid\ndata: b\n\n').lastEventId).toBe('');
  });

  it('passes on a retry made of digits only', () => {
    expect(parse('retry: 3000\nretry: 1.5\nretry: soon\n\n').retries).toEqual([3000]);
  });

  it('uses the event field as the type, per event', () => {
    expect(parse('event: delta\ndata: x\n\ndata: y\n\n').events.map((e) => e.type)).toEqual(['delta', 'message']);
  });

  it('strips a leading byte order mark', () => {
    expect(parse('\uFEFFdata: a\n\n').events.map((e) => e.data)).toEqual(['a']);
  });

  it('drops a half-received event when the stream ends, resuming from the last complete one', () => {
    const events: SseEvent[] = [];
    const parser = createSseParser({ onEvent: (e) => events.push(e) });
    parser.feed('id: 1\ndata: done\n\nid: 2\ndata: {"type":"del');
    parser.endOfStream();
    parser.feed('data: next\n\n');
    expect(events.map((e) => e.data)).toEqual(['done', 'next']);
    expect(parser.lastEventId).toBe('1');
  });

  it('gives the same events however the stream is split into pieces', () => {
    const field = fc.stringMatching(/^[a-z {}":,0-9]{0,12}$/);
    const block = fc.record({ id: fc.option(fc.stringMatching(/^[0-9]{1,3}$/), { nil: undefined }), lines: fc.array(field, { minLength: 1, maxLength: 3 }) });
    const eol = fc.constantFrom('\n', '\r', '\r\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(block, eol), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 8 }), (blocks, cuts) => {
        const text = blocks
          .map(([b, end]) => `${b.id === undefined ? '' : `id: ${b.id}${end}`}${b.lines.map((l) => `data: ${l}${end}`).join('')}: comment${end}${end}`)
          .join('');
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
        const pieces: string[] = [];
        let at = 0;
        for (const p of points) {
          pieces.push(text.slice(at, p));
          at = p;
        }
        pieces.push(text.slice(at));
        expect(parse(...pieces)).toEqual(parse(text));
        expect(parse(text).events.map((e) => e.data)).toEqual(blocks.map(([b]) => b.lines.join('\n')));
      }),
      { numRuns: 300 },
    );
  });
});
