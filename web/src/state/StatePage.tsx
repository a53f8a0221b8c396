import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useApi } from '../api/ApiContext';
import { seg } from '../api/request';
import type { StateDetail, StateSummary } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ConfirmButton, ErrorAlert, Loading } from '../layout/controls';
import { formatTime } from '../layout/format';
import { usePageTitle } from '../layout/usePageTitle';
import { StateHistory } from './StateHistory';
import { StreamsTable } from './StreamsTable';

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
        {selected && <StateConsole key={selected} stateId={selected} onCleared={() => setParams({})} />}
      </div>
    </>
  );
}

function StateConsole({ stateId, onCleared }: { stateId: string; onCleared: () => void }) {
  const api = useApi();
  const { can } = useIdentity();
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: ['state', stateId], queryFn: () => api.get<StateDetail>(`/state/${seg(stateId)}`) });

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
          <h3>Streams and bookmarks</h3>
          <StreamsTable stateId={stateId} streams={state.data.streams} />
          <details>
            <summary>Stored JSON</summary>
            <h4>Completed</h4>
            <pre className="json" tabIndex={0} aria-label="Completed state JSON">
              {JSON.stringify(state.data.completed, null, 2)}
            </pre>
            {state.data.partial !== null && Object.keys(state.data.partial as object).length > 0 && (
              <>
                <h4>Partial</h4>
                <pre className="json" tabIndex={0} aria-label="Partial state JSON">
                  {JSON.stringify(state.data.partial, null, 2)}
                </pre>
              </>
            )}
          </details>
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
      <StateHistory stateId={stateId} />
    </section>
  );
}
