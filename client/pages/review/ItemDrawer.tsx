import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { ItemRow } from '../../../shared/api.ts';
import { ItemPatchSchema } from '../../../shared/review/api.ts';
import { patchItem } from '../../api/review.ts';
import { ErrorNote } from '../../ui/Feedback.tsx';
import { StatusBadge } from '../../ui/Status.tsx';
import { Timeline } from './Timeline.tsx';

/**
 * One item from the Data page, in a drawer at the side: its tags (editable by managers: skill
 * routing reads them) and its timeline. A native <dialog>: focus is trapped, Escape closes it.
 */
export function ItemDrawer({
  item,
  canEdit,
  onClose,
  onTags,
}: {
  item: ItemRow | null;
  canEdit: boolean;
  onClose: () => void;
  onTags: (id: number, tags: string[]) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (item && !d.open) d.showModal();
    if (!item && d.open) d.close();
  }, [item]);
  return (
    <dialog
      ref={ref}
      className="drawer"
      aria-label={item ? `Item ${item.extId}` : 'Item'}
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside the panel) closes it.
        if (e.target === e.currentTarget) onClose();
      }}
      onKeyDown={() => undefined}
    >
      {item && (
        <div className="drawer-body">
          <header className="modal-head">
            <h2>
              Item <span className="ext-id">{item.extId}</span>
            </h2>
            <button type="button" className="btn ghost icon" aria-label="Close" onClick={onClose}>
              ×
            </button>
          </header>
          <div className="drawer-meta">
            <StatusBadge status={item.status} />
            <span className="muted small">
              {item.annotations} {item.annotations === 1 ? 'annotation' : 'annotations'}
            </span>
          </div>
          <p className="preview drawer-preview" dir="auto">
            {item.preview}
          </p>
          <TagsEditor key={item.id} item={item} canEdit={canEdit} onSaved={(tags) => onTags(item.id, tags)} />
          <section className="drawer-section" aria-label="History">
            <h3>History</h3>
            <Timeline itemId={item.id} />
          </section>
        </div>
      )}
    </dialog>
  );
}

function TagsEditor({
  item,
  canEdit,
  onSaved,
}: {
  item: ItemRow;
  canEdit: boolean;
  onSaved: (tags: string[]) => void;
}) {
  const [tags, setTags] = useState(item.tags);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState(false);
  const check = ItemPatchSchema.shape.tags.safeParse(tags);
  const dirty = tags.join('\n') !== item.tags.join('\n');

  if (!canEdit)
    return (
      <section className="drawer-section" aria-label="Tags">
        <h3>Tags</h3>
        {item.tags.length ? (
          <div className="tag-list">
            {item.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </div>
        ) : (
          <p className="muted small">No tags.</p>
        )}
      </section>
    );

  const add = (e?: FormEvent) => {
    e?.preventDefault();
    const fresh = text
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t && !tags.includes(t));
    if (fresh.length) setTags([...tags, ...new Set(fresh)]);
    setText('');
    setSaved(false);
  };

  async function save() {
    if (!check.success) return;
    setBusy(true);
    setError(null);
    try {
      await patchItem(item.id, { tags });
      onSaved(tags);
      setSaved(true);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="drawer-section" aria-label="Tags">
      <h3>Tags</h3>
      <p className="muted small">
        Tiers and queues that route by skill send a tagged item only to people with a matching skill.
      </p>
      <div className="tag-list">
        {tags.map((t) => (
          <span key={t} className="tag tag-edit">
            {t}
            <button
              type="button"
              className="linklike"
              aria-label={`Remove tag ${t}`}
              onClick={() => {
                setTags(tags.filter((x) => x !== t));
                setSaved(false);
              }}
            >
              ×
            </button>
          </span>
        ))}
        {!tags.length && <span className="muted small">No tags.</span>}
      </div>
      <form className="inline-form tag-form" onSubmit={add}>
        <label className="field grow">
          <span className="sr-only">New tag</span>
          <input
            value={text}
            maxLength={60}
            placeholder="Add a tag, e.g. medicine"
            onChange={(e) => setText(e.target.value)}
            onBlur={() => text.trim() && add()}
          />
        </label>
        <button type="submit" className="btn" disabled={!text.trim()}>
          Add
        </button>
      </form>
      {!check.success && <p className="field-error">{check.error.issues[0]?.message}</p>}
      {error && <ErrorNote error={error} />}
      <div className="form-actions">
        <span className="muted small" aria-live="polite">
          {dirty ? 'Unsaved changes' : saved ? 'Saved' : ''}
        </span>
        <button
          type="button"
          className="btn primary"
          disabled={busy || !dirty || !check.success}
          onClick={save}
        >
          {busy ? 'Saving…' : 'Save tags'}
        </button>
      </div>
    </section>
  );
}
