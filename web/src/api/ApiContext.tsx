import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { AuthSession, SessionSnapshot } from '../auth/AuthSession';
import { request, type Method } from './request';

export interface Api {
  session: AuthSession;
  get<T>(path: string): Promise<T>;
  send<T>(method: Method, path: string, body?: unknown): Promise<T>;
}

const ApiContext = createContext<Api | null>(null);

export function ApiProvider({ session, children }: { session: AuthSession; children: ReactNode }) {
  const api = useMemo<Api>(
    () => ({
      session,
      get: <T,>(path: string) => request<T>(session, 'GET', path),
      send: <T,>(method: Method, path: string, body?: unknown) => request<T>(session, method, path, body),
    }),
    [session],
  );
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an ApiProvider above it.');
  return api;
}

export function useSession(): SessionSnapshot {
  const { session } = useApi();
  return useSyncExternalStore(session.subscribe, session.snapshot);
}
