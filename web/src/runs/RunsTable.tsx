import { Link } from 'react-router';
import type { Run } from '../api/types';
import { formatCount, formatDuration, formatTime } from '../layout/format';
import { isActive, StatusChip } from './StatusChip';

/** With `selected` and `onToggle`, queued and running runs get a checkbox (the runs page cancels them together). */
export function RunsTable({ runs, selected, onToggle }: { runs: Run[]; selected?: ReadonlySet<number>; onToggle?: (id: number) => void }) {
  const selectable = selected !== undefined && onToggle !== undefined;
  if (runs.length === 0) return <p className="muted">No runs match.</p>;
  return (
    <table className="table responsive">
      <caption className="sr-only">Runs, newest first</caption>
      <thead>
        <tr>
          {selectable && (
            <th scope="col">
              <span className="sr-only">Select</span>
            </th>
          )}
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col">Pipeline</th>
          <th scope="col">Trigger</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">Records</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            {selectable && (
              <td data-label="Select">
                {isActive(run.status) && (
                  <input
                    type="checkbox"
                    aria-label={`Select run ${run.id}`}
                    checked={selected.has(run.id)}
                    onChange={() => onToggle(run.id)}
                  />
                )}
              </td>
            )}
            <th scope="row" data-label="Run">
              <Link to={`/runs/${run.id}`} aria-label={`Run ${run.id}`}>
                #{run.id}
              </Link>
            </th>
            <td data-label="Status">
              <StatusChip status={run.status} />
            </td>
            <td data-label="Pipeline">
              {run.scheduleName ?? run.jobName ?? run.stateId}
              <br />
              <span className="muted small">{run.block}</span>
            </td>
            <td data-label="Trigger">
              {run.trigger}
              {run.requestedBy && <span className="muted"> by {run.requestedBy}</span>}
            </td>
            <td data-label="Started">
              <time dateTime={run.startedAt ?? run.queuedAt}>{formatTime(run.startedAt ?? run.queuedAt)}</time>
            </td>
            <td data-label="Duration">{formatDuration(run.durationSeconds)}</td>
            <td data-label="Records">{formatCount(run.records)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
