import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useApi, useSession } from '../api/ApiContext';
import type { Identity } from '../api/types';
import { SessionExpiredDialog } from '../auth/SessionExpiredDialog';
import { SignInPage } from '../auth/SignInPage';
import { IdentityContext } from '../identity/IdentityContext';
import { permissionsFor } from '../identity/permissions';
import { ErrorAlert, Loading } from '../layout/controls';
import { AppRoutes } from './AppRoutes';
import { prefetchPageData } from './pages';

/** Refresh from the cookie, read /identity, then either the sign-in page or the app. */
export function Bootstrap() {
  const api = useApi();
  const session = useSession();
  const queryClient = useQueryClient();
  const [refreshed, setRefreshed] = useState(false);

  useEffect(() => {
    void api.session
      .restore()
      .then((signedIn) => {
        if (signedIn) void prefetchPageData(window.location.pathname, queryClient, api);
      })
      .finally(() => setRefreshed(true));
  }, [api, queryClient]);

  const identity = useQuery({
    queryKey: ['identity', session.user?.name ?? null],
    queryFn: () => api.get<Identity>('/identity'),
    enabled: refreshed,
  });

  const value = useMemo(
    () => (identity.data ? { identity: identity.data, can: permissionsFor(identity.data) } : null),
    [identity.data],
  );

  if (!refreshed || identity.isPending) return <Loading what="Tapline" />;
  if (identity.isError || !value) {
    return (
      <main className="center">
        <h1>Tapline</h1>
        <ErrorAlert error={identity.error} />
        <button type="button" className="btn btn-primary" onClick={() => void identity.refetch()}>
          Try again
        </button>
      </main>
    );
  }

  const mustSignIn = value.identity.authenticationEnabled && !value.identity.user && !value.identity.anonymousReadonly;
  if (mustSignIn && !session.expired) {
    return <SignInPage onSignedIn={() => void queryClient.invalidateQueries()} />;
  }

  return (
    <IdentityContext.Provider value={value}>
      <AppRoutes />
      {session.expired && <SessionExpiredDialog onSignedIn={() => void queryClient.invalidateQueries()} />}
    </IdentityContext.Provider>
  );
}
