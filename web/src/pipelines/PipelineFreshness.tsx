import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext';
import type { StreamLag } from '../api/types';
import { ErrorAlert } from '../layout/controls';
import { StreamLagTable } from '../overview/StreamLagTable';

/** How far behind now each stream's data is, by its bookmark, against the schedule's freshness thresholds. */
export function PipelineFreshness({ schedule }: { schedule: string }) {
  const api = useApi();
  const lags = useQuery({
    queryKey: ['freshness', schedule],
    queryFn: () => api.get<StreamLag[]>(`/freshness?schedule=${encodeURIComponent(schedule)}`),
    refetchInterval: 60_000,
  });
  return (
    <section className="card" aria-labelledby="freshness-title">
      <h2 id="freshness-title">Data freshness</h2>
      <ErrorAlert error={lags.error} />
      {lags.data && lags.data.length === 0 && <p className="muted">No stream of this pipeline has a timestamp bookmark yet.</p>}
      {lags.data && lags.data.length > 0 && (
        <StreamLagTable lags={lags.data} showPipeline={false} />
      )}
    </section>
  );
}
