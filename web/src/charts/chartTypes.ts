export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** Drawn as bars instead of a line. */
  bars?: boolean;
  /** Plotted on the right axis (e.g. errors beside durations). */
  rightAxis?: boolean;
}

export interface LineChartProps {
  /** Read by screen readers; the numbers are also in the table beside each chart. */
  label: string;
  x: number[];
  /** 'time': x are unix seconds; 'seconds': x are seconds since a start; 'index': x are ordinals (run numbers). */
  xKind: 'time' | 'seconds' | 'index';
  series: ChartSeries[];
  yUnit?: string;
  rightUnit?: string;
  height?: number;
  /** The legend under the chart; off for sparkline-sized charts whose numbers are elsewhere. */
  legend?: boolean;
}

/** Distinct in light and dark themes. */
export const palette = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16'];
