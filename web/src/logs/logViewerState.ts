import { parseLogLine, type LogLine } from './logLine';

export interface LogViewerState {
  lines: LogLine[];
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
      return {
        ...state,
        lines: state.lines.concat(fresh),
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
