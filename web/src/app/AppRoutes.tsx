import { Suspense, type ComponentType } from 'react';
import { Route, Routes } from 'react-router';
import { SignInRoute } from '../auth/SignInRoute';
import { Layout } from '../layout/Layout';
import { Loading } from '../layout/controls';
import { NotFoundPage } from '../layout/NotFoundPage';
import { pageRoutes } from './pages';

/** The header and navigation stay while a page's chunk loads; only the page area waits. */
function PageSlot({ page: Page }: { page: ComponentType }) {
  return (
    <Suspense fallback={<Loading what="page" />}>
      <Page />
    </Suspense>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        {pageRoutes.map(({ path, page }) =>
          path === '/' ? (
            <Route key={path} index element={<PageSlot page={page.Component} />} />
          ) : (
            <Route key={path} path={path} element={<PageSlot page={page.Component} />} />
          ),
        )}
        <Route path="sign-in" element={<SignInRoute />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
