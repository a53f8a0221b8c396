import type { Run } from '../api/types';
import { formatDuration, formatTime } from '../layout/format';

const seconds = (from: string | null, to: string | null): number | null =>
  from && to ? Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000) : null;

/** Queued → started → ended, with the wait and the work drawn to scale. */
export function Timeline({ run }: { run: Run }) {
  const waited = seconds(run.queuedAt, run.startedAt);
  const worked = run.durationSeconds ?? seconds(run.startedAt, run.endedAt);
  const total = (waited ?? 0) + (worked ?? 0) || 1;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol className="timeline">
        <li>
          <strong>Queued</strong> <time dateTime={run.queuedAt}>{formatTime(run.queuedAt)}</time>
        </li>
        <li>
          <strong>Started</strong>{' '}
          {run.startedAt ? <time dateTime={run.startedAt}>{formatTime(run.startedAt)}</time> : <span className="muted">not yet</span>}
          {waited !== null && <span className="muted"> · waited {formatDuration(waited)}</span>}
        </li>
        <li>
          <strong>Ended</strong>{' '}
          {run.endedAt ? <time dateTime={run.endedAt}>{formatTime(run.endedAt)}</time> : <span className="muted">not yet</span>}
          {worked !== null && <span className="muted"> · ran {formatDuration(worked)}</span>}
        </li>
      </ol>
      <div className="timeline-bar" aria-hidden="true">
        <span className="tl-wait" style={{ width: `${((waited ?? 0) / total) * 100}%` }} />
        <span className={`tl-run bar-${run.status}`} style={{ width: `${((worked ?? 0) / total) * 100}%` }} />
      </div>
    </section>
  );
}
