import { describe, expect, it } from 'vitest';
import type { StreamBookmark } from '../api/types';
import { diffBookmarks, formatLag } from './stateDiff';

const stream = (name: string, value: unknown): StreamBookmark => ({
  stream: name,
  replicationKey: 'updated_at',
  values: [{ key: 'replication_key_value', value, type: 'string', lagSeconds: null }],
});

describe('diffBookmarks', () => {
  it('lists changed, removed and added bookmarks per stream and key, and nothing for equal ones', () => {
    const rows = diffBookmarks(
      [stream('orders', '2024-03-01'), stream('users', 10), stream('tags', 'a')],
      [stream('orders', '2024-01-01'), stream('users', 10), stream('items', 3)],
    );

    expect(rows).toEqual([
      { stream: 'items', key: 'replication_key_value', before: null, after: '3', change: 'added' },
      { stream: 'orders', key: 'replication_key_value', before: '2024-03-01', after: '2024-01-01', change: 'changed' },
      { stream: 'tags', key: 'replication_key_value', before: 'a', after: null, change: 'removed' },
    ]);
  });
});

describe('formatLag', () => {
  it('says the lag in the largest two units', () => {
    expect(formatLag(3 * 3600 + 5 * 60)).toBe('3 h 5 min');
    expect(formatLag(2 * 86400 + 4 * 3600)).toBe('2 d 4 h');
    expect(formatLag(null)).toBe('—');
  });
});
