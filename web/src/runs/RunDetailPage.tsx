import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../api/ApiContext';
import type { Run, RunDetail } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ActionButton, ErrorAlert, Loading, ConfirmButton } from '../layout/controls';
import { formatBytes, formatCount, formatDuration, formatTime } from '../layout/format';
import { usePageTitle } from '../layout/usePageTitle';
import { LogViewer } from '../logs/LogViewer';
import { isActive, isFailure, StatusChip } from './StatusChip';
import { Timeline } from './Timeline';

export function RunDetailPage() {
  const id = Number(useParams().id);
  usePageTitle(`Run ${id}`);
  const api = useApi();
  const { identity, can } = useIdentity();
  const queryClient = useQueryClient();
  const run = useQuery({
    queryKey: ['runs', 'detail', id],
    queryFn: () => api.get<RunDetail>(`/runs/${id}`),
    refetchInterval: (q) => (q.state.data && isActive(q.state.data.status) ? 2_000 : false),
  });
  const cancel = useMutation({
    mutationFn: () => api.send<RunDetail>('POST', `/runs/${id}/cancel`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['runs'] }),
  });
  const navigate = useNavigate();
  // Re-run repeats the run's options; Retry (failed, dead, stalled) continues from the state it reached.
  const again = useMutation({
    mutationFn: (how: 'rerun' | 'retry') => api.send<Run>('POST', `/runs/${id}/${how}`),
    onSuccess: (next) => {
      void queryClient.invalidateQueries({ queryKey: ['runs'] });
      void navigate(`/runs/${next.id}`);
    },
  });
  // The log's end event is the moment counts and exit codes are final: read them now.
  const onEnd = useCallback(() => void queryClient.invalidateQueries({ queryKey: ['runs'] }), [queryClient]);

  if (!Number.isInteger(id)) return <ErrorAlert error={new Error('A run id is a number.')} />;
  const r = run.data;
  const traceUrl = r?.traceId && identity.traceUrlTemplate ? identity.traceUrlTemplate.replace('{traceId}', r.traceId) : null;

  return (
    <>
      <p className="crumbs">
        <Link to="/runs">← All runs</Link>
      </p>
      <div className="page-head">
        <h1>Run {id}</h1>
        {r && <StatusChip status={r.status} />}
      </div>
      <ErrorAlert error={run.error} />
      {run.isPending && <Loading what="run" />}
      {r && (
        <>
          <section className="card" aria-label="Summary">
            <dl className="facts">
              <dt>Pipeline</dt>
              <dd>
                {r.scheduleName ? <Link to={`/pipelines/${encodeURIComponent(r.scheduleName)}`}>{r.scheduleName}</Link> : (r.jobName ?? '—')}
              </dd>
              <dt>Block</dt>
              <dd>
                <code>{r.block}</code>
              </dd>
              <dt>State id</dt>
              <dd>
                <code>{r.stateId}</code>
              </dd>
              <dt>Trigger</dt>
              <dd>
                {r.trigger}
                {r.requestedBy && ` by ${r.requestedBy}`}
              </dd>
              {(r.retryOf ?? r.rerunOf) != null && (
                <>
                  <dt>{r.retryOf != null ? 'Retry of' : 'Re-run of'}</dt>
                  <dd>
                    <Link to={`/runs/${r.retryOf ?? r.rerunOf}`}>Run {r.retryOf ?? r.rerunOf}</Link>
                  </dd>
                </>
              )}
              <dt>Duration</dt>
              <dd>{formatDuration(r.durationSeconds)}</dd>
              <dt>Records</dt>
              <dd>{formatCount(r.records)}</dd>
              <dt>Worker</dt>
              <dd>
                {r.worker ?? '—'}
                {r.heartbeatAt && isActive(r.status) && <span className="muted"> · heartbeat {formatTime(r.heartbeatAt)}</span>}
              </dd>
              <dt>Trace</dt>
              <dd>
                {traceUrl ? (
                  <a href={traceUrl} target="_blank" rel="noreferrer">
                    Open trace
                  </a>
                ) : r.traceId ? (
                  <code title="Search this trace id in the Aspire dashboard">{r.traceId}</code>
                ) : (
                  '—'
                )}
              </dd>
            </dl>
            {isActive(r.status) && (
              <ConfirmButton
                label="Cancel run"
                question={`Cancel run ${id}?`}
                blockedBy={can.write}
                onConfirm={() => cancel.mutateAsync()}
              />
            )}
            {!isActive(r.status) && (
              <div className="row">
                <ActionButton blockedBy={can.write} busy={again.isPending} onClick={() => again.mutate('rerun')}>
                  Re-run
                </ActionButton>
                {isFailure(r.status) && (
                  <ActionButton variant="primary" blockedBy={can.write} busy={again.isPending} onClick={() => again.mutate('retry')}>
                    Retry
                  </ActionButton>
                )}
              </div>
            )}
            <ErrorAlert error={cancel.error ?? again.error} />
          </section>

          {r.error && (
            <section className="alert alert-error" aria-labelledby="error-title">
              <h2 id="error-title">Error</h2>
              <pre className="wrap">{r.error}</pre>
            </section>
          )}

          <Timeline run={r} />

          <div className="grid-2">
            <section aria-labelledby="streams-title">
              <h2 id="streams-title">Streams</h2>
              {r.streams.length === 0 ? (
                <p className="muted">No records yet.</p>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Stream</th>
                      <th scope="col" className="num">
                        Records
                      </th>
                      <th scope="col" className="num">
                        Bytes
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.streams.map((s) => (
                      <tr key={s.stream}>
                        <th scope="row">{s.stream}</th>
                        <td className="num">{formatCount(s.records)}</td>
                        <td className="num">{formatBytes(s.bytes)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section aria-labelledby="exit-title">
              <h2 id="exit-title">Exit codes</h2>
              {Object.keys(r.exitCodes ?? {}).length === 0 ? (
                <p className="muted">No plugin has exited yet.</p>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Plugin</th>
                      <th scope="col" className="num">
                        Exit code
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {Object.entries(r.exitCodes).map(([plugin, code]) => (
                      <tr key={plugin}>
                        <th scope="row">{plugin}</th>
                        <td className={`num ${code ? 'error-text' : ''}`}>{code ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
      {Number.isInteger(id) && <LogViewer runId={id} onEnd={onEnd} />}
      {r?.logPath && (
        <p className="muted small">
          Log file: <code>{r.logPath}</code> <span className="sr-only">(the Log region above shows it)</span>
        </p>
      )}
    </>
  );
}
