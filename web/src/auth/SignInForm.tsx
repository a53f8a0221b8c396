import { useState, type FormEvent } from 'react';
import { useApi } from '../api/ApiContext';
import { ErrorAlert } from '../layout/controls';

export function SignInForm({ onSignedIn, initialUser = '' }: { onSignedIn: () => void; initialUser?: string }) {
  const { session } = useApi();
  const [username, setUsername] = useState(initialUser);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(username, password);
      setPassword('');
      onSignedIn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="stack" aria-label="Sign in">
      <ErrorAlert error={error} />
      <label>
        Username
        <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          autoFocus={initialUser !== ''}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy || undefined}>
        Sign in
      </button>
    </form>
  );
}
