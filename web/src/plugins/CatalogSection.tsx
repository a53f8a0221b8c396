import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import { ApiError } from '../api/ApiError';
import { seg } from '../api/request';
import type { CatalogStream, CatalogView, SelectionName } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ActionButton, ErrorAlert, Loading } from '../layout/controls';
import { formatTime } from '../layout/format';
import { togglePattern } from './selectPatterns';
import { envQuery } from './useEnvironment';

const included = (s: SelectionName) => s === 'selected' || s === 'automatic';
const fixed = (s: SelectionName) => s === 'automatic' || s === 'unsupported';

/** An extractor's discovered catalog as a tree of streams and properties; ticking edits `select:` in meltano.yml. */
export function CatalogSection({ name, environment }: { name: string; environment: string }) {
  const api = useApi();
  const { can } = useIdentity();
  const queryClient = useQueryClient();
  const key = ['plugins', 'extractors', name, 'catalog', environment];
  const catalog = useQuery({
    queryKey: key,
    queryFn: () => api.get<CatalogView>(`/plugins/extractors/${seg(name)}/catalog${envQuery(environment)}`),
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
  });
  const [draft, setDraft] = useState<{ patterns: string[]; ticks: Record<string, boolean> } | null>(null);
  const save = useMutation({
    mutationFn: (patterns: string[]) =>
      api.send<CatalogView>('PUT', `/plugins/extractors/${seg(name)}/select${envQuery(environment)}`, { select: patterns }),
    onSuccess: (view) => {
      queryClient.setQueryData(key, view);
      setDraft(null);
    },
  });
  const refresh = useMutation({
    mutationFn: () => api.send<CatalogView>('POST', `/plugins/extractors/${seg(name)}/catalog/refresh${envQuery(environment)}`),
    onSuccess: (view) => {
      queryClient.setQueryData(key, view);
      setDraft(null);
    },
  });
  const data = catalog.data;
  const notDiscovered = catalog.error instanceof ApiError && catalog.error.status === 404;

  const toggle = (stream: string, path: string | null, include: boolean) => {
    if (!data) return;
    const patterns = togglePattern(draft?.patterns ?? data.select, stream, path, include);
    setDraft({ patterns, ticks: { ...(draft?.ticks ?? {}), [`${stream}\u0000${path ?? ''}`]: include } });
  };
  const checked = (stream: string, path: string | null, selection: SelectionName) =>
    draft?.ticks[`${stream}\u0000${path ?? ''}`] ?? included(selection);

  return (
    <section aria-labelledby="catalog-title">
      <h2 id="catalog-title">Catalog and selection</h2>
      {notDiscovered ? <p className="muted">{(catalog.error as ApiError).message}</p> : <ErrorAlert error={catalog.error} />}
      <ErrorAlert error={refresh.error} />
      <ActionButton blockedBy={can.write} busy={refresh.isPending} onClick={() => refresh.mutate()}>
        {refresh.isPending ? 'Discovering…' : 'Refresh catalog'}
      </ActionButton>
      {catalog.isPending && <Loading what="catalog" />}
      {data && (
        <>
          <p className="muted">
            Discovered {formatTime(data.discoveredAt)} · select: <code>{(draft?.patterns ?? data.select).join('  ')}</code>
            {!data.selectWritten && !draft && ' (the default: everything)'}
            {' · saving writes '}
            {environment ? `environment ${environment}'s entry for ${name}` : `${name}'s entry`} in meltano.yml
          </p>
          <ul className="catalog-tree" aria-label={`Catalog of ${name}`}>
            {data.streams.map((s) => (
              <StreamNode key={s.stream} stream={s} blockedBy={can.editProject} checked={checked} onToggle={toggle} />
            ))}
          </ul>
          <ErrorAlert error={save.error} />
          <div className="row">
            <ActionButton
              variant="primary"
              blockedBy={can.editProject}
              disabled={!draft}
              busy={save.isPending}
              onClick={() => draft && save.mutate(draft.patterns)}
            >
              Save selection
            </ActionButton>
            {draft && <ActionButton onClick={() => setDraft(null)}>Discard changes</ActionButton>}
          </div>
        </>
      )}
    </section>
  );
}

function StreamNode({
  stream,
  blockedBy,
  checked,
  onToggle,
}: {
  stream: CatalogStream;
  blockedBy: string | null;
  checked: (stream: string, path: string | null, selection: SelectionName) => boolean;
  onToggle: (stream: string, path: string | null, include: boolean) => void;
}) {
  const s = stream;
  return (
    <li data-stream={s.stream}>
      <label className="inline">
        <input
          type="checkbox"
          checked={checked(s.stream, null, s.selection)}
          disabled={Boolean(blockedBy) || fixed(s.selection)}
          title={blockedBy ?? undefined}
          onChange={(e) => onToggle(s.stream, null, e.target.checked)}
        />
        <code>{s.stream}</code>
      </label>
      <span className={`badge sel-${s.selection}`}>{s.selection}</span>
      <span className="muted small">
        {' '}
        {s.replicationMethod ?? 'replication method not declared'}
        {s.replicationKey.length > 0 && ` · key ${s.replicationKey.join(', ')}`}
        {s.keyProperties.length > 0 && ` · primary key ${s.keyProperties.join(', ')}`}
      </span>
      {s.properties.length > 0 && (
        <ul>
          {s.properties.map((p) => (
            <li key={p.path} data-property={p.path} style={{ paddingLeft: `${(p.path.split('.').length - 1) * 1.2}rem` }}>
              <label className="inline">
                <input
                  type="checkbox"
                  checked={checked(s.stream, p.path, p.selection)}
                  disabled={Boolean(blockedBy) || fixed(p.selection)}
                  title={blockedBy ?? undefined}
                  onChange={(e) => onToggle(s.stream, p.path, e.target.checked)}
                />
                <code>{p.path.split('.').at(-1)}</code>
              </label>
              <span className={`badge sel-${p.selection}`}>{p.selection}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
