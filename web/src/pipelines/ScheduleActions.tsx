import { useNavigate } from 'react-router';
import type { Schedule } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ActionButton, ConfirmButton, ErrorAlert } from '../layout/controls';
import { useRunNow, useScheduleAction } from './schedulesApi';

/** Run now, edit, enable/disable and delete for one schedule; each says why when it cannot. */
export function ScheduleActions({ schedule, onDeleted }: { schedule: Schedule; onDeleted?: () => void }) {
  const { can } = useIdentity();
  const navigate = useNavigate();
  const runNow = useRunNow();
  const action = useScheduleAction();
  const error = runNow.error ?? action.error;

  return (
    <div className="actions">
      <ActionButton
        variant="primary"
        blockedBy={can.write}
        busy={runNow.isPending}
        onClick={() => runNow.mutate({ schedule: schedule.name })}
      >
        Run now
      </ActionButton>
      <ActionButton blockedBy={can.editProject} onClick={() => void navigate(`/pipelines/${encodeURIComponent(schedule.name)}/edit`)}>
        Edit
      </ActionButton>
      <ActionButton
        blockedBy={can.editProject}
        busy={action.isPending}
        onClick={() => action.mutate({ name: schedule.name, action: schedule.enabled ? 'disable' : 'enable' })}
      >
        {schedule.enabled ? 'Disable' : 'Enable'}
      </ActionButton>
      <ConfirmButton
        label="Delete"
        question={`Delete schedule ${schedule.name}?`}
        confirmLabel="Delete schedule"
        blockedBy={can.editProject}
        onConfirm={async () => {
          await action.mutateAsync({ name: schedule.name, action: 'delete' });
          onDeleted?.();
        }}
      />
      <ErrorAlert error={error} onDismiss={() => (runNow.error ? runNow.reset() : action.reset())} />
    </div>
  );
}
