import { useMemo } from 'react';
import type { RunProgressView } from '../../api/types';
import { LineChart } from '../../charts/LineChart';
import { ErrorAlert } from '../../layout/controls';
import { formatBytes, formatCount } from '../../layout/format';
import { recordsOverTime } from './recordsOverTime';
import { useRunProgress } from './useRunProgress';

/** Live per-stream progress of a run and the charts of its Singer metrics (records over time, HTTP p50/p95 and errors). */
export function RunProgressPanel({ runId }: { runId: number }) {
  const { progress, error } = useRunProgress(runId);
  const running = progress?.status === 'running';
  return (
    <section className="card" aria-labelledby="progress-title">
      <h2 id="progress-title">
        Progress {running && <span className="chip chip-live">live</span>}
      </h2>
      <ErrorAlert error={error} />
      {!progress || progress.streams.length === 0 ? (
        <p className="muted">{running ? 'Waiting for the first records…' : 'No records moved.'}</p>
      ) : (
        <>
          <table className="table" aria-label="Stream progress">
            <thead>
              <tr>
                <th scope="col">Stream</th>
                <th scope="col" className="num">Records</th>
                <th scope="col" className="num">Bytes</th>
                <th scope="col" className="num">Records/s</th>
              </tr>
            </thead>
            <tbody>
              {progress.streams.map((s) => (
                <tr key={s.stream}>
                  <th scope="row">{s.stream}</th>
                  <td className="num">{formatCount(s.records)}</td>
                  <td className="num">{formatBytes(s.bytes)}</td>
                  <td className="num">{s.recordsPerSecond === null ? '—' : formatCount(Math.round(s.recordsPerSecond))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <MetricsCharts progress={progress} />
        </>
      )}
    </section>
  );
}

function MetricsCharts({ progress }: { progress: RunProgressView }) {
  const streams = progress.metrics?.streams ?? {};
  const records = useMemo(() => recordsOverTime(streams), [streams]);
  const http = useMemo(() => Object.entries(streams).filter(([, m]) => m.http !== null), [streams]);
  return (
    <div className="grid-2">
      {records && (
        <figure className="chart-figure">
          <figcaption>Records over time</figcaption>
          <LineChart label="Records over time per stream" xKind="seconds" x={records.x} series={records.series} />
        </figure>
      )}
      {http.length > 0 && (
        <figure className="chart-figure">
          <figcaption>HTTP requests per stream</figcaption>
          <LineChart
            label="HTTP request duration p50 and p95 and failed requests per stream"
            xKind="index"
            x={http.map((_, i) => i + 1)}
            yUnit="s"
            rightUnit="errors"
            series={[
              { label: 'p50 (s)', values: http.map(([, m]) => m.http!.p50), bars: true },
              { label: 'p95 (s)', values: http.map(([, m]) => m.http!.p95), bars: true },
              { label: 'errors', values: http.map(([, m]) => m.http!.errors), rightAxis: true },
            ]}
          />
          <table className="table small" aria-label="HTTP requests">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Stream</th>
                <th scope="col" className="num">Requests</th>
                <th scope="col" className="num">p50</th>
                <th scope="col" className="num">p95</th>
                <th scope="col" className="num">Errors</th>
              </tr>
            </thead>
            <tbody>
              {http.map(([stream, m], i) => (
                <tr key={stream}>
                  <td>{i + 1}</td>
                  <th scope="row">{stream || '(no stream)'}</th>
                  <td className="num">{formatCount(m.http!.requests)}</td>
                  <td className="num">{seconds(m.http!.p50)}</td>
                  <td className="num">{seconds(m.http!.p95)}</td>
                  <td className={`num ${m.http!.errors ? 'error-text' : ''}`}>{formatCount(m.http!.errors)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      )}
    </div>
  );
}

function seconds(v: number | null): string {
  return v === null ? '—' : v < 1 ? `${Math.round(v * 1000)} ms` : `${v.toFixed(2)} s`;
}
