import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../api/ApiContext';
import type { Plugin, PluginType } from '../api/types';
import { ErrorAlert, Loading } from '../layout/controls';
import { usePageTitle } from '../layout/usePageTitle';
import { EnvironmentPicker } from './EnvironmentPicker';
import { envQuery, useEnvironment } from './useEnvironment';

const order: PluginType[] = ['extractors', 'loaders', 'mappers', 'transformers', 'utilities', 'orchestrators', 'files'];

export function PluginsPage() {
  usePageTitle('Plugins');
  const api = useApi();
  const { environment } = useEnvironment();
  const plugins = useQuery({
    queryKey: ['plugins', environment],
    queryFn: () => api.get<Plugin[]>(`/plugins${envQuery(environment)}`),
  });
  const groups = order
    .map((type) => [type, plugins.data?.filter((p) => p.type === type) ?? []] as const)
    .filter(([, list]) => list.length > 0);

  return (
    <>
      <div className="page-head">
        <h1>Plugins</h1>
        <EnvironmentPicker />
      </div>
      <ErrorAlert error={plugins.error} />
      {plugins.isPending && <Loading what="plugins" />}
      {plugins.data?.length === 0 && <p>No plugins in meltano.yml.</p>}
      {groups.map(([type, list]) => (
        <section key={type} aria-labelledby={`type-${type}`}>
          <h2 id={`type-${type}`}>{type[0]!.toUpperCase() + type.slice(1)}</h2>
          <table className="table responsive">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Variant</th>
                <th scope="col">Installs from</th>
                <th scope="col">Installed</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.name}>
                  <th scope="row" data-label="Name">
                    <Link to={`/plugins/${p.type}/${encodeURIComponent(p.name)}${envQuery(environment)}`}>{p.name}</Link>
                    {p.inheritFrom && <span className="muted small"> inherits {p.inheritFrom}</span>}
                  </th>
                  <td data-label="Variant">{p.variant ?? '—'}</td>
                  <td data-label="Installs from">
                    <code className="small">{p.pipUrl ?? p.executable ?? '—'}</code>
                  </td>
                  <td data-label="Installed">{p.installed ? 'yes' : <span className="warn-text">no — run tapline install</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
