import { SignInForm } from './SignInForm';

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  return (
    <main className="center narrow" id="main">
      <h1>Sign in to Tapline</h1>
      <SignInForm onSignedIn={onSignedIn} />
    </main>
  );
}
