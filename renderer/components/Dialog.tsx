import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ErrorBoundary } from './ErrorBoundary.tsx';

/**
 * A modal built on <dialog>: the browser traps focus, Escape closes it and the rest of the page
 * is inert while it is open. The title stays on top and the body scrolls under it, so a long
 * list never pushes the footer (`.dialog-actions`, kept in view at the bottom) off the screen.
 * What goes wrong inside the dialog stays inside it: the dialog then offers its way out.
 */
export function Dialog({ title, onClose, children, wide = false }: { title: string; onClose(): void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className={`dialog${wide ? ' dialog-wide' : ''}`} aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <div className="dialog-body">
        <ErrorBoundary what="This dialog" back={{ label: 'Close', run: onClose }}>
          {children}
        </ErrorBoundary>
      </div>
    </dialog>
  );
}
