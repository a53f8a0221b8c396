import { Link } from 'react-router';
import type { Run } from '../api/types';
import { formatCount, formatDuration, formatTime } from '../layout/format';
import { StatusChip } from './StatusChip';

export function RunsTable({ runs }: { runs: Run[] }) {
  if (runs.length === 0) return <p className="muted">No runs match.</p>;
  return (
    <table className="table responsive">
      <caption className="sr-only">Runs, newest first</caption>
      <thead>
        <tr>
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
