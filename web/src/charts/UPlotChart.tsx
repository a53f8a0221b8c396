import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { palette, type LineChartProps } from './chartTypes';

/** uPlot behind the LineChart props; loaded on demand (see LineChart) so the first page stays small. */
export default function UPlotChart({ label, x, xKind, series, yUnit, rightUnit, height = 200, legend = true }: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axisColor = getComputedStyle(el).color || '#888';
    // side is set only for the right axis: an explicit undefined would override uPlot's default (left).
    const axis = (unit?: string, side?: number): uPlot.Axis => ({
      stroke: axisColor,
      grid: { stroke: 'rgba(128,128,128,0.2)' },
      ticks: { stroke: 'rgba(128,128,128,0.3)' },
      ...(side === undefined ? {} : { side }),
      scale: side === 1 ? 'right' : 'y',
      values: (_u, splits) => splits.map((v) => (v == null ? '' : `${formatTick(v)}${unit ? ` ${unit}` : ''}`)),
      size: 70,
    });
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      scales: { x: { time: xKind === 'time' }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
      axes: [
        {
          stroke: axisColor,
          grid: { stroke: 'rgba(128,128,128,0.2)' },
          values: xKind === 'seconds' ? (_u, splits) => splits.map((v) => `${+v.toFixed(1)} s`) : xKind === 'index' ? (_u, splits) => splits.map((v) => (Number.isInteger(v) ? `#${v}` : '')) : undefined,
        },
        axis(yUnit),
        ...(series.some((s) => s.rightAxis) ? [axis(rightUnit, 1)] : []),
      ],
      legend: { show: legend },
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: palette[i % palette.length],
          fill: s.bars ? `${palette[i % palette.length]}88` : undefined,
          width: 2,
          scale: s.rightAxis ? 'right' : 'y',
          paths: s.bars ? uPlot.paths.bars?.({ size: [0.6, 40] }) : undefined,
          points: { show: x.length < 40 },
        })),
      ],
    };
    const plot = new uPlot(opts, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, xKind, series, yUnit, rightUnit, height, legend]);

  return <div ref={box} className="uchart" role="img" aria-label={label} />;
}

function formatTick(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(abs < 1 ? 3 : 1)}`;
}
