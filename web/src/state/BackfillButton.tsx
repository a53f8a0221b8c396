import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useApi } from '../api/ApiContext';
import type { Page, Run } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ConfirmButton } from '../layout/controls';

/**
 * Queues the pipeline that keeps this state id with a full refresh of one stream only (the run's
 * `fullRefreshStreams`): that stream starts from scratch, the others keep their bookmarks. The pipeline is the
 * schedule (or job) of the state id's latest run; a state id only the CLI has run has none to start here.
 */
export function BackfillButton({ stateId, stream }: { stateId: string; stream: string }) {
  const api = useApi();
  const { can } = useIdentity();
  const navigate = useNavigate();
  const latest = useQuery({
    queryKey: ['runs', 'latest-of-state', stateId],
    queryFn: () => api.get<Page<Run>>(`/runs?stateId=${encodeURIComponent(stateId)}&pageSize=1`),
  });
  const run = latest.data?.items[0];
  const target = run?.scheduleName ? { schedule: run.scheduleName } : run?.jobName ? { job: run.jobName } : null;
  const blockedBy =
    can.write ??
    (latest.isPending
      ? 'Finding the pipeline of this state id…'
      : target
        ? null
        : `No schedule or job has run this state id; run it with \`tapline run … --full-refresh --select ${stream}\`.`);
  return (
    <ConfirmButton
      label="Backfill stream"
      variant="plain"
      question={`Run ${target?.schedule ?? target?.job ?? ''} with a full refresh of ${stream} only? The other streams keep their bookmarks.`}
      confirmLabel="Start backfill"
      blockedBy={blockedBy}
      onConfirm={async () => {
        const queued = await api.send<Run>('POST', '/runs', { ...target, fullRefreshStreams: [stream] });
        navigate(`/runs/${queued.id}`);
      }}
    />
  );
}
