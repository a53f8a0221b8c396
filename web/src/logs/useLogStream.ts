import { useEffect, useRef, useState, type Dispatch } from 'react';
import { useApi } from '../api/ApiContext';
import { ApiError } from '../api/ApiError';
import type { LogViewerAction } from './logViewerState';
import { SseParser } from './sseParser';

const maxBackoffMs = 10_000;
const flushMs = 150;

/**
 * Follows `GET /runs/{id}/log/stream` until its `end` event. It reads the stream with fetch
 * rather than EventSource so the bearer token travels in a header (not in URLs and access
 * logs) and an expired token is refreshed like any other call; after a drop it resumes with
 * `?from=<last line>` so no line is lost or doubled.
 */
export function useLogStream(runId: number, dispatch: Dispatch<LogViewerAction>, onEnd: (status: string) => void): { error: unknown } {
  const { session } = useApi();
  const [error, setError] = useState<unknown>(null);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;

  useEffect(() => {
    const controller = new AbortController();
    let lastLine = 0;
    // Lines are handed to React at most every flushMs: a fast stream then costs a few
    // renders a second instead of one per network chunk.
    let pending: { n: number; raw: string }[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (!pending.length || controller.signal.aborted) return;
      dispatch({ type: 'lines', lines: pending });
      pending = [];
    };
    const enqueue = (lines: { n: number; raw: string }[]) => {
      for (const line of lines) pending.push(line);
      timer ??= setTimeout(flush, flushMs);
    };
    let attempt = 0;
    dispatch({ type: 'reset' });
    setError(null);

    const connect = async (): Promise<'ended' | 'dropped' | 'fatal'> => {
      const from = lastLine > 0 ? `?from=${lastLine}` : '';
      const response = await session.fetch(`/runs/${runId}/log/stream${from}`, {
        headers: { Accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        setError(await ApiError.from(response));
        // A missing run or a refused user will not change by retrying.
        return response.status >= 400 && response.status < 500 ? 'fatal' : 'dropped';
      }
      dispatch({ type: 'connection', state: 'live' });
      setError(null);
      attempt = 0;
      const parser = new SseParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return 'dropped';
        const batch: { n: number; raw: string }[] = [];
        for (const event of parser.push(value)) {
          if (event.event === 'end') {
            enqueue(batch);
            flush();
            dispatch({ type: 'ended', status: event.data });
            onEndRef.current(event.data);
            await reader.cancel();
            return 'ended';
          }
          if (event.event !== 'message') continue;
          const n = event.id !== null ? Number(event.id) : lastLine + 1;
          lastLine = Number.isFinite(n) ? n : lastLine + 1;
          batch.push({ n: lastLine, raw: event.data });
        }
        if (batch.length) enqueue(batch);
      }
    };

    const run = async () => {
      while (!controller.signal.aborted) {
        let outcome: 'ended' | 'dropped' | 'fatal';
        try {
          outcome = await connect();
        } catch (e) {
          if (controller.signal.aborted) return;
          setError(e);
          outcome = 'dropped';
        }
        if (outcome !== 'dropped') {
          if (outcome === 'fatal') dispatch({ type: 'connection', state: 'closed' });
          return;
        }
        dispatch({ type: 'connection', state: 'reconnecting' });
        attempt += 1;
        const delay = Math.min(maxBackoffMs, 500 * 2 ** Math.min(attempt, 5));
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    };
    void run();
    return () => {
      controller.abort();
      if (timer !== null) clearTimeout(timer);
    };
  }, [runId, session, dispatch]);

  return { error };
}
