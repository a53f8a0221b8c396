import { parseLogLine, pluginsIn, type LogLine } from './logLine';

/**
 * Lines held in the page. Beyond this the oldest go (the whole log is one download away):
 * a million-line log would otherwise make every append and filter slower than the stream.
 */
export const maxKeptLines = 50_000;

export interface LogViewerState {
  lines: LogLine[];
  /** How many of the oldest lines were let go to stay under maxKeptLines. */
  dropped: number;
  /** Plugins seen so far, for the plugin filter (kept here so it is not recomputed per batch). */
  plugins: string[];
  /** Following: the view sticks to the newest line. Paused: it stays where the reader is. */
  following: boolean;
  /** Lines that arrived while paused, shown on the Follow button. */
  unseen: number;
  /** Final status from the stream's `end` event, null while the run may still write. */
  ended: string | null;
  connection: 'connecting' | 'live' | 'reconnecting' | 'closed';
}

export type LogViewerAction =
  | { type: 'lines'; lines: { n: number; raw: string }[] }
  | { type: 'pause' }
  | { type: 'follow' }
  | { type: 'scrolled'; atBottom: boolean }
  | { type: 'ended'; status: string }
  | { type: 'connection'; state: LogViewerState['connection'] }
  | { type: 'reset' };

export const initialLogViewerState: LogViewerState = {
  lines: [],
  dropped: 0,
  plugins: [],
  following: true,
  unseen: 0,
  ended: null,
  connection: 'connecting',
};

export function logViewerReducer(state: LogViewerState, action: LogViewerAction): LogViewerState {
  switch (action.type) {
    case 'lines': {
      const last = state.lines.length ? state.lines[state.lines.length - 1]!.n : -Infinity;
      // A reconnect may replay lines we hold; line numbers make the append idempotent.
      const fresh = action.lines.filter((l) => l.n > last).map((l) => parseLogLine(l.n, l.raw));
      if (!fresh.length) return state;
      let lines = state.lines.concat(fresh);
      let dropped = state.dropped;
      if (lines.length > maxKeptLines) {
        dropped += lines.length - maxKeptLines;
        lines = lines.slice(lines.length - maxKeptLines);
      }
      const newPlugins = pluginsIn(fresh).filter((p) => !state.plugins.includes(p));
      return {
        ...state,
        lines,
        dropped,
        plugins: newPlugins.length ? [...state.plugins, ...newPlugins] : state.plugins,
        unseen: state.following ? 0 : state.unseen + fresh.length,
      };
    }
    case 'pause':
      return state.following ? { ...state, following: false } : state;
    case 'follow':
      return { ...state, following: true, unseen: 0 };
    case 'scrolled':
      // Scrolling up pauses (the reader wants to read); reaching the bottom again resumes.
      if (action.atBottom && !state.following) return { ...state, following: true, unseen: 0 };
      if (!action.atBottom && state.following) return { ...state, following: false };
      return state;
    case 'ended':
      return { ...state, ended: action.status, connection: 'closed' };
    case 'connection':
      return state.connection === action.state ? state : { ...state, connection: action.state };
    case 'reset':
      return initialLogViewerState;
  }
}
