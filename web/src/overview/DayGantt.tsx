import { Link } from 'react-router';
import type { TimelineRun } from '../api/types';
import { formatTime } from '../layout/format';

const day = 24 * 3600 * 1000;

/** The last 24 h of runs as bars per pipeline, to see overlaps and gaps; each bar links to its run. */
export function DayGantt({ runs, now }: { runs: TimelineRun[]; now: string }) {
  const end = Date.parse(now);
  const start = end - day;
  const byPipeline = new Map<string, TimelineRun[]>();
  for (const run of runs) byPipeline.set(run.pipeline, [...(byPipeline.get(run.pipeline) ?? []), run]);
  if (byPipeline.size === 0) return <p className="muted">No runs in the last 24 hours.</p>;
  const pct = (t: number) => `${Math.max(0, Math.min(100, ((t - start) / day) * 100)).toFixed(3)}%`;
  return (
    <div className="gantt" role="list" aria-label="Runs of the last 24 hours by pipeline">
      {[...byPipeline.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([pipeline, list]) => (
          <div className="gantt-row" role="listitem" key={pipeline}>
            <span className="gantt-label" title={pipeline}>
              {pipeline}
            </span>
            <div className="gantt-track">
              {list.map((r) => {
                const from = Date.parse(r.startedAt ?? now);
                const to = r.endedAt ? Date.parse(r.endedAt) : end;
                return (
                  <Link
                    key={r.id}
                    to={`/runs/${r.id}`}
                    className={`gantt-bar ${r.status}`}
                    style={{ left: pct(from), width: `calc(${pct(to)} - ${pct(from)})` }}
                    title={`Run ${r.id} ${r.status}: ${formatTime(r.startedAt)} – ${r.endedAt ? formatTime(r.endedAt) : 'now'}`}
                    aria-label={`Run ${r.id} ${r.status}, started ${formatTime(r.startedAt)}`}
                  />
                );
              })}
            </div>
          </div>
        ))}
      <div className="gantt-row muted small" aria-hidden="true">
        <span />
        <span className="gantt-axis">
          <span>{formatTime(new Date(start).toISOString())}</span>
          <span>now</span>
        </span>
      </div>
    </div>
  );
}
