import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useApi } from '../api/ApiContext';
import { seg } from '../api/request';
import type { PluginDetail } from '../api/types';
import { ErrorAlert, Loading } from '../layout/controls';
import { usePageTitle } from '../layout/usePageTitle';
import { CatalogSection } from './CatalogSection';
import { EnvironmentPicker } from './EnvironmentPicker';
import { SettingRow } from './SettingRow';
import { envQuery, useEnvironment } from './useEnvironment';

export function PluginPage() {
  const { type = '', name = '' } = useParams();
  usePageTitle(name);
  const api = useApi();
  const { environment } = useEnvironment();
  const plugin = useQuery({
    queryKey: ['plugins', type, name, environment],
    queryFn: () => api.get<PluginDetail>(`/plugins/${seg(type)}/${seg(name)}${envQuery(environment)}`),
  });
  const p = plugin.data;

  return (
    <>
      <p className="crumbs">
        <Link to={`/plugins${envQuery(environment)}`}>← All plugins</Link> <span className="muted">({type})</span>
      </p>
      <div className="page-head">
        <h1>{name}</h1>
        <EnvironmentPicker />
      </div>
      <ErrorAlert error={plugin.error} />
      {plugin.isPending && <Loading what="settings" />}
      {p && (
        <>
          <dl className="facts card">
            <dt>Variant</dt>
            <dd>{p.variant ?? '—'}</dd>
            <dt>Installs from</dt>
            <dd>
              <code>{p.pipUrl ?? p.executable ?? '—'}</code>
            </dd>
            <dt>Installed</dt>
            <dd>{p.installed ? 'yes' : 'no'}</dd>
          </dl>
          <section aria-labelledby="settings-title">
            <h2 id="settings-title">Settings</h2>
            {p.settings.length === 0 ? (
              <p className="muted">This plugin declares no settings.</p>
            ) : (
              <table className="table responsive settings">
                <thead>
                  <tr>
                    <th scope="col">Setting</th>
                    <th scope="col">Value</th>
                    <th scope="col">Source</th>
                    <th scope="col">Env var</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {p.settings.map((s) => (
                    <SettingRow key={s.name} plugin={p} setting={s} environment={environment} />
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {type === 'extractors' && <CatalogSection name={name} environment={environment} />}
        </>
      )}
    </>
  );
}
