import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import type { AuditEntry } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ErrorAlert, Loading } from '../layout/controls';
import { formatTime } from '../layout/format';
import { usePageTitle } from '../layout/usePageTitle';

interface Filters {
  actor: string;
  action: string;
  from: string;
  to: string;
}

function query(f: Filters): string {
  const params = new URLSearchParams();
  if (f.actor) params.set('actor', f.actor);
  if (f.action) params.set('action', f.action);
  if (f.from) params.set('from', new Date(f.from).toISOString());
  if (f.to) params.set('to', new Date(f.to).toISOString());
  const text = params.toString();
  return text ? `/audit?${text}` : '/audit';
}

export function AuditPage() {
  usePageTitle('Audit log');
  const { can, identity } = useIdentity();
  if (!can.isAdmin) {
    return (
      <>
        <h1>Audit log</h1>
        <p role="alert" className="alert alert-error">
          Only admins can read the audit log. You are signed in as {identity.user?.role ?? 'a guest'}.
        </p>
      </>
    );
  }
  return <AuditLog />;
}

function AuditLog() {
  const api = useApi();
  const [filters, setFilters] = useState<Filters>({ actor: '', action: '', from: '', to: '' });
  const path = query(filters);
  const rows = useQuery({ queryKey: ['audit', path], queryFn: () => api.get<AuditEntry[]>(path) });
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));

  return (
    <>
      <h1>Audit log</h1>
      <form className="row" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <label>
          Actor
          <input value={filters.actor} onChange={set('actor')} />
        </label>
        <label>
          Action
          <input value={filters.action} onChange={set('action')} placeholder="e.g. save_schedule" />
        </label>
        <label>
          From
          <input type="datetime-local" value={filters.from} onChange={set('from')} />
        </label>
        <label>
          To
          <input type="datetime-local" value={filters.to} onChange={set('to')} />
        </label>
      </form>
      <ErrorAlert error={rows.error} />
      {rows.isPending && <Loading what="the audit log" />}
      {rows.data && rows.data.length === 0 && <p>No entries match.</p>}
      {rows.data && rows.data.length > 0 && (
        <table className="table responsive">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Outcome</th>
              <th scope="col">From</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.data.map((r) => (
              <tr key={r.id}>
                <td data-label="When">{formatTime(r.at)}</td>
                <td data-label="Actor">
                  {r.actor} <span className="muted">({r.source})</span>
                </td>
                <td data-label="Action">{r.action}</td>
                <td data-label="Target">{r.target ?? ''}</td>
                <td data-label="Outcome">{r.outcome}</td>
                <td data-label="From">{r.sourceIp ?? r.request ?? ''}</td>
                <td data-label="Details">
                  {(r.before || r.after) && (
                    <details>
                      <summary>before / after</summary>
                      {r.request && <p>{r.request}</p>}
                      {r.before && <pre>{r.before}</pre>}
                      {r.after && <pre>{r.after}</pre>}
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
