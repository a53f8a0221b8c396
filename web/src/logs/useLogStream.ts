import { useEffect, useRef, type Dispatch } from 'react';
import { useEventStream } from '../api/sse/useEventStream';
import type { LogViewerAction } from './logViewerState';

const flushMs = 150;

type Line = { n: number; raw: string };

/**
 * Lines are handed to React at most every flushMs: a fast stream then costs a few renders a
 * second instead of one per network chunk.
 */
class LineBatcher {
  private pending: Line[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  last = 0;

  constructor(private readonly dispatch: Dispatch<LogViewerAction>) {}

  add(id: string | null, raw: string) {
    const n = id !== null ? Number(id) : this.last + 1;
    this.last = Number.isFinite(n) ? n : this.last + 1;
    this.pending.push({ n: this.last, raw });
    this.timer ??= setTimeout(this.flush, flushMs);
  }

  flush = () => {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.length || this.disposed) return;
    this.dispatch({ type: 'lines', lines: this.pending });
    this.pending = [];
  };

  dispose() {
    this.disposed = true;
    if (this.timer !== null) clearTimeout(this.timer);
  }
}

/**
 * Follows `GET /runs/{id}/log/stream` until its `end` event; each line's `id` is its line
 * number, so a reconnect resumes after the last line shown (no line lost or doubled).
 */
export function useLogStream(runId: number, dispatch: Dispatch<LogViewerAction>, onEnd: (status: string) => void): { error: unknown } {
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;
  const batcher = useRef<LineBatcher | null>(null);

  // Declared before the stream's effect, so a new run starts from an empty viewer.
  useEffect(() => {
    const lines = new LineBatcher(dispatch);
    batcher.current = lines;
    dispatch({ type: 'reset' });
    return () => lines.dispose();
  }, [runId, dispatch]);

  return useEventStream(`/runs/${runId}/log/stream`, {
    onConnection: (state) => dispatch({ type: 'connection', state }),
    onEvent: (event) => {
      if (event.event === 'end') {
        batcher.current?.flush();
        dispatch({ type: 'ended', status: event.data });
        onEndRef.current(event.data);
        return true;
      }
      if (event.event === 'message') batcher.current?.add(event.id, event.data);
      return false;
    },
  });
}
