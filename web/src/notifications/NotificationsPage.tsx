import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import { seg } from '../api/request';
import type { Delivery, NotificationChannel, Notifications, TestResult } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ActionButton, ConfirmButton, ErrorAlert, Loading } from '../layout/controls';
import { formatTime } from '../layout/format';
import { usePageTitle } from '../layout/usePageTitle';
import { ChannelForm } from './ChannelForm';
import { RulesEditor } from './RulesEditor';

export function NotificationsPage() {
  usePageTitle('Notifications');
  const { can, identity } = useIdentity();
  if (!can.isAdmin) {
    return (
      <>
        <h1>Notifications</h1>
        <p role="alert" className="alert alert-error">
          Only admins can manage notifications. You are signed in as {identity.user?.role ?? 'a guest'}.
        </p>
      </>
    );
  }
  return <NotificationsAdmin />;
}

function NotificationsAdmin() {
  const api = useApi();
  const { can } = useIdentity();
  const queryClient = useQueryClient();
  const config = useQuery({ queryKey: ['notifications'], queryFn: () => api.get<Notifications>('/notifications') });
  const deliveries = useQuery({ queryKey: ['notifications', 'deliveries'], queryFn: () => api.get<Delivery[]>('/notifications/deliveries') });
  const [editing, setEditing] = useState<NotificationChannel | 'new' | null>(null);
  const [results, setResults] = useState<Record<string, TestResult>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const test = useMutation({
    mutationFn: (name: string) => api.send<TestResult>('POST', `/notifications/channels/${seg(name)}/test`),
    onSuccess: (result, name) => {
      setResults((r) => ({ ...r, [name]: result }));
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (name: string) => api.send<void>('DELETE', `/notifications/channels/${seg(name)}`),
    onSuccess: () => refresh(),
  });

  return (
    <>
      <h1>Notifications</h1>
      <ErrorAlert error={config.error ?? test.error ?? remove.error} />
      {config.isPending && <Loading what="notification settings" />}
      {config.data && (
        <>
          <p className="muted">
            {config.data.storedInDatabase
              ? 'Kept in the system database (the project is read-only); this copy replaces meltano.yml’s.'
              : `Kept in ${config.data.source} under annotations.tapline.notifications. Secrets are best written as $VAR references.`}
          </p>
          {config.data.problem && (
            <p role="alert" className="alert alert-error">
              Notifications are paused: {config.data.problem}
            </p>
          )}
          <section aria-labelledby="channels-title">
            <h2 id="channels-title">Channels</h2>
            {config.data.channels.length === 0 ? (
              <p>No channels yet.</p>
            ) : (
              <table className="table responsive">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Type</th>
                    <th scope="col">Destination</th>
                    <th scope="col">Last test</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {config.data.channels.map((c) => (
                    <tr key={c.name}>
                      <th scope="row" data-label="Name">
                        {c.name}
                      </th>
                      <td data-label="Type">{c.type}</td>
                      <td data-label="Destination">{c.type === 'email' ? `${c.to.join(', ')} via ${c.host ?? ''}` : c.url}</td>
                      <td data-label="Last test" role="status">
                        {results[c.name]?.result ?? ''}
                      </td>
                      <td data-label="Actions">
                        <div className="actions">
                          <ActionButton blockedBy={can.write} busy={test.isPending && test.variables === c.name} onClick={() => test.mutate(c.name)}>
                            Send test<span className="sr-only"> to {c.name}</span>
                          </ActionButton>
                          <ActionButton blockedBy={can.write} onClick={() => setEditing(c)}>
                            Edit<span className="sr-only"> {c.name}</span>
                          </ActionButton>
                          <ConfirmButton
                            blockedBy={can.write}
                            label={`Delete ${c.name}`}
                            question={`Delete channel ${c.name}? Rules naming it must be changed first.`}
                            onConfirm={() => remove.mutateAsync(c.name)}
                          />
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {editing === null ? (
              <ActionButton variant="primary" blockedBy={can.write} onClick={() => setEditing('new')}>
                Add channel
              </ActionButton>
            ) : (
              <ChannelForm
                channel={editing === 'new' ? null : editing}
                onDone={() => {
                  setEditing(null);
                  void refresh();
                }}
              />
            )}
          </section>
          <RulesEditor
            rules={config.data.rules}
            events={config.data.events}
            channels={config.data.channels.map((c) => c.name)}
            onSaved={() => void refresh()}
          />
        </>
      )}
      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">Delivery log</h2>
        {deliveries.data && deliveries.data.length === 0 && <p>Nothing sent yet.</p>}
        {deliveries.data && deliveries.data.length > 0 && <DeliveryTable rows={deliveries.data} />}
      </section>
    </>
  );
}

function DeliveryTable({ rows }: { rows: Delivery[] }) {
  return (
    <table className="table responsive" aria-label="Delivery log">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Channel</th>
          <th scope="col">Event</th>
          <th scope="col">Attempt</th>
          <th scope="col">Status</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id}>
            <td data-label="When">{formatTime(d.at)}</td>
            <td data-label="Channel">{d.channel}</td>
            <td data-label="Event">{d.eventKind}</td>
            <td data-label="Attempt">{d.attempt}</td>
            <td data-label="Status">
              {d.ok ? 'delivered' : 'failed'}
              {d.statusCode !== null && ` (${d.statusCode})`}
            </td>
            <td data-label="Error">{d.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
