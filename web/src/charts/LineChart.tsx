import { lazy, Suspense } from 'react';
import type { LineChartProps } from './chartTypes';

const UPlotChart = lazy(() => import('./UPlotChart'));

/** A time-series chart; the chart library is fetched the first time one is shown, never on the first load. */
export function LineChart(props: LineChartProps) {
  return (
    <Suspense fallback={<div className="uchart uchart-loading" style={{ height: props.height ?? 200 }} aria-label={props.label} role="img" />}>
      <UPlotChart {...props} />
    </Suspense>
  );
}
