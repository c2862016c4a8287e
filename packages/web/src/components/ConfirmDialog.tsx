import { useEffect, useId, useRef, type ReactNode } from 'react';
import './ConfirmDialog.css';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** A destructive action: the confirm button is red, and focus starts on Cancel so Enter does not destroy. */
  danger?: boolean;
  /** Work in progress: the buttons are disabled. */
  busy?: boolean;
  /** Extra buttons between Cancel and the confirm button (e.g. "Delete anyway"). */
  extra?: ReactNode;
}

/**
 * A modal confirmation: Escape or the backdrop cancels, Tab stays inside, and focus returns where it was on close.
 */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, danger, busy, extra }: Props) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    (danger ? cancelRef : confirmRef).current?.focus();
    return () => previous?.focus?.();
  }, [danger]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      if (!busy) onCancel();
    } else if (e.key === 'Tab') {
      // Keep focus in the dialog.
      const focusable = ref.current?.querySelectorAll<HTMLElement>('button:not(:disabled), a[href], input, [tabindex="0"]');
      if (!focusable?.length) return;
      const first = focusable[0]!;
      const last = focusable[focusable.length - 1]!;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <>
      <div className="dialog-backdrop" onClick={() => !busy && onCancel()} />
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref} onKeyDown={onKeyDown}>
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">
          <button type="button" ref={cancelRef} onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          {extra}
          <button type="button" ref={confirmRef} className={danger ? 'danger' : 'primary'} onClick={onConfirm} disabled={busy}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </>
  );
}
