import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A native modal <dialog>: the browser traps focus, closes it on Escape and restores focus to
 * the button that opened it.
 */
export function Modal(props: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} className="modal" aria-label={props.title} onClose={props.onClose}>
      {props.open && (
        <>
          <header className="modal-head">
            <h2>{props.title}</h2>
            <button type="button" className="btn ghost icon" aria-label="Close" onClick={props.onClose}>
              ×
            </button>
          </header>
          {props.children}
        </>
      )}
    </dialog>
  );
}
