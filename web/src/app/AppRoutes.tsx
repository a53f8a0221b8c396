import { Route, Routes } from 'react-router';
import { AccountPage } from '../account/AccountPage';
import { AuditPage } from '../audit/AuditPage';
import { SignInRoute } from '../auth/SignInRoute';
import { Layout } from '../layout/Layout';
import { NotFoundPage } from '../layout/NotFoundPage';
import { NotificationsPage } from '../notifications/NotificationsPage';
import { OverviewPage } from '../overview/OverviewPage';
import { PipelinePage } from '../pipelines/PipelinePage';
import { PipelinesPage } from '../pipelines/PipelinesPage';
import { ScheduleEditPage } from '../pipelines/ScheduleEditPage';
import { PluginPage } from '../plugins/PluginPage';
import { PluginsPage } from '../plugins/PluginsPage';
import { RunDetailPage } from '../runs/RunDetailPage';
import { RunsPage } from '../runs/RunsPage';
import { StatePage } from '../state/StatePage';
import { UsersPage } from '../users/UsersPage';

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<OverviewPage />} />
        <Route path="pipelines" element={<PipelinesPage />} />
        <Route path="pipelines/new" element={<ScheduleEditPage />} />
        <Route path="pipelines/:name" element={<PipelinePage />} />
        <Route path="pipelines/:name/edit" element={<ScheduleEditPage />} />
        <Route path="runs" element={<RunsPage />} />
        <Route path="runs/:id" element={<RunDetailPage />} />
        <Route path="plugins" element={<PluginsPage />} />
        <Route path="plugins/:type/:name" element={<PluginPage />} />
        <Route path="state" element={<StatePage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="sign-in" element={<SignInRoute />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
