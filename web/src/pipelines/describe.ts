import type { Schedule, TaskItem } from '../api/types';

export function tasksText(tasks: TaskItem[] | null | undefined): string {
  if (!tasks?.length) return '';
  return tasks.map((t) => (Array.isArray(t) ? t.join(' ') : t)).join(' → ');
}

/** "tap-csv → target-jsonl", or the job and its tasks. */
export function whatRuns(schedule: Schedule): string {
  if (schedule.kind === 'job') return `job ${schedule.job ?? ''}${schedule.tasks?.length ? `: ${tasksText(schedule.tasks)}` : ''}`;
  const transform = schedule.transform && schedule.transform !== 'skip' ? ` (transform: ${schedule.transform})` : '';
  return `${schedule.extractor ?? '?'} → ${schedule.loader ?? '?'}${transform}`;
}
