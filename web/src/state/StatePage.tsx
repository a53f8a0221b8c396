import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useApi } from '../api/ApiContext';
import { seg } from '../api/request';
import type { StateDetail, StateHistoryEntry, StateSummary } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ConfirmButton, ErrorAlert, Loading } from '../layout/controls';
import { formatTime } from '../layout/format';
import { usePageTitle } from '../layout/usePageTitle';

export function StatePage() {
  usePageTitle('State');
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const selected = params.get('id');
  const list = useQuery({ queryKey: ['state'], queryFn: () => api.get<StateSummary[]>('/state') });

  return (
    <>
      <h1>State</h1>
      <p className="muted">Incremental state per state id, as <code>tapline state list</code> shows it.</p>
      <ErrorAlert error={list.error} />
      {list.isPending && <Loading what="state ids" />}
      {list.data?.length === 0 && <p>No state saved yet. It appears after the first run that emits STATE.</p>}
      <div className="split">
        {list.data && list.data.length > 0 && (
          <nav aria-label="State ids" className="list">
            <ul>
              {list.data.map((s) => (
                <li key={s.stateId}>
                  <button
                    type="button"
                    className="link-button"
                    aria-current={s.stateId === selected ? 'true' : undefined}
                    onClick={() => setParams({ id: s.stateId })}
                  >
                    <code>{s.stateId}</code>
                  </button>
                  <div className="muted small">
                    {formatTime(s.updatedAt)}
                    {s.hasPartial && ' · has partial state'}
                  </div>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {selected && <StateView key={selected} stateId={selected} onCleared={() => setParams({})} />}
      </div>
    </>
  );
}

function StateView({ stateId, onCleared }: { stateId: string; onCleared: () => void }) {
  const api = useApi();
  const { can } = useIdentity();
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: ['state', stateId], queryFn: () => api.get<StateDetail>(`/state/${seg(stateId)}`) });
  const history = useQuery({
    queryKey: ['state', stateId, 'history'],
    queryFn: () => api.get<StateHistoryEntry[]>(`/state/${seg(stateId)}/history`),
  });
  const restore = useMutation({
    mutationFn: (runId: string) => api.send<StateDetail>('POST', `/state/${seg(stateId)}/restore`, { runId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['state'] }),
  });

  return (
    <section aria-labelledby="state-title" className="grow">
      <h2 id="state-title">
        <code>{stateId}</code>
      </h2>
      <ErrorAlert error={state.error} />
      {state.isPending && <Loading what="state" />}
      {state.data && (
        <>
          <p className="muted">Updated {formatTime(state.data.updatedAt)}</p>
          <h3>Completed</h3>
          <pre className="json" tabIndex={0} aria-label="Completed state JSON">
            {JSON.stringify(state.data.completed, null, 2)}
          </pre>
          {state.data.partial && Object.keys(state.data.partial as object).length > 0 && (
            <>
              <h3>Partial</h3>
              <pre className="json" tabIndex={0} aria-label="Partial state JSON">
                {JSON.stringify(state.data.partial, null, 2)}
              </pre>
            </>
          )}
          <ConfirmButton
            label="Clear state"
            question={`Clear the state of ${stateId}? The next run starts from scratch.`}
            blockedBy={can.write}
            onConfirm={async () => {
              await api.send<void>('DELETE', `/state/${seg(stateId)}`);
              await queryClient.invalidateQueries({ queryKey: ['state'] });
              onCleared();
            }}
          />
        </>
      )}
      <h3>Restore from a run</h3>
      <ErrorAlert error={history.error ?? restore.error} />
      {history.data?.length === 0 && <p className="muted">No earlier state saved by runs.</p>}
      {history.data && history.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Saved</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((h) => (
              <tr key={`${h.runId}-${h.id}`}>
                <th scope="row">#{h.id}</th>
                <td>{formatTime(h.savedAt)}</td>
                <td>
                  <ConfirmButton
                    label="Restore"
                    variant="plain"
                    question={`Restore ${stateId} to the state saved by run ${h.id}?`}
                    confirmLabel="Restore state"
                    blockedBy={can.write}
                    onConfirm={() => restore.mutateAsync(h.runId)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
