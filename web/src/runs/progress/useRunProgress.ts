import { useState } from 'react';
import type { RunProgressView } from '../../api/types';
import { useEventStream } from '../../api/sse/useEventStream';

/**
 * Follows `GET /runs/{id}/progress/stream`: the latest per-stream totals, records/s and
 * Singer metrics of a run, until its `end` event (which carries the final figures).
 */
export function useRunProgress(runId: number): { progress: RunProgressView | null; error: unknown } {
  const [progress, setProgress] = useState<RunProgressView | null>(null);
  const { error } = useEventStream(`/runs/${runId}/progress/stream`, {
    onEvent: (event) => {
      if (event.event !== 'progress' && event.event !== 'end') return false;
      setProgress(JSON.parse(event.data) as RunProgressView);
      return event.event === 'end';
    },
  });
  return { progress, error };
}
