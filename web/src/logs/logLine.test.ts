import { describe, expect, it } from 'vitest';
import { filterLines, highlight, parseLogLine, pluginsIn } from './logLine';

describe('parseLogLine', () => {
  it('takes the plugin name from between the timestamp and " | "', () => {
    const line = parseLogLine(7, '2026-11-24T22:00:01.123Z tap-csv | INFO Starting sync of users');
    expect(line).toEqual({
      n: 7,
      raw: '2026-11-24T22:00:01.123Z tap-csv | INFO Starting sync of users',
      timestamp: '2026-11-24T22:00:01.123Z',
      plugin: 'tap-csv',
      text: 'INFO Starting sync of users',
    });
  });

  it('keeps a later " | " inside the text', () => {
    const line = parseLogLine(1, '2026-11-24T22:00:01Z target-jsonl | a | b');
    expect(line.plugin).toBe('target-jsonl');
    expect(line.text).toBe('a | b');
  });

  it('leaves lines that are not plugin output without a plugin', () => {
    expect(parseLogLine(1, 'Traceback (most recent call last):').plugin).toBeNull();
    const tapline = parseLogLine(2, '2026-11-24T22:00:00Z Run started');
    expect(tapline.plugin).toBeNull();
    expect(tapline.timestamp).toBe('2026-11-24T22:00:00Z');
    expect(tapline.text).toBe('Run started');
  });
});

describe('plugin filter and search', () => {
  const lines = [
    '2026-11-24T22:00:00Z tap-csv | reading users.csv',
    '2026-11-24T22:00:01Z target-jsonl | wrote 10 USERS',
    '2026-11-24T22:00:02Z tap-csv | done',
    'plain line',
  ].map((raw, i) => parseLogLine(i + 1, raw));

  it('lists plugins in the order they first wrote', () => {
    expect(pluginsIn(lines)).toEqual(['tap-csv', 'target-jsonl']);
  });

  it('shows one plugin only when filtered by it', () => {
    expect(filterLines(lines, { plugin: 'tap-csv', search: '', onlyMatches: false }).map((l) => l.n)).toEqual([1, 3]);
  });

  it('keeps every line when searching unless only matches are asked for', () => {
    expect(filterLines(lines, { plugin: '', search: 'users', onlyMatches: false })).toHaveLength(4);
    expect(filterLines(lines, { plugin: '', search: 'users', onlyMatches: true }).map((l) => l.n)).toEqual([1, 2]);
  });

  it('highlights every case-insensitive match', () => {
    expect(highlight('Users and users', 'users')).toEqual([
      { text: 'Users', hit: true },
      { text: ' and ', hit: false },
      { text: 'users', hit: true },
    ]);
    expect(highlight('abc', '')).toEqual([{ text: 'abc', hit: false }]);
  });
});
