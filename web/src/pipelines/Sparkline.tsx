import type { RunSummary } from '../api/types';
import { formatDuration } from '../layout/format';

/** Durations of recent runs, oldest to newest, as a small line; failed runs are marked. */
export function Sparkline({ runs, width = 120, height = 28 }: { runs: RunSummary[]; width?: number; height?: number }) {
  const points = [...runs].reverse().filter((r) => r.durationSeconds !== null);
  if (points.length < 2) return <span className="muted">{points.length ? formatDuration(points[0]!.durationSeconds) : 'no runs yet'}</span>;
  const max = Math.max(...points.map((r) => r.durationSeconds ?? 0)) || 1;
  const step = (width - 4) / (points.length - 1);
  const xy = points.map((r, i) => [2 + i * step, height - 2 - ((r.durationSeconds ?? 0) / max) * (height - 4)] as const);
  const label = `Recent durations, oldest first: ${points.map((r) => formatDuration(r.durationSeconds)).join(', ')}`;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      <polyline fill="none" stroke="currentColor" strokeWidth="1.5" points={xy.map(([x, y]) => `${x},${y}`).join(' ')} />
      {xy.map(([x, y], i) =>
        points[i]!.status === 'success' ? null : <circle key={points[i]!.id} cx={x} cy={y} r="2.5" className="spark-bad" />,
      )}
    </svg>
  );
}
