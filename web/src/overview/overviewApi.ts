import { queryOptions } from '@tanstack/react-query';
import type { Api } from '../api/ApiContext';
import type { OverviewView } from '../api/types';

/** The overview's one read; also fetched on start when the overview is the page opened. */
export const overviewQuery = (api: Api) =>
  queryOptions({ queryKey: ['overview'], queryFn: () => api.get<OverviewView>('/overview') });
