import type { ScheduleStatus } from '../api/types';

/** What came of the Scheduler's last fire, in words. */
export function fireOutcome(outcome: ScheduleStatus['lastOutcome']): string {
  switch (outcome) {
    case 'enqueued':
      return 'run queued';
    case 'duplicate':
      return 'already queued by another Scheduler';
    case 'skipped_overlap':
      return 'skipped: the previous run was still going';
    default:
      return 'outcome unknown';
  }
}
