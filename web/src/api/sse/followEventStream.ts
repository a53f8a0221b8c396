import { ApiError } from '../ApiError';
import { SseParser, type SseEvent } from './sseParser';

/** What the user is told about the connection: receiving, waiting to retry, or given up for good. */
export type StreamConnection = 'live' | 'reconnecting' | 'closed';

/** How a follow ended: the stream's own end event, a refusal that retrying cannot change, or the caller left. */
export type FollowOutcome = 'ended' | 'closed' | 'aborted';

export type StreamFetch = (path: string, init: RequestInit) => Promise<Response>;

export interface FollowOptions {
  /** Api path of the text/event-stream, e.g. `/runs/7/log/stream`. */
  path: string;
  signal: AbortSignal;
  /** Handles one event; returns true when it was the last one (the run ended) and the stream is done. */
  onEvent: (event: SseEvent) => boolean;
  /** After the events of one network chunk: lets a caller hand a batch to React at once. */
  onChunk?: () => void;
  onConnection?: (state: StreamConnection) => void;
  /** The latest failure, or null once a connection succeeds. */
  onError?: (error: unknown) => void;
  /** Waits between attempts; replaceable so tests need not wait for real. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const maxBackoffMs = 10_000;

/** Wait before the attempt-th reconnect in a row: 1 s, 2 s, 4 s, 8 s, then 10 s. */
export function backoffMs(attempt: number): number {
  return Math.min(maxBackoffMs, 500 * 2 ** Math.min(attempt, 5));
}

function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * Follows one of the Api's Server-Sent Events streams until its end event. It reads with
 * fetch rather than EventSource so the bearer token travels in a header (not in URLs and
 * access logs) and an expired token is refreshed like any other call. After a drop it
 * reconnects with backoff and sends `Last-Event-ID` (the last `id:` seen), so a stream whose
 * events carry ids (log lines) resumes where it stopped, with no event lost or doubled.
 * A 4xx (a missing run, a refused user) will not change by retrying: that closes it.
 */
export async function followEventStream(fetch: StreamFetch, options: FollowOptions): Promise<FollowOutcome> {
  const { signal } = options;
  const sleep = options.sleep ?? sleepUnlessAborted;
  let lastEventId: string | null = null;
  let attempt = 0;

  const connect = async (): Promise<'ended' | 'dropped' | 'closed'> => {
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId;
    const response = await fetch(options.path, { headers, signal });
    if (!response.ok || !response.body) {
      options.onError?.(await ApiError.from(response));
      return response.status >= 400 && response.status < 500 ? 'closed' : 'dropped';
    }
    options.onError?.(null);
    options.onConnection?.('live');
    attempt = 0;
    const parser = new SseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'dropped';
      for (const event of parser.push(value)) {
        if (event.id !== null) lastEventId = event.id;
        if (options.onEvent(event)) {
          options.onChunk?.();
          await reader.cancel();
          return 'ended';
        }
      }
      options.onChunk?.();
    }
  };

  while (!signal.aborted) {
    let outcome: 'ended' | 'dropped' | 'closed';
    try {
      outcome = await connect();
    } catch (e) {
      if (signal.aborted) break;
      options.onError?.(e);
      outcome = 'dropped';
    }
    if (signal.aborted) break;
    if (outcome === 'ended') return 'ended';
    if (outcome === 'closed') {
      options.onConnection?.('closed');
      return 'closed';
    }
    options.onConnection?.('reconnecting');
    attempt += 1;
    await sleep(backoffMs(attempt), signal);
  }
  return 'aborted';
}
