import type { FetchQueryOptions, QueryClient, QueryKey } from '@tanstack/react-query';
import { createElement, lazy, useState, type ComponentType } from 'react';
import { matchPath } from 'react-router';
import type { Api } from '../api/ApiContext';

/** The query a page cannot show anything without, loaded with the page's chunks (not into the entry). */
type PageQuery = () => Promise<(queryClient: QueryClient, api: Api) => Promise<void>>;

function query<T, K extends QueryKey>(load: () => Promise<(api: Api) => FetchQueryOptions<T, Error, T, K>>): PageQuery {
  return () => load().then((options) => (queryClient, api) => queryClient.prefetchQuery(options(api)));
}

export interface LazyPage {
  Component: ComponentType;
  /** Starts loading the page's chunk (once); React.lazy then finds it loaded or on its way. */
  preload: () => Promise<unknown>;
  query?: PageQuery;
}

function page(load: () => Promise<ComponentType>, query?: PageQuery): LazyPage {
  let loading: Promise<{ default: ComponentType }> | null = null;
  let loaded: ComponentType | null = null;
  const preload = () =>
    (loading ??= load().then((Component) => {
      loaded = Component;
      return { default: Component };
    }));
  const Lazy = lazy(preload);
  // React.lazy suspends on its first render even when the chunk is already here (a promise
  // tells its result only asynchronously), and React holds a revealed Suspense boundary back
  // for up to 300 ms: a preloaded page renders directly instead. Chosen once per mount, so a
  // page never remounts when its chunk arrives.
  function Page() {
    const [Component] = useState(() => loaded ?? Lazy);
    return createElement(Component);
  }
  return { Component: Page, preload, query };
}

/**
 * Every page is its own chunk, so the first load carries the shell (router, query client,
 * sign-in, layout) and only the page the user opened. Paths are relative to the layout route.
 */
export const pageRoutes: { path: string; page: LazyPage }[] = [
  {
    path: '/',
    page: page(
      () => import('../overview/OverviewPage').then((m) => m.OverviewPage),
      query(async () => (await import('../overview/overviewApi')).overviewQuery),
    ),
  },
  {
    path: 'pipelines',
    page: page(
      () => import('../pipelines/PipelinesPage').then((m) => m.PipelinesPage),
      query(async () => (await import('../pipelines/schedulesApi')).schedulesQuery),
    ),
  },
  { path: 'pipelines/new', page: page(() => import('../pipelines/ScheduleEditPage').then((m) => m.ScheduleEditPage)) },
  { path: 'pipelines/:name', page: page(() => import('../pipelines/PipelinePage').then((m) => m.PipelinePage)) },
  { path: 'pipelines/:name/edit', page: page(() => import('../pipelines/ScheduleEditPage').then((m) => m.ScheduleEditPage)) },
  { path: 'runs', page: page(() => import('../runs/RunsPage').then((m) => m.RunsPage)) },
  { path: 'runs/:id', page: page(() => import('../runs/RunDetailPage').then((m) => m.RunDetailPage)) },
  { path: 'plugins', page: page(() => import('../plugins/PluginsPage').then((m) => m.PluginsPage)) },
  { path: 'plugins/:type/:name', page: page(() => import('../plugins/PluginPage').then((m) => m.PluginPage)) },
  { path: 'state', page: page(() => import('../state/StatePage').then((m) => m.StatePage)) },
  { path: 'users', page: page(() => import('../users/UsersPage').then((m) => m.UsersPage)) },
  { path: 'notifications', page: page(() => import('../notifications/NotificationsPage').then((m) => m.NotificationsPage)) },
  { path: 'audit', page: page(() => import('../audit/AuditPage').then((m) => m.AuditPage)) },
  { path: 'account', page: page(() => import('../account/AccountPage').then((m) => m.AccountPage)) },
];

/**
 * Called before the first render: the opened page's chunk then downloads while the session
 * is refreshed and /identity is read, instead of after them.
 */
export function preloadPageFor(pathname: string): void {
  const route = routeFor(pathname);
  void route?.page.preload();
  void route?.page.query?.();
}

/**
 * Called once the session is signed in: the opened page's data is then on its way while
 * /identity is read and the app renders, instead of after.
 */
export async function prefetchPageData(pathname: string, queryClient: QueryClient, api: Api): Promise<void> {
  const load = routeFor(pathname)?.page.query;
  if (load) await (await load())(queryClient, api);
}

/** The route entry of a location's path (first match wins, so `pipelines/new` before `pipelines/:name`). */
export function routeFor(pathname: string) {
  return pageRoutes.find((r) => matchPath({ path: r.path === '/' ? '/' : `/${r.path}`, end: true }, pathname));
}
