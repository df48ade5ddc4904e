import { type FormEvent, useState } from 'react';
import type { ProjectDeleteCounts } from '../../../shared/api.ts';
import { ApiError } from '../../api/http.ts';
import { deleteProject, previewProjectDelete } from '../../api/projects.ts';
import { ErrorNote } from '../../ui/Feedback.tsx';
import { Field } from '../../ui/Field.tsx';
import { formatCount } from '../../ui/format.ts';
import { Modal } from '../../ui/Modal.tsx';
import { useResource } from '../../ui/useResource.ts';
import { useProject } from './ProjectPage.tsx';

/**
 * The admins' end of the settings: deleting the project with all its data. `onDeleted` gets the
 * notice for the projects list.
 */
export function DangerZone({ onDeleted }: { onDeleted: (notice: string) => void }) {
  const { project } = useProject();
  const [open, setOpen] = useState(false);
  return (
    <section className="panel danger-zone" aria-labelledby="danger-title">
      <h2 id="danger-title">Danger zone</h2>
      <div className="danger-row">
        <p className="muted small danger-text">
          Deleting removes the project with its items, labels, reviews, history and the images no other
          project uses. It cannot be undone; the audit log keeps a record of it.
        </p>
        <button type="button" className="btn danger" onClick={() => setOpen(true)}>
          Delete this project
        </button>
      </div>
      <Modal open={open} title={`Delete “${project.name}”?`} onClose={() => setOpen(false)}>
        <DeleteForm onCancel={() => setOpen(false)} onDeleted={onDeleted} />
      </Modal>
    </section>
  );
}

const COUNT_LABELS: [keyof ProjectDeleteCounts, string, string][] = [
  ['items', 'item', 'items'],
  ['annotations', 'annotation', 'annotations'],
  ['reviews', 'review decision', 'review decisions'],
  ['mediaFiles', 'image file only it uses', 'image files only it uses'],
];

function DeleteForm({ onCancel, onDeleted }: { onCancel: () => void; onDeleted: (notice: string) => void }) {
  const { project } = useProject();
  const counts = useResource((signal) => previewProjectDelete(project.id, signal), [project.id]);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const matches = typed === project.name;
  const fieldError = error instanceof ApiError && error.field === 'confirm' ? error.message : undefined;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await deleteProject(project.id, typed);
      onDeleted(
        'deleted' in result
          ? `Deleted “${project.name}”: ${COUNT_LABELS.map(([k, one, many]) => `${formatCount(result[k])} ${result[k] === 1 ? one : many}`).join(', ')}.`
          : `“${project.name}” is being deleted: it is gone from every list, and its data is removed in the background.`,
      );
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  }

  return (
    <form className="modal-body" onSubmit={submit} noValidate>
      <p>This deletes the project for good, with:</p>
      {counts.error ? (
        <ErrorNote error={counts.error} onRetry={counts.reload} />
      ) : (
        <ul className="delete-counts" aria-busy={counts.loading}>
          {COUNT_LABELS.map(([key, one, many]) => {
            const n = counts.data?.[key];
            return (
              <li key={key}>
                <strong>{n === undefined ? '…' : formatCount(n)}</strong> {n === 1 ? one : many}
              </li>
            );
          })}
        </ul>
      )}
      <p className="muted small">
        Images it shares with other projects stay with them. Members lose access at once.
      </p>
      <Field
        label={
          <>
            Type <strong className="delete-name">{project.name}</strong> to confirm
          </>
        }
        error={fieldError}
        hint="The name exactly as it is written."
      >
        {(p) => (
          <input
            {...p}
            // The native dialog focuses the element carrying the attribute (React's autoFocus sets none).
            ref={(el) => el?.setAttribute('autofocus', '')}
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              setError(null);
            }}
          />
        )}
      </Field>
      {error && !fieldError && <ErrorNote error={error} />}
      <div className="form-actions">
        <button type="button" className="btn ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn primary danger-fill" disabled={!matches || busy}>
          {busy ? 'Deleting…' : 'Delete this project'}
        </button>
      </div>
    </form>
  );
}
