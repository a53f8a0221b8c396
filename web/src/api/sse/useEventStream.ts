import { useEffect, useRef, useState } from 'react';
import { useApi } from '../ApiContext';
import { followEventStream, type StreamConnection } from './followEventStream';
import type { SseEvent } from './sseParser';

export interface EventStreamHandlers {
  /** Handles one event; returns true when it was the stream's last (the run ended). */
  onEvent: (event: SseEvent) => boolean;
  onChunk?: () => void;
  onConnection?: (state: StreamConnection) => void;
}

/**
 * Follows an Api event stream (see followEventStream: the session's token, reconnect with
 * backoff, Last-Event-ID resume, end event) for as long as the component shows `path`.
 * The handlers may change on every render; the connection does not.
 */
export function useEventStream(path: string, handlers: EventStreamHandlers): { error: unknown } {
  const { session } = useApi();
  const [error, setError] = useState<unknown>(null);
  const current = useRef(handlers);
  current.current = handlers;

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    void followEventStream((p, init) => session.fetch(p, init), {
      path,
      signal: controller.signal,
      onEvent: (event) => current.current.onEvent(event),
      onChunk: () => current.current.onChunk?.(),
      onConnection: (state) => current.current.onConnection?.(state),
      onError: (e) => {
        if (!controller.signal.aborted) setError(e);
      },
    });
    return () => controller.abort();
  }, [path, session]);

  return { error };
}
