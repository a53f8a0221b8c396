import { useMemo } from 'react';
import type { Run } from '../api/types';
import { LineChart } from '../charts/LineChart';

/** Rows and duration of each of the last N runs, oldest left (x = run id); the runs table below carries the same numbers. */
export function PipelineRunCharts({ runs }: { runs: Run[] }) {
  const ordered = useMemo(() => [...runs].reverse(), [runs]);
  const x = useMemo(() => ordered.map((r) => r.id), [ordered]);
  const duration = useMemo(() => [{ label: 'duration (s)', values: ordered.map((r) => r.durationSeconds), bars: true }], [ordered]);
  const records = useMemo(() => [{ label: 'records', values: ordered.map((r) => r.records), bars: true }], [ordered]);
  if (ordered.length === 0) return <p className="muted">No runs yet.</p>;
  return (
    <div className="charts">
      <figure className="chart-figure">
        <figcaption>Duration</figcaption>
        <LineChart label="Duration per run, oldest first" xKind="index" x={x} yUnit="s" series={duration} height={160} />
      </figure>
      <figure className="chart-figure">
        <figcaption>Records</figcaption>
        <LineChart label="Records per run, oldest first" xKind="index" x={x} series={records} height={160} />
      </figure>
    </div>
  );
}
