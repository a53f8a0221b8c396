import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { seg } from '../api/request';
import type { NotificationChannel } from '../api/types';
import { ActionButton, ErrorAlert } from '../layout/controls';
import { submitting } from './forms';

type Fields = Record<'name' | 'type' | 'url' | 'secret' | 'host' | 'port' | 'security' | 'username' | 'password' | 'from' | 'to' | 'timeout', string>;

function fieldsOf(c: NotificationChannel | null): Fields {
  return {
    name: c?.name ?? '',
    type: c?.type ?? 'webhook',
    url: c?.url ?? '',
    secret: c?.secret ?? '',
    host: c?.host ?? '',
    port: c?.port ?? '',
    security: c?.security ?? 'starttls',
    username: c?.username ?? '',
    password: c?.password ?? '',
    from: c?.from ?? '',
    to: c?.to.join(', ') ?? '',
    timeout: c?.timeout ?? '',
  };
}

/** Add or edit one channel. A secret shown as "(redacted)" and left so keeps the stored value. */
export function ChannelForm({ channel, onDone }: { channel: NotificationChannel | null; onDone: () => void }) {
  const api = useApi();
  const titleId = useId();
  const [f, setF] = useState<Fields>(() => fieldsOf(channel));
  const set = (key: keyof Fields) => (e: { target: { value: string } }) => setF((old) => ({ ...old, [key]: e.target.value }));
  const save = useMutation({
    mutationFn: () =>
      api.send<NotificationChannel>('PUT', `/notifications/channels/${seg(f.name.trim())}`, {
        type: f.type,
        url: f.type === 'email' ? null : f.url.trim(),
        secret: f.type === 'webhook' ? f.secret : null,
        host: f.type === 'email' ? f.host.trim() : null,
        port: f.type === 'email' && f.port ? Number(f.port) : null,
        security: f.type === 'email' ? f.security : null,
        username: f.type === 'email' ? f.username.trim() : null,
        password: f.type === 'email' ? f.password : null,
        from: f.type === 'email' ? f.from.trim() : null,
        to: f.type === 'email' ? f.to.split(',').map((t) => t.trim()).filter(Boolean) : null,
        timeout: f.timeout.trim() || null,
      }),
    onSuccess: onDone,
  });
  return (
    <section aria-labelledby={titleId}>
      <h3 id={titleId}>{channel ? `Edit channel ${channel.name}` : 'Add a channel'}</h3>
      <form className="stack form" onSubmit={submitting(() => save.mutate())}>
        <ErrorAlert error={save.error} />
        <label>
          Name
          <input required autoComplete="off" value={f.name} readOnly={channel !== null} onChange={set('name')} />
        </label>
        <label>
          Type
          <select value={f.type} onChange={set('type')}>
            <option value="webhook">webhook (JSON, signed)</option>
            <option value="slack">Slack-compatible incoming webhook</option>
            <option value="email">e-mail (SMTP)</option>
          </select>
        </label>
        {f.type !== 'email' && (
          <label>
            URL
            <input required autoComplete="off" value={f.url} onChange={set('url')} placeholder="https://… or $SLACK_WEBHOOK_URL" />
          </label>
        )}
        {f.type === 'webhook' && (
          <label>
            Signing secret
            <input autoComplete="off" value={f.secret} onChange={set('secret')} placeholder="$TAPLINE_WEBHOOK_SECRET" />
          </label>
        )}
        {f.type === 'email' && (
          <>
            <label>
              SMTP host
              <input required value={f.host} onChange={set('host')} />
            </label>
            <label>
              Port
              <input inputMode="numeric" value={f.port} onChange={set('port')} placeholder="587" />
            </label>
            <label>
              Security
              <select value={f.security} onChange={set('security')}>
                <option value="starttls">STARTTLS</option>
                <option value="tls">TLS</option>
                <option value="none">none</option>
              </select>
            </label>
            <label>
              Username
              <input autoComplete="off" value={f.username} onChange={set('username')} />
            </label>
            <label>
              Password
              <input autoComplete="off" value={f.password} onChange={set('password')} placeholder="$SMTP_PASSWORD" />
            </label>
            <label>
              From
              <input required value={f.from} onChange={set('from')} />
            </label>
            <label>
              To (comma-separated)
              <input required value={f.to} onChange={set('to')} />
            </label>
          </>
        )}
        <div className="row">
          <ActionButton type="submit" variant="primary" busy={save.isPending}>
            Save channel
          </ActionButton>
          <ActionButton onClick={onDone}>Cancel</ActionButton>
        </div>
      </form>
    </section>
  );
}
