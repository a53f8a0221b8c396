import { describe, expect, it } from 'vitest';
import { SseParser } from './sseParser';

describe('SseParser', () => {
  it('reads log line events with their line numbers', () => {
    const parser = new SseParser();
    const events = parser.push('id: 1\ndata: 2026-11-24T22:00:00Z tap-csv | hello\n\nid: 2\ndata: second\n\n');
    expect(events).toEqual([
      { event: 'message', data: '2026-11-24T22:00:00Z tap-csv | hello', id: '1' },
      { event: 'message', data: 'second', id: '2' },
    ]);
    expect(parser.lastEventId).toBe('2');
  });

  it('joins chunks that split a line, including a CRLF split in two', () => {
    const parser = new SseParser();
    expect(parser.push('id: 3\r')).toEqual([]);
    expect(parser.push('\ndata: par')).toEqual([]);
    expect(parser.push('tial\r\n\r\n')).toEqual([{ event: 'message', data: 'partial', id: '3' }]);
  });

  it('reads the end event with the final status and ignores comments', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\n\nevent: end\ndata: success\n\n')).toEqual([
      { event: 'end', data: 'success', id: null },
    ]);
  });

  it('keeps the text after the first colon and one leading space only', () => {
    const parser = new SseParser();
    expect(parser.push('data:  two spaces: kept\n\n')[0]!.data).toBe(' two spaces: kept');
  });
});
