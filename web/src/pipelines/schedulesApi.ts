import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useApi, type Api } from '../api/ApiContext';
import { seg } from '../api/request';
import type { IntervalPreview, Job, Run, Schedule } from '../api/types';

const anyActive = (schedules: Schedule[] | undefined): boolean =>
  Boolean(schedules?.some((s) => s.lastRun && (s.lastRun.status === 'queued' || s.lastRun.status === 'running')));

/** The schedules list; also fetched on start when the pipelines page is the page opened. */
export const schedulesQuery = (api: Api) => queryOptions({ queryKey: ['schedules'], queryFn: () => api.get<Schedule[]>('/schedules') });

export function useSchedules() {
  const api = useApi();
  return useQuery({
    ...schedulesQuery(api),
    refetchInterval: (query) => (anyActive(query.state.data) ? 3_000 : 30_000),
  });
}

export function useSchedule(name: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['schedules', name],
    queryFn: () => api.get<Schedule>(`/schedules/${seg(name)}`),
    refetchInterval: (query) => (anyActive(query.state.data ? [query.state.data] : undefined) ? 3_000 : 30_000),
  });
}

/** The Api's reading of an interval (words, cron, next fire, or why it is not one): the Scheduler's own rules, not a copy. */
export function useIntervalPreview(text: string, timezone?: string) {
  const api = useApi();
  const query = new URLSearchParams({ text });
  if (timezone) query.set('timezone', timezone);
  return useQuery({
    queryKey: ['schedules', 'interval', text, timezone ?? null],
    queryFn: () => api.get<IntervalPreview>(`/schedules/interval?${query.toString()}`),
    staleTime: 60_000,
  });
}

export function useJobs() {
  const api = useApi();
  return useQuery({ queryKey: ['jobs'], queryFn: () => api.get<Job[]>('/jobs') });
}

/** Run now: queue the run and open its page, where the log follows live. */
export function useRunNow() {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (body: { schedule: string } | { job: string }) => api.send<Run>('POST', '/runs', body),
    onSuccess: (run) => {
      void queryClient.invalidateQueries({ queryKey: ['schedules'] });
      void queryClient.invalidateQueries({ queryKey: ['runs'] });
      void navigate(`/runs/${run.id}`);
    },
  });
}

export function useScheduleAction() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ name, action }: { name: string; action: 'enable' | 'disable' | 'delete' }): Promise<void> => {
      if (action === 'delete') await api.send<void>('DELETE', `/schedules/${seg(name)}`);
      else await api.send<Schedule>('POST', `/schedules/${seg(name)}/${action}`);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['schedules'] }),
  });
}
