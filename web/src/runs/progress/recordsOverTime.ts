import type { StreamMetrics } from '../../api/types';
import type { ChartSeries } from '../../charts/chartTypes';

/** Every stream's [seconds, records] samples on one x axis (each stream carried forward between its own samples). */
export function recordsOverTime(streams: Record<string, StreamMetrics>): { x: number[]; series: ChartSeries[] } | null {
  const named = Object.entries(streams).filter(([name, m]) => name !== '' && m.series && m.series.length > 0);
  if (named.length === 0) return null;
  const x = [...new Set(named.flatMap(([, m]) => m.series!.map((p) => p[0])))].sort((a, b) => a - b);
  const series = named.map(([name, m]) => {
    const points = m.series ?? [];
    let i = 0;
    let last: number | null = null;
    const values = x.map((t) => {
      for (let p = points[i]; p && p[0] <= t; p = points[++i]) last = p[1];
      return last;
    });
    return { label: name, values };
  });
  return { x, series };
}
