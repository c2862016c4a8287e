import { useEffect, useRef, type ReactNode } from 'react';
import './Drawer.css';

/**
 * A side panel over the page (role="dialog", named by `label`): Escape, the close button or a click on the backdrop
 * closes it. Focus moves into it when it opens and goes back where it was when it closes, so keyboard users keep
 * their place in the table they opened it from.
 */
export function Drawer({
  label,
  title,
  onClose,
  children,
  actions,
}: {
  /** Accessible name, e.g. "Item q-039". */
  label: string;
  /** Heading shown at the top (defaults to the label). */
  title?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Extra buttons next to the close button. */
  actions?: ReactNode;
}) {
  const panel = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close.current();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      // The element may have been re-rendered away (a virtualised row); then focus simply stays on the body.
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  return (
    <>
      <div className="drawer-backdrop" onClick={() => close.current()} aria-hidden="true" />
      <div ref={panel} className="drawer" role="dialog" aria-modal="true" aria-label={label} tabIndex={-1}>
        <div className="drawer-head">
          <h2 className="drawer-title">{title ?? label}</h2>
          <div className="drawer-actions">
            {actions}
            <button type="button" onClick={() => close.current()} aria-label="Close" title="Close (Esc)">
              ✕
            </button>
          </div>
        </div>
        {children}
      </div>
    </>
  );
}
