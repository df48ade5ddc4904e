import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ProjectCreateSchema } from '../../../shared/api.ts';
import { ApiError } from '../../api/http.ts';
import { createProject } from '../../api/projects.ts';
import { ErrorNote } from '../../ui/Feedback.tsx';
import { Field } from '../../ui/Field.tsx';
import { issueMap, toNumber } from '../../ui/issues.ts';
import { type SchemaDraft, SchemaEditor } from '../project/schema/SchemaEditor.tsx';
import { SCHEMA_TEMPLATES } from '../project/schema/templates.ts';

export function NewProjectPage() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [overlap, setOverlap] = useState('1');
  const [template, setTemplate] = useState(SCHEMA_TEMPLATES[0]!.id);
  const [schema, setSchema] = useState<SchemaDraft | null>(() =>
    structuredClone(SCHEMA_TEMPLATES[0]!.schema),
  );
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<ApiError | Error | null>(null);

  const result = ProjectCreateSchema.safeParse({ name, description, overlap: toNumber(overlap), schema });
  const errors = issueMap(result.error);
  const schemaErrors = issueMap(result.error, 'schema');
  const serverField = serverError instanceof ApiError ? serverError.field : undefined;
  if (serverField?.startsWith('schema.')) schemaErrors.set(serverField.slice(7), serverError!.message);
  const shown = (field: string) =>
    (tried || touched[field] ? errors.get(field) : undefined) ??
    (serverField === field ? serverError?.message : undefined);

  function pickTemplate(id: string) {
    const t = SCHEMA_TEMPLATES.find((x) => x.id === id)!;
    setTemplate(id);
    setSchema(structuredClone(t.schema));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!result.success) return;
    setBusy(true);
    setServerError(null);
    try {
      const project = await createProject(result.data);
      navigate(`/projects/${project.id}`);
    } catch (err) {
      setServerError(err as Error);
      setBusy(false);
    }
  }

  const blur = (field: string) => () => setTouched((t) => ({ ...t, [field]: true }));

  return (
    <form className="page" onSubmit={submit} noValidate>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/projects">Projects</Link> <span aria-hidden="true">/</span> New
      </nav>
      <h1>New project</h1>
      <section className="panel">
        <h2>About</h2>
        <div className="form-grid">
          <Field label="Name" error={shown('name')}>
            {(p) => (
              <input {...p} value={name} onChange={(e) => setName(e.target.value)} onBlur={blur('name')} />
            )}
          </Field>
          <Field label="Overlap" error={shown('overlap')} hint="How many people label each item.">
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={50}
                value={overlap}
                onChange={(e) => setOverlap(e.target.value)}
                onBlur={blur('overlap')}
              />
            )}
          </Field>
          <Field label="Description" className="span-2" error={shown('description')}>
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            )}
          </Field>
        </div>
      </section>
      <section className="panel">
        <h2>Label schema</h2>
        <fieldset className="templates">
          <legend className="field-label">Start from</legend>
          {SCHEMA_TEMPLATES.map((t) => (
            <label key={t.id} className={`template ${template === t.id ? 'selected' : ''}`}>
              <input
                type="radio"
                name="template"
                value={t.id}
                checked={template === t.id}
                onChange={() => pickTemplate(t.id)}
              />
              <strong>{t.title}</strong>
              <span className="muted small">{t.blurb}</span>
            </label>
          ))}
        </fieldset>
        <p className="muted small">
          Edit the tasks below, or choose “Edit as JSON” to paste a schema file. Hotkeys left empty are
          assigned when you save.
        </p>
        <SchemaEditor value={schema} onChange={setSchema} errors={schemaErrors} />
      </section>
      {serverError && !serverField && <ErrorNote error={serverError} />}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy || (tried && !result.success)}>
          {busy ? 'Creating…' : 'Create project'}
        </button>
        <Link to="/projects" className="btn ghost">
          Cancel
        </Link>
        {tried && !result.success && <span className="field-error">Fix the fields marked above.</span>}
      </div>
    </form>
  );
}
