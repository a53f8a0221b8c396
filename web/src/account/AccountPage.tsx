import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApi } from '../api/ApiContext';
import { useIdentity } from '../identity/IdentityContext';
import { ActionButton, ErrorAlert } from '../layout/controls';
import { usePageTitle } from '../layout/usePageTitle';

export function AccountPage() {
  usePageTitle('Account');
  const api = useApi();
  const { identity, can } = useIdentity();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => api.send<void>('POST', '/account/password', { currentPassword: current, newPassword: next }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeat('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(next !== repeat);
    if (next === repeat) change.mutate();
  };

  return (
    <>
      <h1>Account</h1>
      {identity.user && (
        <p>
          Signed in as <strong>{identity.user.name}</strong> ({identity.user.role}).
        </p>
      )}
      <section aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <form className="stack form" onSubmit={submit}>
          <ErrorAlert error={mismatch ? new Error('The new passwords differ; type the same one twice.') : change.error} />
          {change.isSuccess && (
            <p role="status" className="alert alert-ok">
              Password changed.
            </p>
          )}
          <label>
            Current password
            <input required type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
          </label>
          <label>
            New password
            <input required type="password" autoComplete="new-password" minLength={8} value={next} onChange={(e) => setNext(e.target.value)} />
          </label>
          <label>
            Repeat new password
            <input required type="password" autoComplete="new-password" minLength={8} value={repeat} onChange={(e) => setRepeat(e.target.value)} />
          </label>
          <ActionButton type="submit" variant="primary" blockedBy={can.ownPassword} busy={change.isPending}>
            Change password
          </ActionButton>
        </form>
      </section>
    </>
  );
}
