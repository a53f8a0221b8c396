import { describe, expect, it } from 'vitest';
import type { StreamMetrics } from '../../api/types';
import { recordsOverTime } from './recordsOverTime';

const stream = (series: [number, number][] | null): StreamMetrics => ({ counters: {}, timers: {}, http: null, series });

describe('recordsOverTime', () => {
  it('puts every stream on one x axis, carrying each forward between its own samples', () => {
    const chart = recordsOverTime({ orders: stream([[0, 0], [3, 100], [6, 250]]), users: stream([[3, 10], [9, 40]]) });
    expect(chart?.x).toEqual([0, 3, 6, 9]);
    expect(chart?.series).toEqual([
      { label: 'orders', values: [0, 100, 250, 250] },
      { label: 'users', values: [null, 10, 10, 40] },
    ]);
  });

  it('has nothing to draw without a named stream that has samples', () => {
    expect(recordsOverTime({ '': stream([[0, 1]]), orders: stream(null) })).toBeNull();
  });
});
