import { Link } from 'react-router';
import type { StreamLag } from '../api/types';
import { formatTime } from '../layout/format';
import { formatLag } from './formatLag';

/** Streams with their data lag by bookmark and the threshold they are held to; the pipeline column on the overview only. */
export function StreamLagTable({ lags, showPipeline }: { lags: StreamLag[]; showPipeline: boolean }) {
  return (
    <table className="table">
      <thead>
        <tr>
          {showPipeline && <th scope="col">Pipeline</th>}
          <th scope="col">Stream</th>
          <th scope="col">Bookmark</th>
          <th scope="col" className="num">Behind</th>
          <th scope="col" className="num">Allowed</th>
        </tr>
      </thead>
      <tbody>
        {lags.map((l) => (
          <tr key={`${l.schedule}/${l.stream}`}>
            {showPipeline && (
              <td>
                <Link to={`/pipelines/${encodeURIComponent(l.schedule)}`}>{l.schedule}</Link>
              </td>
            )}
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
  );
}
