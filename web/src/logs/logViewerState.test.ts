import { describe, expect, it } from 'vitest';
import { initialLogViewerState, logViewerReducer, maxKeptLines, type LogViewerAction, type LogViewerState } from './logViewerState';

const run = (...actions: LogViewerAction[]): LogViewerState => actions.reduce(logViewerReducer, initialLogViewerState);
const lines = (from: number, count: number): LogViewerAction => ({
  type: 'lines',
  lines: Array.from({ length: count }, (_, i) => ({ n: from + i, raw: `2026-11-24T22:00:00Z tap-csv | line ${from + i}` })),
});

describe('log viewer follow and pause', () => {
  it('follows new lines by default and counts none as unseen', () => {
    const state = run(lines(1, 3));
    expect(state.following).toBe(true);
    expect(state.unseen).toBe(0);
    expect(state.lines.map((l) => l.n)).toEqual([1, 2, 3]);
  });

  it('counts lines that arrive while paused and keeps them', () => {
    const state = run(lines(1, 2), { type: 'pause' }, lines(3, 5));
    expect(state.following).toBe(false);
    expect(state.unseen).toBe(5);
    expect(state.lines).toHaveLength(7);
  });

  it('clears the unseen count when following again', () => {
    const state = run(lines(1, 2), { type: 'pause' }, lines(3, 5), { type: 'follow' });
    expect(state.following).toBe(true);
    expect(state.unseen).toBe(0);
  });

  it('pauses when the reader scrolls up and follows again at the bottom', () => {
    const up = run(lines(1, 2), { type: 'scrolled', atBottom: false }, lines(3, 1));
    expect(up.following).toBe(false);
    expect(up.unseen).toBe(1);
    const down = logViewerReducer(up, { type: 'scrolled', atBottom: true });
    expect(down.following).toBe(true);
    expect(down.unseen).toBe(0);
  });

  it('ignores lines replayed after a reconnect', () => {
    const state = run(lines(1, 3), lines(2, 4));
    expect(state.lines.map((l) => l.n)).toEqual([1, 2, 3, 4, 5]);
  });

  it('records the final status and closes on the end event', () => {
    const state = run(lines(1, 1), { type: 'ended', status: 'success' });
    expect(state.ended).toBe('success');
    expect(state.connection).toBe('closed');
  });

  it('parses the plugin of each line as it arrives and lists each plugin once', () => {
    const state = run(lines(1, 3), { type: 'lines', lines: [{ n: 4, raw: '2026-11-24T22:00:00Z target-jsonl | wrote' }] });
    expect(state.lines[0]!.plugin).toBe('tap-csv');
    expect(state.plugins).toEqual(['tap-csv', 'target-jsonl']);
  });

  it('lets the oldest lines go past the limit and counts them', () => {
    const state = run(lines(1, maxKeptLines), lines(maxKeptLines + 1, 10));
    expect(state.lines).toHaveLength(maxKeptLines);
    expect(state.lines[0]!.n).toBe(11);
    expect(state.dropped).toBe(10);
  });
});
