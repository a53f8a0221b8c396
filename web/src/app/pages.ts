import { lazy, type ComponentType } from 'react';
import { matchPath } from 'react-router';

export interface LazyPage {
  Component: ComponentType;
  /** Starts loading the page's chunk (once); React.lazy then finds it loaded or on its way. */
  preload: () => Promise<unknown>;
}

function page(load: () => Promise<ComponentType>): LazyPage {
  let loading: Promise<{ default: ComponentType }> | null = null;
  const preload = () => (loading ??= load().then((Component) => ({ default: Component })));
  return { Component: lazy(preload), preload };
}

/**
 * Every page is its own chunk, so the first load carries the shell (router, query client,
 * sign-in, layout) and only the page the user opened. Paths are relative to the layout route.
 */
export const pageRoutes: { path: string; page: LazyPage }[] = [
  { path: '/', page: page(() => import('../overview/OverviewPage').then((m) => m.OverviewPage)) },
  { path: 'pipelines', page: page(() => import('../pipelines/PipelinesPage').then((m) => m.PipelinesPage)) },
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
  const route = pageRoutes.find((r) => matchPath({ path: r.path === '/' ? '/' : `/${r.path}`, end: true }, pathname));
  void route?.page.preload();
}
