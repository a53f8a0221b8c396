import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import { seg } from '../api/request';
import type { StateDetail, StateHistoryEntry } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ConfirmButton, ErrorAlert, Loading } from '../layout/controls';
import { formatTime } from '../layout/format';
import { diffBookmarks } from './stateDiff';

/** Every saved version of a state id (a run's save or a person's edit), a diff between any two, and restore. */
export function StateHistory({ stateId }: { stateId: string }) {
  const api = useApi();
  const { can } = useIdentity();
  const queryClient = useQueryClient();
  const history = useQuery({
    queryKey: ['state', stateId, 'history'],
    queryFn: () => api.get<StateHistoryEntry[]>(`/state/${seg(stateId)}/history`),
  });
  const [picked, setPicked] = useState<{ from: number | null; to: number | null }>({ from: null, to: null });
  const entries = history.data ?? [];
  const to = picked.to ?? entries[0]?.id ?? null;
  const from = picked.from ?? entries[1]?.id ?? null;
  const restore = useMutation({
    mutationFn: (historyId: number) => api.send<StateDetail>('POST', `/state/${seg(stateId)}/restore`, { historyId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['state'] }),
  });

  return (
    <>
      <h3>History</h3>
      <ErrorAlert error={history.error ?? restore.error} />
      {history.isPending && <Loading what="history" />}
      {entries.length === 0 && !history.isPending && <p className="muted">Nothing saved yet.</p>}
      {entries.length > 0 && (
        <table className="table" aria-label="State history">
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Reason</th>
              <th scope="col">Compare from</th>
              <th scope="col">to</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((h) => (
              <tr key={h.id} data-entry={h.id}>
                <th scope="row">#{h.id}</th>
                <td>{formatTime(h.savedAt)}</td>
                <td>
                  {h.runId ? <span title={h.runId}>run {h.runId.slice(0, 8)}</span> : (h.actor ?? '—')}
                  {h.cleared && <span className="badge">cleared</span>}
                </td>
                <td>{h.reason ?? ''}</td>
                <td>
                  <input
                    type="radio"
                    name={`from-${stateId}`}
                    aria-label={`Compare from entry ${h.id}`}
                    checked={from === h.id}
                    onChange={() => setPicked({ from: h.id, to })}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name={`to-${stateId}`}
                    aria-label={`Compare to entry ${h.id}`}
                    checked={to === h.id}
                    onChange={() => setPicked({ from, to: h.id })}
                  />
                </td>
                <td>
                  {!h.cleared && (
                    <ConfirmButton
                      label="Restore"
                      variant="plain"
                      question={`Restore ${stateId} to history entry #${h.id}?`}
                      confirmLabel="Restore state"
                      blockedBy={can.write}
                      onConfirm={() => restore.mutateAsync(h.id)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {from !== null && to !== null && from !== to && <StateDiff stateId={stateId} from={from} to={to} />}
    </>
  );
}

function StateDiff({ stateId, from, to }: { stateId: string; from: number; to: number }) {
  const api = useApi();
  const entry = (id: number) => ({
    queryKey: ['state', stateId, 'history', id],
    queryFn: () => api.get<StateDetail>(`/state/${seg(stateId)}/history/${id}`),
    staleTime: Infinity,
  });
  const before = useQuery(entry(from));
  const after = useQuery(entry(to));
  const rows = before.data && after.data ? diffBookmarks(before.data.streams, after.data.streams) : null;
  return (
    <section aria-label="State diff">
      <h4>
        Changes from #{from} to #{to}
      </h4>
      <ErrorAlert error={before.error ?? after.error} />
      {!rows && !before.error && !after.error && <Loading what="both entries" />}
      {rows?.length === 0 && <p className="muted">No bookmark differs.</p>}
      {rows && rows.length > 0 && (
        <table className="table" aria-label="Bookmark changes">
          <thead>
            <tr>
              <th scope="col">Stream</th>
              <th scope="col">Bookmark</th>
              <th scope="col">#{from}</th>
              <th scope="col">#{to}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.stream}-${r.key}`} className={`diff-${r.change}`}>
                <th scope="row">
                  <code>{r.stream}</code>
                </th>
                <td>
                  <code>{r.key}</code>
                </td>
                <td>{r.before === null ? <span className="muted">(none)</span> : <del>{r.before}</del>}</td>
                <td>{r.after === null ? <span className="muted">(none)</span> : <ins>{r.after}</ins>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
