import { useSearchParams } from 'react-router';
import { useIdentity } from '../identity/IdentityContext';

/** The environment whose settings are shown: ?environment=, else the Api's active one. */
export function useEnvironment(): { environment: string; environments: string[]; setEnvironment: (e: string) => void } {
  const { identity } = useIdentity();
  const [params, setParams] = useSearchParams();
  const active = identity.environment ?? '';
  const environment = params.get('environment') ?? active;
  const environments = [...new Set([...(identity.environments), active, environment])].filter(Boolean);
  const setEnvironment = (e: string) => {
    const next = new URLSearchParams(params);
    if (e && e !== active) next.set('environment', e);
    else next.delete('environment');
    setParams(next, { replace: true });
  };
  return { environment, environments, setEnvironment };
}

export const envQuery = (environment: string): string => (environment ? `?environment=${encodeURIComponent(environment)}` : '');
