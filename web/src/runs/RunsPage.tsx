import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../api/ApiContext';
import { runStatuses, triggers, type CancelRunsResult, type Page, type Run, type RunStatus } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ConfirmButton, ErrorAlert, Loading } from '../layout/controls';
import { usePageTitle } from '../layout/usePageTitle';
import { useSchedules } from '../pipelines/schedulesApi';
import { RunsTable } from './RunsTable';
import { isActive } from './StatusChip';

const pageSize = 50;
const filterKeys = ['schedule', 'status', 'trigger', 'from', 'to'] as const;

/** datetime-local has no zone; the app speaks UTC everywhere, so the inputs are UTC too. */
const toIso = (local: string): string => (local ? new Date(`${local}:00Z`).toISOString() : '');

export function RunsPage() {
  usePageTitle('Runs');
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const schedules = useSchedules();

  const query = new URLSearchParams();
  for (const key of filterKeys) {
    const value = params.get(key);
    if (value) query.set(key, key === 'from' || key === 'to' ? toIso(value) : value);
  }
  query.set('page', String(page));
  query.set('pageSize', String(pageSize));

  const runs = useQuery({
    queryKey: ['runs', query.toString()],
    queryFn: () => api.get<Page<Run>>(`/runs?${query.toString()}`),
    placeholderData: keepPreviousData,
    // While anything runs, keep the list live; afterwards there is nothing to watch.
    refetchInterval: (q) => (q.state.data?.items.some((r) => isActive(r.status)) ? 2_000 : 30_000),
  });

  const { can } = useIdentity();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [cancelReport, setCancelReport] = useState<string | null>(null);
  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const cancelMany = useMutation({
    mutationFn: (ids: number[]) => api.send<CancelRunsResult>('POST', '/runs/cancel', { ids }),
    onSuccess: (result) => {
      const stopped = result.results.filter((r) => r.outcome === 'cancelled' || r.outcome === 'cancelling').length;
      setCancelReport(`${stopped} of ${result.results.length} runs cancelled or being stopped; the others had already ended.`);
      setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: ['runs'] });
    },
  });

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next, { replace: true });
  };
  const setPage = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    setParams(next);
  };
  const statusFilter = params.get('status') ?? '';
  const pages = runs.data ? Math.max(1, Math.ceil(runs.data.total / pageSize)) : 1;
  const active = runs.data?.items.some((r) => isActive(r.status));

  return (
    <>
      <div className="page-head">
        <h1>Runs</h1>
        {active && (
          <span className="muted" role="status">
            Updating while runs are active
          </span>
        )}
      </div>
      <form className="filters" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
        <label>
          Pipeline
          <select value={params.get('schedule') ?? ''} onChange={(e) => setFilter('schedule', e.target.value)}>
            <option value="">All</option>
            {schedules.data?.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Trigger
          <select value={params.get('trigger') ?? ''} onChange={(e) => setFilter('trigger', e.target.value)}>
            <option value="">All</option>
            {triggers.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          From (UTC)
          <input type="datetime-local" value={params.get('from') ?? ''} onChange={(e) => setFilter('from', e.target.value)} />
        </label>
        <label>
          To (UTC)
          <input type="datetime-local" value={params.get('to') ?? ''} onChange={(e) => setFilter('to', e.target.value)} />
        </label>
        <fieldset className="chips">
          <legend>Status</legend>
          {(['', ...runStatuses] as (RunStatus | '')[]).map((s) => (
            <button
              key={s || 'all'}
              type="button"
              className={`chip-toggle ${s ? `chip-${s}` : ''}`}
              aria-pressed={statusFilter === s}
              onClick={() => setFilter('status', s)}
            >
              {s || 'all'}
            </button>
          ))}
        </fieldset>
      </form>
      <ErrorAlert error={runs.error} />
      {runs.isPending && <Loading what="runs" />}
      {runs.data && (
        <>
          {selected.size > 0 && (
            <div className="row" role="region" aria-label="Selected runs">
              <span>{selected.size} selected</span>
              <ConfirmButton
                label="Cancel selected"
                question={`Cancel ${selected.size} selected run${selected.size === 1 ? '' : 's'}?`}
                blockedBy={can.write}
                onConfirm={() => cancelMany.mutateAsync([...selected])}
              />
            </div>
          )}
          {cancelReport && (
            <p className="muted" role="status">
              {cancelReport}
            </p>
          )}
          <RunsTable runs={runs.data.items} selected={selected} onToggle={toggle} />
          <nav aria-label="Pages" className="row pager">
            <button type="button" className="btn btn-plain" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Newer
            </button>
            <span>
              Page {page} of {pages} · {runs.data.total} runs
            </span>
            <button type="button" className="btn btn-plain" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Older
            </button>
          </nav>
        </>
      )}
    </>
  );
}
