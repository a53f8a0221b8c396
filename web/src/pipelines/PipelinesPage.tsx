import { Link, useNavigate } from 'react-router';
import { useIdentity } from '../identity/IdentityContext';
import { ActionButton, ErrorAlert, Loading } from '../layout/controls';
import { formatCount, formatDuration, formatTime, since } from '../layout/format';
import { usePageTitle } from '../layout/usePageTitle';
import { StatusChip } from '../runs/StatusChip';
import { whatRuns } from './describe';
import { fireOutcome } from './fireOutcome';
import { ScheduleActions } from './ScheduleActions';
import { useSchedules } from './schedulesApi';
import { Sparkline } from './Sparkline';

export function PipelinesPage() {
  usePageTitle('Pipelines');
  const { can } = useIdentity();
  const navigate = useNavigate();
  const schedules = useSchedules();

  return (
    <>
      <div className="page-head">
        <h1>Pipelines</h1>
        <ActionButton variant="primary" blockedBy={can.editProject} onClick={() => void navigate('/pipelines/new')}>
          New schedule
        </ActionButton>
      </div>
      <ErrorAlert error={schedules.error} />
      {schedules.isPending && <Loading what="schedules" />}
      {schedules.data?.length === 0 && (
        <p>
          No schedules in meltano.yml yet. Add one here or with <code>tapline schedule add</code>.
        </p>
      )}
      {schedules.data && schedules.data.length > 0 && (
        <table className="table responsive">
          <caption className="sr-only">Schedules and jobs from meltano.yml</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Runs</th>
              <th scope="col">Interval</th>
              <th scope="col">Next run</th>
              <th scope="col">Last run</th>
              <th scope="col">Recent durations</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {schedules.data.map((s) => (
              <tr key={s.name} className={s.enabled ? '' : 'disabled-row'}>
                <th scope="row" data-label="Name">
                  <Link to={`/pipelines/${encodeURIComponent(s.name)}`}>{s.name}</Link>
                  {!s.enabled && <span className="badge">disabled</span>}
                  {s.error && (
                    <p className="error-text" role="note">
                      {s.error}
                    </p>
                  )}
                </th>
                <td data-label="Runs">{whatRuns(s)}</td>
                <td data-label="Interval">
                  {s.intervalText ?? s.interval}
                  <br />
                  <code className="muted">{s.cron ?? s.interval}</code>
                  {s.timezone !== 'UTC' && <span className="muted"> ({s.timezone})</span>}
                </td>
                <td data-label="Next run">
                  {s.nextFireAt ? (
                    <time dateTime={s.nextFireAt} title={formatTime(s.nextFireAt)}>
                      {since(s.nextFireAt)}
                    </time>
                  ) : (
                    <span className="muted">—</span>
                  )}
                  {s.scheduler?.lastFireAt && (
                    <>
                      <br />
                      <span className="muted">
                        last fired{' '}
                        <time dateTime={s.scheduler.lastFireAt} title={formatTime(s.scheduler.lastFireAt)}>
                          {since(s.scheduler.lastFireAt)}
                        </time>{' '}
                        ({fireOutcome(s.scheduler.lastOutcome)})
                      </span>
                    </>
                  )}
                </td>
                <td data-label="Last run">
                  {s.lastRun ? (
                    <Link to={`/runs/${s.lastRun.id}`} className="last-run">
                      <StatusChip status={s.lastRun.status} />{' '}
                      <time dateTime={s.lastRun.startedAt ?? undefined} title={formatTime(s.lastRun.startedAt)}>
                        {since(s.lastRun.startedAt)}
                      </time>
                      <span className="muted">
                        {' '}
                        · {formatDuration(s.lastRun.durationSeconds)} · {formatCount(s.lastRun.records)} records
                      </span>
                    </Link>
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
                <td data-label="Durations">
                  <Sparkline runs={s.recent} />
                </td>
                <td data-label="Actions">
                  <ScheduleActions schedule={s} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
