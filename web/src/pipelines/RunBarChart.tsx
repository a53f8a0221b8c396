import type { Run } from '../api/types';

interface Props {
  title: string;
  runs: Run[];
  value: (run: Run) => number | null;
  format: (value: number) => string;
}

/** Bars over the last N runs, oldest left; the table under it carries the same numbers for screen readers. */
export function RunBarChart({ title, runs, value, format }: Props) {
  const ordered = [...runs].reverse();
  const values = ordered.map((r) => value(r) ?? 0);
  const max = Math.max(1, ...values);
  const width = 600;
  const height = 140;
  const gap = 2;
  const bar = Math.max(2, (width - gap * ordered.length) / Math.max(1, ordered.length));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {ordered.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height + 16}`} preserveAspectRatio="none" role="img" aria-label={`${title}: max ${format(max)}`}>
          {ordered.map((run, i) => {
            const v = values[i]!;
            const h = (v / max) * height;
            return (
              <rect
                key={run.id}
                x={i * (bar + gap)}
                y={height - h}
                width={bar}
                height={Math.max(h, 1)}
                className={`bar bar-${run.status}`}
              >
                <title>{`Run ${run.id} (${run.status}): ${format(v)}`}</title>
              </rect>
            );
          })}
          <text x="0" y={height + 14} className="axis">
            oldest
          </text>
          <text x={width} y={height + 14} textAnchor="end" className="axis">
            newest · max {format(max)}
          </text>
        </svg>
      )}
    </figure>
  );
}
