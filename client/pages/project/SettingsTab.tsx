import { type FormEvent, lazy, Suspense, useEffect, useState } from 'react';
import { useBlocker, useNavigate } from 'react-router';
import { type Project, ProjectPatchSchema } from '../../../shared/api.ts';
import { globalAllows } from '../../../shared/permissions.ts';
import { ApiError } from '../../api/http.ts';
import { patchProject } from '../../api/projects.ts';
import { useUser } from '../../app/session.tsx';
import { ErrorNote } from '../../ui/Feedback.tsx';
import { Field } from '../../ui/Field.tsx';
import { issueMap, toNumber } from '../../ui/issues.ts';
import { DangerZone } from './DangerZone.tsx';
import { useProject } from './ProjectPage.tsx';
import { type SchemaDraft, SchemaEditor } from './schema/SchemaEditor.tsx';
import { ReviewPanel, reviewForm, reviewSettings, useTierMoves, withReviewDefaults } from './TiersEditor.tsx';

function formOf(p: Project) {
  return {
    name: p.name,
    description: p.description,
    overlap: String(p.overlap),
    leaseMinutes: String(p.settings.leaseMinutes),
    snapToWords: p.settings.snapToWords,
    guidelines: p.guidelines,
    schema: structuredClone(p.schema) as SchemaDraft | null,
    review: reviewForm(p.settings),
  };
}
type Form = ReturnType<typeof formOf>;

// The Markdown renderer and sanitiser load only when someone edits guidelines.
const Markdown = lazy(() => import('../../ui/Markdown.tsx').then((m) => ({ default: m.Markdown })));

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function SettingsTab() {
  const { project, setProject } = useProject();
  const [form, setForm] = useState<Form>(() => formOf(project));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [serverError, setServerError] = useState<Error | null>(null);
  const canDelete = globalAllows(useUser().role, 'project.delete');
  // Once the project is deleted, unsaved edits are moot: the guard stands down, then we leave.
  const [deletedNotice, setDeletedNotice] = useState<string | null>(null);
  const navigate = useNavigate();
  useEffect(() => {
    if (deletedNotice) navigate('/projects', { replace: true, state: { notice: deletedNotice } });
  }, [deletedNotice, navigate]);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setSaved(false);
    setServerError(null);
  };

  const result = ProjectPatchSchema.safeParse({
    name: form.name,
    description: form.description,
    overlap: toNumber(form.overlap),
    settings: {
      leaseMinutes: toNumber(form.leaseMinutes),
      snapToWords: form.snapToWords,
      ...reviewSettings(form.review),
    },
    guidelines: form.guidelines,
    schema: form.schema,
  });
  const errors = issueMap(result.error);
  const schemaErrors = issueMap(result.error, 'schema');
  const serverField = serverError instanceof ApiError ? serverError.field : undefined;
  if (serverField) {
    if (serverField.startsWith('schema.')) schemaErrors.set(serverField.slice(7), serverError!.message);
    else errors.set(serverField, serverError!.message);
  }

  // Only what changed is sent, so the audit log names the fields that were edited.
  const patch: Record<string, unknown> = {};
  if (result.success) {
    const v = result.data;
    if (v.name !== project.name) patch.name = v.name;
    if (v.description !== project.description) patch.description = v.description;
    if (v.overlap !== project.overlap) patch.overlap = v.overlap;
    if (v.guidelines !== project.guidelines) patch.guidelines = v.guidelines;
    const current: Record<string, unknown> = withReviewDefaults(project.settings);
    const settings = Object.entries(v.settings ?? {}).filter(([k, val]) => !same(val, current[k]));
    if (settings.length) patch.settings = Object.fromEntries(settings);
    if (!same(v.schema, project.schema)) patch.schema = v.schema;
  }
  const dirty = !result.success || Object.keys(patch).length > 0;
  useUnsavedGuard(dirty && !busy && deletedNotice === null);
  const tierMoves = useTierMoves(project.id, withReviewDefaults(project.settings).tiers, form.review.tiers);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!result.success || !dirty || tierMoves.blocker) return;
    setBusy(true);
    setServerError(null);
    try {
      const next = await patchProject(project.id, patch);
      setProject(next);
      setForm(formOf(next));
      setSaved(true);
    } catch (err) {
      setServerError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="tab-body">
      <form className="settings" onSubmit={save} noValidate>
        <section className="panel">
          <h2>General</h2>
          <div className="form-grid">
            <Field label="Name" error={errors.get('name')}>
              {(p) => <input {...p} value={form.name} onChange={(e) => set('name', e.target.value)} />}
            </Field>
            <Field label="Overlap" error={errors.get('overlap')} hint="How many people label each item.">
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={50}
                  value={form.overlap}
                  onChange={(e) => set('overlap', e.target.value)}
                />
              )}
            </Field>
            <Field label="Description" className="span-2" error={errors.get('description')}>
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={form.description}
                  onChange={(e) => set('description', e.target.value)}
                />
              )}
            </Field>
            <Field
              label="Lease (minutes)"
              error={errors.get('settings.leaseMinutes') ?? errors.get('settings')}
              hint="How long an item handed to an annotator stays reserved for them."
            >
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={1440}
                  value={form.leaseMinutes}
                  onChange={(e) => set('leaseMinutes', e.target.value)}
                />
              )}
            </Field>
            <div className="field">
              <span className="field-label">Text spans</span>
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.snapToWords}
                  onChange={(e) => set('snapToWords', e.target.checked)}
                />
                Snap span edges to whole words
              </label>
            </div>
          </div>
        </section>

        <section className="panel">
          <h2>Guidelines</h2>
          <p className="muted small">Markdown. Annotators and reviewers see this beside their work.</p>
          <div className="guidelines">
            <Field label="Text" error={errors.get('guidelines')}>
              {(p) => (
                <textarea
                  {...p}
                  className="code"
                  rows={12}
                  value={form.guidelines}
                  onChange={(e) => set('guidelines', e.target.value)}
                />
              )}
            </Field>
            <div className="field">
              <span className="field-label">Preview</span>
              <div className="preview-box">
                {form.guidelines.trim() ? (
                  <Suspense fallback={<p className="muted">Rendering…</p>}>
                    <Markdown source={form.guidelines} />
                  </Suspense>
                ) : (
                  <p className="muted">Nothing written yet.</p>
                )}
              </div>
            </div>
          </div>
        </section>

        <section className="panel">
          <h2>Label schema</h2>
          <p className="muted small">
            Hotkeys left empty are assigned when you save. Renaming a task or a label does not rewrite labels
            already given.
          </p>
          <SchemaEditor value={form.schema} onChange={(s) => set('schema', s)} errors={schemaErrors} />
        </section>

        <ReviewPanel
          value={form.review}
          onChange={(r) => set('review', r)}
          errors={errors}
          moves={tierMoves}
        />

        <ArchivePanel />

        <div className="savebar">
          {serverError && !serverField && <ErrorNote error={serverError} />}
          <span className="muted small" aria-live="polite">
            {!result.success
              ? 'Fix the fields marked in red to save.'
              : tierMoves.blocker
                ? tierMoves.blocker
                : dirty
                  ? 'Unsaved changes'
                  : saved
                    ? 'Saved'
                    : 'No changes'}
          </span>
          <button
            type="button"
            className="btn ghost"
            disabled={busy || !dirty}
            onClick={() => {
              setForm(formOf(project));
              setServerError(null);
            }}
          >
            Discard changes
          </button>
          <button
            type="submit"
            className="btn primary"
            disabled={busy || !result.success || !dirty || tierMoves.blocker !== null}
          >
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      {/* After the form, not in it: the dialog holds a form of its own. */}
      {canDelete && <DangerZone onDeleted={setDeletedNotice} />}
    </div>
  );
}

/** Asks before leaving with unsaved edits, by link inside the app or by closing the tab. */
function useUnsavedGuard(dirty: boolean) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm('Leave without saving your changes?')) blocker.proceed();
    else blocker.reset();
  }, [blocker]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}

function ArchivePanel() {
  const { project, setProject } = useProject();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  async function toggle() {
    setBusy(true);
    setError(null);
    try {
      setProject(await patchProject(project.id, { archived: !project.archived }));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="panel">
      <h2>{project.archived ? 'Archived' : 'Archive'}</h2>
      <p className="muted small">
        {project.archived
          ? 'This project is archived: it is hidden from the project list and kept as it is.'
          : 'Archiving hides the project from the list; nothing is deleted and you can bring it back.'}
      </p>
      {error && <ErrorNote error={error} />}
      <button type="button" className="btn" disabled={busy} onClick={toggle}>
        {project.archived ? 'Unarchive project' : 'Archive project'}
      </button>
    </section>
  );
}
