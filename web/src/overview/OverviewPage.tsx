import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../api/ApiContext';
import type { PipelineTrend } from '../api/types';
import { ErrorAlert, Loading } from '../layout/controls';
import { formatCount, formatDuration, formatTime, since } from '../layout/format';
import { usePageTitle } from '../layout/usePageTitle';
import { DayGantt } from './DayGantt';
import { overviewQuery } from './overviewApi';
import { StreamLagTable } from './StreamLagTable';

/** The landing page: is everything fine? Refreshes itself every 10 s. */
export function OverviewPage() {
  usePageTitle('Overview');
  const api = useApi();
  const overview = useQuery({ ...overviewQuery(api), refetchInterval: 10_000 });
  const o = overview.data;
  return (
    <>
      <div className="page-head">
        <h1>Overview</h1>
        {o && <span className="muted small">updated {formatTime(o.generatedAt)}</span>}
      </div>
      <ErrorAlert error={overview.error} />
      {overview.isPending && <Loading what="overview" />}
      {o && (
        <>
          <div className="tiles" aria-label="Summary">
            <Tile label="Running now" value={o.running.length} />
            <Tile label="Failures (24 h)" value={o.failures.length} bad={o.failures.length > 0} />
            <Tile label="Stale streams" value={o.stale.length} bad={o.stale.length > 0} />
            <Tile label="Broken schedules" value={o.broken.length} bad={o.broken.length > 0} />
          </div>

          <section className="card" aria-labelledby="running-title">
            <h2 id="running-title">Running now</h2>
            {o.running.length === 0 ? (
              <p className="muted">Nothing is running.</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">Pipeline</th>
                    <th scope="col">Started</th>
                    <th scope="col" className="num">Records</th>
                    <th scope="col" className="num">Records/s</th>
                  </tr>
                </thead>
                <tbody>
                  {o.running.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link to={`/runs/${r.id}`}>#{r.id}</Link>
                      </td>
                      <th scope="row">{r.pipeline}</th>
                      <td>{since(r.startedAt, Date.parse(o.generatedAt))}</td>
                      <td className="num">{formatCount(r.records)}</td>
                      <td className="num">{r.recordsPerSecond === null ? '—' : formatCount(Math.round(r.recordsPerSecond))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <div className="grid-2">
            <section className="card" aria-labelledby="failures-title">
              <h2 id="failures-title">Failures in the last 24 h</h2>
              {o.failures.length === 0 ? (
                <p className="muted">No failed, dead or stalled runs.</p>
              ) : (
                <ul className="plain-list">
                  {o.failures.map((f) => (
                    <li key={f.id}>
                      <Link to={`/runs/${f.id}`}>#{f.id}</Link> <strong>{f.pipeline}</strong>{' '}
                      <span className={`chip chip-${f.status}`}>{f.status}</span>{' '}
                      <span className="muted small">{since(f.endedAt, Date.parse(o.generatedAt))}</span>
                      {f.error && <div className="small error-text">{f.error}</div>}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card" aria-labelledby="stale-title">
              <h2 id="stale-title">Stale data</h2>
              {o.stale.length === 0 ? (
                <p className="muted">Every stream with a freshness threshold is within it.</p>
              ) : (
                <StreamLagTable lags={o.stale} showPipeline />
              )}
            </section>
          </div>

          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">The last 24 hours</h2>
            <DayGantt runs={o.timeline} now={o.generatedAt} />
          </section>

          <section className="card" aria-labelledby="trends-title">
            <h2 id="trends-title">Pipelines, last 7 days</h2>
            {o.pipelines.length === 0 ? (
              <p className="muted">No scheduled runs in the last 7 days.</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Pipeline</th>
                    <th scope="col" className="num">Runs</th>
                    <th scope="col" className="num">Success</th>
                    <th scope="col">Day by day</th>
                  </tr>
                </thead>
                <tbody>
                  {o.pipelines.map((p) => (
                    <tr key={p.pipeline}>
                      <th scope="row">
                        <Link to={`/pipelines/${encodeURIComponent(p.pipeline)}`}>{p.pipeline}</Link>
                      </th>
                      <td className="num">{formatCount(p.runs)}</td>
                      <td className={`num ${p.successRate !== null && p.successRate < 1 ? 'error-text' : ''}`}>
                        {p.successRate === null ? '—' : `${Math.round(p.successRate * 100)} %`}
                      </td>
                      <td>
                        <TrendCell trend={p} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <div className="grid-2">
            <section className="card" aria-labelledby="next-title">
              <h2 id="next-title">Next fires</h2>
              {o.nextFires.length === 0 ? (
                <p className="muted">No schedule will fire.</p>
              ) : (
                <ul className="plain-list">
                  {o.nextFires.map((f) => (
                    <li key={f.schedule}>
                      <Link to={`/pipelines/${encodeURIComponent(f.schedule)}`}>{f.schedule}</Link>{' '}
                      <span className="muted">{since(f.at, Date.parse(o.generatedAt))}</span> <span className="small muted">({formatTime(f.at)})</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card" aria-labelledby="broken-title">
              <h2 id="broken-title">Broken schedules</h2>
              {o.broken.length === 0 ? (
                <p className="muted">Every schedule compiles.</p>
              ) : (
                <ul className="plain-list">
                  {o.broken.map((b) => (
                    <li key={b.schedule}>
                      <Link to={`/pipelines/${encodeURIComponent(b.schedule)}`}>{b.schedule}</Link>
                      <div className="small error-text">{b.error}</div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
    </>
  );
}

function Tile({ label, value, bad }: { label: string; value: number; bad?: boolean }) {
  return (
    <div className={`tile ${bad ? 'bad' : 'good'}`}>
      <span className="big">{formatCount(value)}</span>
      {label}
    </div>
  );
}

/** The 7 days as squares (green: every run succeeded, red: one failed, grey: no run), then the latest mean duration. */
function TrendCell({ trend }: { trend: PipelineTrend }) {
  const latest = [...trend.days].reverse().find((d) => d.meanDurationSeconds !== null);
  return (
    <span className="days">
      {trend.days.map((d) => (
        <span
          key={d.day}
          className={`day ${d.runs === 0 ? 'none' : d.failed > 0 ? 'bad' : 'ok'}`}
          title={`${d.day}: ${d.runs} runs, ${d.failed} failed, mean ${formatDuration(d.meanDurationSeconds)}`}
          aria-label={`${d.day}: ${d.runs} runs, ${d.failed} failed, mean ${formatDuration(d.meanDurationSeconds)}`}
          role="img"
        />
      ))}
      <span className="muted small">{latest ? `mean ${formatDuration(latest.meanDurationSeconds)}` : ''}</span>
    </span>
  );
}
