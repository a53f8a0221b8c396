import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApi } from '../api/ApiContext';
import { seg } from '../api/request';
import type { Role, UserRow } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ActionButton, ErrorAlert, Loading, Modal } from '../layout/controls';
import { formatTime } from '../layout/format';
import { usePageTitle } from '../layout/usePageTitle';

export function UsersPage() {
  usePageTitle('Users');
  const { can, identity } = useIdentity();
  if (!identity.authenticationEnabled) {
    return (
      <>
        <h1>Users</h1>
        <p>Authentication is off (ui.authentication), so there are no users to manage.</p>
      </>
    );
  }
  if (!can.isAdmin) {
    return (
      <>
        <h1>Users</h1>
        <p role="alert" className="alert alert-error">
          Only admins can manage users. You are signed in as {identity.user?.role ?? 'a guest'}.
        </p>
      </>
    );
  }
  return <UsersAdmin />;
}

function UsersAdmin() {
  const api = useApi();
  const { can, identity } = useIdentity();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.get<UserRow[]>('/users') });
  const change = useMutation({
    mutationFn: ({ method, path, body }: { method: 'POST' | 'PUT'; path: string; body?: unknown }) => api.send<unknown>(method, path, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
  const [resetFor, setResetFor] = useState<string | null>(null);

  return (
    <>
      <h1>Users</h1>
      <ErrorAlert error={users.error ?? change.error} onDismiss={change.error ? () => change.reset() : undefined} />
      {users.isPending && <Loading what="users" />}
      {users.data && (
        <table className="table responsive">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => {
              const self = u.name === identity.user?.name;
              const selfReason = self ? 'You cannot demote or disable yourself; ask another admin.' : null;
              return (
                <tr key={u.name}>
                  <th scope="row" data-label="Name">
                    {u.name}
                    {self && <span className="muted"> (you)</span>}
                  </th>
                  <td data-label="Role">
                    <label>
                      <span className="sr-only">Role of {u.name}</span>
                      <select
                        value={u.role}
                        disabled={Boolean(can.write ?? selfReason) || change.isPending}
                        title={can.write ?? selfReason ?? undefined}
                        onChange={(e) => change.mutate({ method: 'PUT', path: `/users/${seg(u.name)}/role`, body: { role: e.target.value as Role } })}
                      >
                        <option value="admin">admin</option>
                        <option value="viewer">viewer</option>
                      </select>
                    </label>
                  </td>
                  <td data-label="Status">{u.disabled ? 'disabled' : 'active'}</td>
                  <td data-label="Last sign-in">{formatTime(u.lastLoginAt)}</td>
                  <td data-label="Actions">
                    <div className="actions">
                      <ActionButton
                        blockedBy={can.write ?? selfReason}
                        aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.name}`}
                        onClick={() => change.mutate({ method: 'POST', path: `/users/${seg(u.name)}/${u.disabled ? 'enable' : 'disable'}` })}
                      >
                        {u.disabled ? 'Enable' : 'Disable'}
                      </ActionButton>
                      <ActionButton blockedBy={can.write} aria-label={`Reset password of ${u.name}`} onClick={() => setResetFor(u.name)}>
                        Reset password
                      </ActionButton>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <AddUser />
      <Modal open={resetFor !== null} title={`Reset password of ${resetFor ?? ''}`} onClose={() => setResetFor(null)}>
        {resetFor && <ResetPassword name={resetFor} onDone={() => setResetFor(null)} />}
      </Modal>
    </>
  );
}

function AddUser() {
  const api = useApi();
  const { can } = useIdentity();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const add = useMutation({
    mutationFn: () => api.send<UserRow>('POST', '/users', { name: name.trim(), role, password }),
    onSuccess: () => {
      setName('');
      setPassword('');
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <section aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add a user</h2>
      <form className="stack form" onSubmit={submit}>
        <ErrorAlert error={add.error} />
        <label>
          Username
          <input required autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="viewer">viewer</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label>
          Password
          <input required type="password" autoComplete="new-password" minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ActionButton type="submit" variant="primary" blockedBy={can.write} busy={add.isPending}>
          Add user
        </ActionButton>
      </form>
    </section>
  );
}

function ResetPassword({ name, onDone }: { name: string; onDone: () => void }) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => api.send<void>('POST', `/users/${seg(name)}/password`, { password }),
    onSuccess: onDone,
  });
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        reset.mutate();
      }}
    >
      <ErrorAlert error={reset.error} />
      <label>
        New password
        <input required type="password" autoComplete="new-password" minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <div className="row">
        <ActionButton type="submit" variant="primary" busy={reset.isPending}>
          Set password
        </ActionButton>
        <ActionButton onClick={onDone}>Cancel</ActionButton>
      </div>
    </form>
  );
}
