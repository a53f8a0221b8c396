import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../api/ApiContext';
import type { Page, Run } from '../api/types';
import { ErrorAlert, Loading } from '../layout/controls';
import { formatTime } from '../layout/format';
import { usePageTitle } from '../layout/usePageTitle';
import { RunsTable } from '../runs/RunsTable';
import { isActive } from '../runs/StatusChip';
import { whatRuns } from './describe';
import { fireOutcome } from './fireOutcome';
import { PipelineFreshness } from './PipelineFreshness';
import { PipelineRunCharts } from './PipelineRunCharts';
import { ScheduleActions } from './ScheduleActions';
import { useSchedule } from './schedulesApi';

const windowSizes = [10, 30, 100] as const;

/** One pipeline: what it runs, when, and duration and records over its last N runs. */
export function PipelinePage() {
  const name = useParams().name ?? '';
  usePageTitle(name);
  const api = useApi();
  const navigate = useNavigate();
  const sizeId = useId();
  const [size, setSize] = useState<number>(30);
  const schedule = useSchedule(name);
  const runs = useQuery({
    queryKey: ['runs', { schedule: name, pageSize: size }],
    queryFn: () => api.get<Page<Run>>(`/runs?schedule=${encodeURIComponent(name)}&page=1&pageSize=${size}`),
    refetchInterval: (query) => (query.state.data?.items.some((r) => isActive(r.status)) ? 3_000 : 30_000),
  });

  return (
    <>
      <p className="crumbs">
        <Link to="/pipelines">← All pipelines</Link>
      </p>
      <h1>{name}</h1>
      <ErrorAlert error={schedule.error} />
      {schedule.isPending && <Loading what="schedule" />}
      {schedule.data && (
        <section aria-label="Schedule" className="card">
          <dl className="facts">
            <dt>Runs</dt>
            <dd>{whatRuns(schedule.data)}</dd>
            <dt>Interval</dt>
            <dd>
              {schedule.data.intervalText ?? schedule.data.interval} (<code>{schedule.data.cron ?? schedule.data.interval}</code>)
            </dd>
            <dt>Time zone</dt>
            <dd>{schedule.data.timezone}</dd>
            {schedule.data.startDate && (
              <>
                <dt>Starts</dt>
                <dd>{schedule.data.startDate}</dd>
              </>
            )}
            <dt>Enabled</dt>
            <dd>{schedule.data.enabled ? 'yes' : 'no'}</dd>
            <dt>Next run</dt>
            <dd>{formatTime(schedule.data.nextFireAt)}</dd>
            <dt>Last fire</dt>
            <dd>
              {schedule.data.scheduler?.lastFireAt
                ? `${formatTime(schedule.data.scheduler.lastFireAt)} (${fireOutcome(schedule.data.scheduler.lastOutcome)})`
                : schedule.data.scheduler
                  ? 'not yet'
                  : 'no Scheduler has seen this schedule yet'}
            </dd>
          </dl>
          {schedule.data.error && <ErrorAlert error={new Error(schedule.data.error)} />}
          <ScheduleActions schedule={schedule.data} onDeleted={() => void navigate('/pipelines')} />
        </section>
      )}

      {schedule.data?.kind === 'elt' && <PipelineFreshness schedule={name} />}

      <section aria-labelledby="charts-title">
        <div className="page-head">
          <h2 id="charts-title">Last {size} runs</h2>
          <label htmlFor={sizeId}>
            Runs shown{' '}
            <select id={sizeId} value={size} onChange={(e) => setSize(Number(e.target.value))}>
              {windowSizes.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorAlert error={runs.error} />
        {runs.data && (
          <>
            <PipelineRunCharts runs={runs.data.items} />
            <RunsTable runs={runs.data.items} />
          </>
        )}
      </section>
    </>
  );
}
