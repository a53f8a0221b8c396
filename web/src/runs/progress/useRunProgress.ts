import { useEffect, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { ApiError } from '../../api/ApiError';
import type { RunProgressView } from '../../api/types';
import { SseParser } from '../../logs/sseParser';

/**
 * Follows `GET /runs/{id}/progress/stream`: the latest per-stream totals, records/s and Singer
 * metrics of a run, until its `end` event (fetch, not EventSource, so the bearer token stays in a header).
 */
export function useRunProgress(runId: number): { progress: RunProgressView | null; error: unknown } {
  const { session } = useApi();
  const [progress, setProgress] = useState<RunProgressView | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    const connect = async (): Promise<'ended' | 'dropped' | 'fatal'> => {
      const response = await session.fetch(`/runs/${runId}/progress/stream`, {
        headers: { Accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        setError(await ApiError.from(response));
        return response.status >= 400 && response.status < 500 ? 'fatal' : 'dropped';
      }
      setError(null);
      const parser = new SseParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return 'dropped';
        for (const event of parser.push(value)) {
          if (event.event !== 'progress' && event.event !== 'end') continue;
          setProgress(JSON.parse(event.data) as RunProgressView);
          if (event.event === 'end') {
            await reader.cancel();
            return 'ended';
          }
        }
      }
    };
    const run = async () => {
      for (let attempt = 1; !controller.signal.aborted; attempt++) {
        let outcome: 'ended' | 'dropped' | 'fatal';
        try {
          outcome = await connect();
        } catch (e) {
          if (controller.signal.aborted) return;
          setError(e);
          outcome = 'dropped';
        }
        if (outcome !== 'dropped') return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** Math.min(attempt, 5))));
      }
    };
    void run();
    return () => controller.abort();
  }, [runId, session]);

  return { progress, error };
}
