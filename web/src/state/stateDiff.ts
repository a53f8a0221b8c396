import type { StreamBookmark } from '../api/types';

export type BookmarkChange = 'added' | 'removed' | 'changed';

export interface BookmarkDiffRow {
  stream: string;
  key: string;
  before: string | null;
  after: string | null;
  change: BookmarkChange;
}

/** A bookmark value as a person reads it: strings bare, everything else as JSON. */
export function bookmarkText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function flatten(streams: StreamBookmark[]): Map<string, { stream: string; key: string; text: string }> {
  const out = new Map<string, { stream: string; key: string; text: string }>();
  for (const s of streams) {
    for (const v of s.values) out.set(`${s.stream}\u0000${v.key}`, { stream: s.stream, key: v.key, text: bookmarkText(v.value) });
  }
  return out;
}

/**
 * What changed between two saved states, per stream and bookmark key. Computed here from two entries the
 * Api serves (GET /state/{id}/history/{entry}) because the page shows both anyway and a diff is presentation.
 */
export function diffBookmarks(before: StreamBookmark[], after: StreamBookmark[]): BookmarkDiffRow[] {
  const a = flatten(before);
  const b = flatten(after);
  const rows: BookmarkDiffRow[] = [];
  for (const [id, old] of a) {
    const now = b.get(id);
    if (!now) rows.push({ stream: old.stream, key: old.key, before: old.text, after: null, change: 'removed' });
    else if (now.text !== old.text) rows.push({ stream: old.stream, key: old.key, before: old.text, after: now.text, change: 'changed' });
  }
  for (const [id, now] of b) {
    if (!a.has(id)) rows.push({ stream: now.stream, key: now.key, before: null, after: now.text, change: 'added' });
  }
  return rows.sort((x, y) => x.stream.localeCompare(y.stream) || x.key.localeCompare(y.key));
}

/** A lag in words: "3 h 5 min", "2 d 4 h". */
export function formatLag(seconds: number | null): string {
  if (seconds === null) return '—';
  const sign = seconds < 0 ? 'ahead by ' : '';
  let s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  if (d > 0) return `${sign}${d} d ${h} h`;
  if (h > 0) return `${sign}${h} h ${m} min`;
  if (m > 0) return `${sign}${m} min`;
  return `${sign}${s} s`;
}
