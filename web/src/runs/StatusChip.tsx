import type { RunStatus } from '../api/types';

const symbols: Record<RunStatus, string> = {
  queued: '○',
  running: '◐',
  success: '✓',
  failed: '✕',
  cancelled: '⊘',
  dead: '☠',
  stalled: '⏸',
};

/** The chip's text is the status word, so colour is never the only signal. */
export function StatusChip({ status }: { status: RunStatus }) {
  return (
    <span className={`chip chip-${status}`}>
      <span aria-hidden="true">{symbols[status] ?? '•'} </span>
      {status}
    </span>
  );
}

export const isActive = (status: RunStatus): boolean => status === 'queued' || status === 'running';

/** Failed, dead or stalled: what Retry (from the state reached) is for. */
export const isFailure = (status: RunStatus): boolean => status === 'failed' || status === 'dead' || status === 'stalled';
