import { useEffect, useId, useRef, useState, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { errorMessage } from '../api/ApiError';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  /** Why the action is not allowed; the button is disabled and its tooltip says this. */
  blockedBy?: string | null;
  busy?: boolean;
  variant?: 'primary' | 'danger' | 'plain';
};

/** A write control: disabled with a tooltip saying why when the user or mode forbids it. */
export function ActionButton({ blockedBy, busy, variant = 'plain', children, className, title, disabled, ...rest }: ButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      className={`btn btn-${variant} ${className ?? ''}`}
      disabled={Boolean(blockedBy) || busy || disabled}
      title={blockedBy ?? title}
      aria-busy={busy || undefined}
    >
      {children}
    </button>
  );
}

export function ErrorAlert({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div role="alert" className="alert alert-error">
      <span>{errorMessage(error)}</span>
      {onDismiss && (
        <button type="button" className="btn btn-plain" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="muted">
      Loading {what}…
    </p>
  );
}

/** A modal <dialog>: the browser traps focus, Escape closes it, focus returns to the opener. */
export function Modal({
  open,
  title,
  onClose,
  children,
  dismissible = true,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  dismissible?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(e) => {
        if (!dismissible) e.preventDefault();
      }}
      className="modal"
    >
      {open && (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}

/** A write button that asks first, in the page (not window.confirm, which automation dismisses). */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  blockedBy,
  variant = 'danger',
}: {
  label: string;
  question: string;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
  blockedBy?: string | null;
  variant?: 'primary' | 'danger' | 'plain';
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setOpen(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ActionButton variant={variant} blockedBy={blockedBy} onClick={() => setOpen(true)}>
        {label}
      </ActionButton>
      <Modal open={open} title={question} onClose={() => setOpen(false)}>
        <ErrorAlert error={error} />
        <div className="row">
          <ActionButton variant={variant} busy={busy} onClick={() => void confirm()}>
            {confirmLabel ?? label}
          </ActionButton>
          <ActionButton onClick={() => setOpen(false)}>Cancel</ActionButton>
        </div>
      </Modal>
    </>
  );
}
