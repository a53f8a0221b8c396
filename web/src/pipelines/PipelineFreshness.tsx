import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext';
import type { StreamLag } from '../api/types';
import { ErrorAlert } from '../layout/controls';
import { formatTime } from '../layout/format';
import { formatLag } from '../overview/formatLag';

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
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Stream</th>
              <th scope="col">Bookmark</th>
              <th scope="col" className="num">Behind</th>
              <th scope="col" className="num">Allowed</th>
            </tr>
          </thead>
          <tbody>
            {lags.data.map((l) => (
              <tr key={l.stream}>
                <th scope="row">
                  {l.stream} {l.breached && <span className="chip chip-stale">stale</span>}
                </th>
                <td>{formatTime(l.bookmark)}</td>
                <td className={`num ${l.breached ? 'error-text' : ''}`}>{formatLag(l.lagSeconds)}</td>
                <td className="num">{l.thresholdSeconds === null ? '—' : formatLag(l.thresholdSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
