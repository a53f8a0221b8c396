export interface SseEvent {
  event: string;
  data: string;
  id: string | null;
}

/**
 * Incremental text/event-stream parser (the WHATWG rules we need: `event`, `data`, `id`,
 * comments, CRLF/LF/CR line ends, chunks that split a line anywhere).
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | null = null;
  private hasData = false;
  /** The last id seen, kept across events as EventSource does, for resuming. */
  lastEventId: string | null = null;

  push(chunk: string): SseEvent[] {
    // One pass with a cursor and one slice at the end: a multi-megabyte chunk (a finished
    // run's whole log) must cost linear time, not a copy of the rest per line.
    const buf = this.buffer + chunk;
    const events: SseEvent[] = [];
    let pos = 0;
    let lf = buf.indexOf('\n');
    let cr = buf.indexOf('\r');
    for (;;) {
      if (lf !== -1 && lf < pos) lf = buf.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = buf.indexOf('\r', pos);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A trailing CR may be the first half of CRLF split across chunks: wait for more.
        if (cr === buf.length - 1) break;
        end = cr;
        next = buf[cr + 1] === '\n' ? cr + 2 : cr + 1;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      const event = this.line(buf.slice(pos, end));
      pos = next;
      if (event) events.push(event);
    }
    this.buffer = buf.slice(pos);
    return events;
  }

  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') {
      this.data.push(value);
      this.hasData = true;
    } else if (field === 'id' && !value.includes('\0')) {
      this.id = value;
      this.lastEventId = value;
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    const event = this.hasData ? { event: this.event || 'message', data: this.data.join('\n'), id: this.id } : null;
    this.event = '';
    this.data = [];
    this.hasData = false;
    this.id = null;
    return event;
  }
}
