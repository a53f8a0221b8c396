import { Modal } from '../layout/controls';
import { SignInForm } from './SignInForm';
import { useIdentity } from '../identity/IdentityContext';

/** Over the current page, so what the user was looking at (filters, log position) stays. */
export function SessionExpiredDialog({ onSignedIn }: { onSignedIn: () => void }) {
  const { identity } = useIdentity();
  return (
    <Modal open dismissible={false} title="Your session has ended" onClose={() => undefined}>
      <p>Sign in again to carry on where you were.</p>
      <SignInForm onSignedIn={onSignedIn} initialUser={identity.user?.name ?? ''} />
    </Modal>
  );
}
