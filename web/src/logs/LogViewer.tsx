import { useId, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { ApiError, errorMessage } from '../api/ApiError';
import { filterLines, highlight, matchesSearch, type LogFilter } from './logLine';
import { initialLogViewerState, logViewerReducer } from './logViewerState';
import { useLogStream } from './useLogStream';

/**
 * Rows have one fixed height (long lines scroll sideways, they do not wrap), so only the
 * rows in view are in the DOM: a 50,000-line log scrolls like a 50-line one.
 */
const rowHeight = 20;
const overscan = 30;

export function LogViewer({ runId, onEnd }: { runId: number; onEnd: (status: string) => void }) {
  const { session } = useApi();
  const [state, dispatch] = useReducer(logViewerReducer, initialLogViewerState);
  const [filter, setFilter] = useState<LogFilter>({ plugin: '', search: '', onlyMatches: false });
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const { error } = useLogStream(runId, dispatch, onEnd);
  const box = useRef<HTMLDivElement>(null);
  const ids = { search: useId(), plugin: useId(), only: useId() };

  const [view, setView] = useState({ top: 0, height: 448 });
  const plugins = state.plugins;
  const shown = useMemo(() => filterLines(state.lines, filter), [state.lines, filter]);
  const first = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const last = Math.min(shown.length, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  const rendered = shown.slice(first, last);
  const matches = useMemo(
    () => (filter.search ? state.lines.filter((l) => matchesSearch(l, filter.search)).length : 0),
    [state.lines, filter.search],
  );

  useLayoutEffect(() => {
    const el = box.current;
    if (state.following && el) {
      el.scrollTop = el.scrollHeight;
      setView({ top: el.scrollTop, height: el.clientHeight });
    }
  }, [shown, state.following]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    setView({ top: el.scrollTop, height: el.clientHeight });
    dispatch({ type: 'scrolled', atBottom: el.scrollHeight - el.scrollTop - el.clientHeight < rowHeight });
  };

  const download = async () => {
    setDownloadError(null);
    try {
      const response = await session.fetch(`/runs/${runId}/log`);
      if (!response.ok) throw await ApiError.from(response);
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `run-${runId}-elt.log`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setDownloadError(e);
    }
  };

  const status =
    state.ended !== null
      ? `Run ended: ${state.ended}`
      : state.connection === 'live'
        ? 'Live'
        : state.connection === 'reconnecting'
          ? 'Reconnecting…'
          : state.connection === 'closed'
            ? 'Not connected'
            : 'Connecting…';

  return (
    <section className="log-viewer">
      <div className="page-head">
        <h2 id="log-title">Log</h2>
        <span className={`log-status log-${state.connection}`} role="status">
          {status} · {(state.dropped + state.lines.length).toLocaleString('en-US')} lines
        </span>
      </div>
      <div className="log-toolbar">
        {state.following ? (
          <button type="button" className="btn btn-plain" onClick={() => dispatch({ type: 'pause' })}>
            Pause
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={() => dispatch({ type: 'follow' })} aria-label="Follow">
            Follow{state.unseen > 0 ? ` (${state.unseen} new)` : ''}
          </button>
        )}
        <label htmlFor={ids.search}>Search</label>
        <input
          id={ids.search}
          type="search"
          value={filter.search}
          onChange={(e) => setFilter((f) => ({ ...f, search: e.target.value }))}
          aria-describedby={`${ids.search}-count`}
        />
        <span id={`${ids.search}-count`} className="muted small">
          {filter.search ? `${matches} matching` : ''}
        </span>
        <label className="inline" htmlFor={ids.only}>
          <input
            id={ids.only}
            type="checkbox"
            checked={filter.onlyMatches}
            onChange={(e) => setFilter((f) => ({ ...f, onlyMatches: e.target.checked }))}
          />{' '}
          Only matching lines
        </label>
        <label htmlFor={ids.plugin}>Plugin</label>
        <select id={ids.plugin} value={filter.plugin} onChange={(e) => setFilter((f) => ({ ...f, plugin: e.target.value }))}>
          <option value="">All plugins</option>
          {plugins.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-plain" onClick={() => void download()}>
          Download log
        </button>
      </div>
      {Boolean(error || downloadError) && (
        <p role="alert" className="alert alert-error">
          {errorMessage(downloadError ?? error)}
        </p>
      )}
      {state.dropped > 0 && (
        <p className="muted small">
          The first {state.dropped.toLocaleString('en-US')} lines are no longer held in the page; download for the whole log.
        </p>
      )}
      <div ref={box} className="log-box" role="region" aria-label="Log" tabIndex={0} onScroll={onScroll}>
        {shown.length === 0 ? (
          <p className="muted">{state.lines.length ? 'No line matches the filter.' : 'No log lines yet.'}</p>
        ) : (
          <div className="log-lines" style={{ height: shown.length * rowHeight }}>
            {rendered.map((line, i) => (
              <div
                key={line.n}
                className={line.plugin ? 'log-line' : 'log-line log-tapline'}
                style={{ top: (first + i) * rowHeight, height: rowHeight }}
              >
                <span className="log-n" aria-hidden="true">
                  {line.n}
                </span>
                {line.timestamp && <span className="log-ts">{line.timestamp} </span>}
                {line.plugin && <span className="log-plugin">{line.plugin} | </span>}
                <span className="log-text">
                  {highlight(line.text, filter.search).map((piece, j) => (piece.hit ? <mark key={j}>{piece.text}</mark> : piece.text))}
                </span>
              </div>
            ))}
          </div>
        )}
      </div>
    </section>
  );
}
