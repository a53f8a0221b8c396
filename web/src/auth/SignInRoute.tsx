import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate } from 'react-router';
import { useIdentity } from '../identity/IdentityContext';
import { usePageTitle } from '../layout/usePageTitle';
import { SignInForm } from './SignInForm';

/** Reached from the header when anonymous read-only access lets people look without signing in. */
export function SignInRoute() {
  usePageTitle('Sign in');
  const { identity } = useIdentity();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  if (identity.user || !identity.authenticationEnabled) return <Navigate to="/pipelines" replace />;
  return (
    <div className="narrow">
      <h1>Sign in to Tapline</h1>
      <SignInForm
        onSignedIn={() => {
          void queryClient.invalidateQueries();
          void navigate('/pipelines');
        }}
      />
    </div>
  );
}
