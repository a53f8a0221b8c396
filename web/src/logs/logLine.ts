export interface LogLine {
  /** Line number from the stream's event id (what `Last-Event-ID` resumes after). */
  n: number;
  raw: string;
  timestamp: string | null;
  /** The text between the timestamp and ` | `; null for lines not written by a plugin. */
  plugin: string | null;
  text: string;
}

const shape = /^(\d{4}-\d{2}-\d{2}T\S+)\s+(.*?) \| (.*)$/s;

/** Splits `2026-11-24T22:00:01.123Z tap-csv | text` into its parts. */
export function parseLogLine(n: number, raw: string): LogLine {
  const match = shape.exec(raw);
  if (!match) {
    const stamp = /^(\d{4}-\d{2}-\d{2}T\S+)\s+(.*)$/s.exec(raw);
    return { n, raw, timestamp: stamp ? stamp[1]! : null, plugin: null, text: stamp ? stamp[2]! : raw };
  }
  const plugin = match[2]!.trim();
  return { n, raw, timestamp: match[1]!, plugin: plugin || null, text: match[3]! };
}

export interface LogFilter {
  /** Plugin name, or '' for all plugins. */
  plugin: string;
  search: string;
  onlyMatches: boolean;
}

export const noFilter: LogFilter = { plugin: '', search: '', onlyMatches: false };

export function matchesSearch(line: LogLine, search: string): boolean {
  if (!search) return false;
  return line.raw.toLowerCase().includes(search.toLowerCase());
}

export function filterLines(lines: readonly LogLine[], filter: LogFilter): LogLine[] {
  return lines.filter(
    (line) =>
      (!filter.plugin || line.plugin === filter.plugin) &&
      (!filter.onlyMatches || !filter.search || matchesSearch(line, filter.search)),
  );
}

/** Plugins seen so far, in order of first appearance, for the plugin filter. */
export function pluginsIn(lines: readonly LogLine[]): string[] {
  const seen = new Set<string>();
  for (const line of lines) if (line.plugin) seen.add(line.plugin);
  return [...seen];
}

export interface Piece {
  text: string;
  hit: boolean;
}

/** Cuts text into plain and matching pieces (case-insensitive) for <mark> highlighting. */
export function highlight(text: string, search: string): Piece[] {
  if (!search) return [{ text, hit: false }];
  const pieces: Piece[] = [];
  const lower = text.toLowerCase();
  const needle = search.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, at)) {
    if (i > at) pieces.push({ text: text.slice(at, i), hit: false });
    pieces.push({ text: text.slice(i, i + needle.length), hit: true });
    at = i + needle.length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), hit: false });
  return pieces;
}
