import { useEffect, useId, useRef, useState } from 'react';
import type { z } from 'zod';
import {
  type LabelSchemaSchema,
  PALETTE,
  TASK_TYPES,
  type TaskType,
} from '../../../../shared/labelSchema.ts';

/** A schema as typed in, before validation: what the server accepts as input. */
export type SchemaDraft = z.input<typeof LabelSchemaSchema>;
type DraftTask = SchemaDraft['tasks'][number];
type DraftLabel = Extract<DraftTask, { labels: unknown }>['labels'][number];

const TYPE_NAMES: Record<TaskType, string> = {
  choices: 'Choices',
  spans: 'Text spans',
  boxes: 'Boxes (image)',
  polygons: 'Polygons (image)',
  points: 'Points (image)',
  text: 'Free text answer',
};

/**
 * Stable React keys for tasks and labels, carried over when an edit replaces the object, so a
 * reordered row keeps its DOM node (and its focus) instead of swapping contents with a neighbour.
 */
const keys = new WeakMap<object, number>();
let nextKey = 1;
function keyOf(o: object): number {
  let k = keys.get(o);
  if (k === undefined) {
    k = nextKey++;
    keys.set(o, k);
  }
  return k;
}
function carry<T extends object>(from: object, to: T): T {
  keys.set(to, keyOf(from));
  return to;
}

function move<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const out = [...list];
  const [x] = out.splice(i, 1);
  out.splice(i + by, 0, x as T);
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Accepts pasted JSON the form can show: an object with a list of task objects (and label
 * objects). Whether the values are right is for the schema's validation to say, field by field.
 */
export function toDraft(value: unknown): SchemaDraft | null {
  if (!isObject(value) || !Array.isArray(value.tasks)) return null;
  const ok = value.tasks.every(
    (t) => isObject(t) && (t.labels === undefined || (Array.isArray(t.labels) && t.labels.every(isObject))),
  );
  return ok ? (value as SchemaDraft) : null;
}

function retype(task: DraftTask, type: TaskType): DraftTask {
  const base = { name: task.name, required: task.required, description: task.description };
  const labels = 'labels' in task ? task.labels : [];
  if (type === 'text') return carry(task, { ...base, type });
  if (type === 'choices') return carry(task, { ...base, type, multiple: false, labels });
  return carry(task, { ...base, type, labels });
}

const hasLabelList = (t: DraftTask): t is Extract<DraftTask, { labels: unknown }> => t.type !== 'text';

function unusedColour(schema: SchemaDraft): string {
  const used = new Set(schema.tasks.flatMap((t) => (hasLabelList(t) ? t.labels.map((l) => l.color) : [])));
  const count = schema.tasks.reduce((n, t) => n + (hasLabelList(t) ? t.labels.length : 0), 0);
  return PALETTE.find((c) => !used.has(c)) ?? PALETTE[count % PALETTE.length]!;
}

export interface SchemaEditorProps {
  /** null while the JSON text cannot be read as a schema. */
  value: SchemaDraft | null;
  onChange: (next: SchemaDraft | null) => void;
  /** Messages by path inside the schema, e.g. `tasks.0.labels.1.hotkey`. */
  errors: ReadonlyMap<string, string>;
}

/** Edits a label schema as a form or as raw JSON; validation messages sit beside their fields. */
export function SchemaEditor({ value, onChange, errors }: SchemaEditorProps) {
  const uid = useId();
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const emitted = useRef<SchemaDraft | null>(value);
  const pendingFocus = useRef<string | null>(null);

  // A value set from outside (a template, a reset after saving) replaces the JSON being edited.
  useEffect(() => {
    if (value !== emitted.current && value) {
      setJsonText(JSON.stringify(value, null, 2));
      setJsonError(null);
    }
    emitted.current = value;
  }, [value]);

  useEffect(() => {
    if (!pendingFocus.current) return;
    document.getElementById(pendingFocus.current)?.focus();
    pendingFocus.current = null;
  });

  const emit = (next: SchemaDraft | null) => {
    emitted.current = next;
    onChange(next);
  };
  const id = (o: object, part: string) => `${uid}-${keyOf(o)}-${part}`;
  const err = (path: string) => errors.get(path);

  function toggleMode() {
    if (mode === 'form') {
      setJsonText(JSON.stringify(value, null, 2));
      setJsonError(null);
      setMode('json');
    } else if (value) {
      setMode('form');
    }
  }

  function editJson(text: string) {
    setJsonText(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      setJsonError(`Not valid JSON: ${(e as Error).message}`);
      emit(null);
      return;
    }
    const draft = toDraft(parsed);
    setJsonError(draft ? null : 'A schema is an object with a "tasks" list of task objects.');
    emit(draft);
  }

  if (mode === 'json' || !value) {
    const issues = [...errors.entries()];
    return (
      <div className="schema-editor">
        <div className="schema-toolbar">
          <span className="muted">Raw JSON, as `gloss project create --schema` reads it</span>
          <button type="button" className="btn small" onClick={toggleMode} disabled={!value}>
            Edit as form
          </button>
        </div>
        <label className="sr-only" htmlFor={`${uid}-json`}>
          Schema JSON
        </label>
        <textarea
          id={`${uid}-json`}
          className="code"
          rows={18}
          spellCheck={false}
          value={jsonText}
          aria-invalid={Boolean(jsonError) || issues.length > 0}
          onChange={(e) => editJson(e.target.value)}
        />
        {jsonError ? (
          <p className="field-error">{jsonError}</p>
        ) : (
          issues.length > 0 && (
            <ul className="issue-list">
              {issues.map(([path, message]) => (
                <li key={path}>
                  {path && <code>{path}</code>} {message}
                </li>
              ))}
            </ul>
          )
        )}
      </div>
    );
  }

  const tasks = value.tasks;
  const setTasks = (next: DraftTask[]) => emit({ ...value, tasks: next });
  const setTask = (i: number, next: DraftTask) => setTasks(tasks.map((t, j) => (j === i ? next : t)));

  function addTask() {
    const task: DraftTask = { name: '', type: 'choices', multiple: false, labels: [] };
    pendingFocus.current = id(task, 'name');
    setTasks([...tasks, task]);
  }

  function moveTask(i: number, by: -1 | 1) {
    const task = tasks[i]!;
    const lands = i + by;
    const edge = lands === 0 || lands === tasks.length - 1;
    pendingFocus.current = id(task, edge ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down');
    setTasks(move(tasks, i, by));
  }

  return (
    <div className="schema-editor">
      <div className="schema-toolbar">
        <span className="muted">
          {tasks.length === 0 ? 'No tasks yet' : `${tasks.length} task${tasks.length === 1 ? '' : 's'}`}
        </span>
        <button type="button" className="btn small" onClick={toggleMode}>
          Edit as JSON
        </button>
      </div>
      {(err('') || err('tasks')) && <p className="field-error">{err('') ?? err('tasks')}</p>}
      {tasks.length > 0 && (
        <ol className="task-list">
          {tasks.map((task, i) => (
            <TaskCard
              key={keyOf(task)}
              task={task}
              index={i}
              count={tasks.length}
              id={id}
              err={err}
              onChange={(next) => setTask(i, next)}
              onMove={(by) => moveTask(i, by)}
              onRemove={() => setTasks(tasks.filter((_, j) => j !== i))}
              colour={() => unusedColour(value)}
              focusNext={(target) => {
                pendingFocus.current = target;
              }}
            />
          ))}
        </ol>
      )}
      <button type="button" className="btn" onClick={addTask}>
        + Add task
      </button>
    </div>
  );
}

function TaskCard(props: {
  task: DraftTask;
  index: number;
  count: number;
  id: (o: object, part: string) => string;
  err: (path: string) => string | undefined;
  onChange: (next: DraftTask) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  colour: () => string;
  focusNext: (elementId: string) => void;
}) {
  const { task, index: i, id, err } = props;
  const at = `tasks.${i}`;
  const title = task.name || `task ${i + 1}`;
  const patch = (p: Partial<DraftTask>) => props.onChange(carry(task, { ...task, ...p } as DraftTask));
  const nameErr = err(`${at}.name`);
  const typeErr = err(`${at}.type`);

  const labels = hasLabelList(task) ? task.labels : null;
  const setLabels = (next: DraftLabel[]) =>
    props.onChange(carry(task, { ...task, labels: next } as DraftTask));

  function addLabel() {
    if (!labels) return;
    const label: DraftLabel = { value: '', color: props.colour() };
    props.focusNext(id(label, 'value'));
    setLabels([...labels, label]);
  }

  function moveLabel(j: number, by: -1 | 1) {
    if (!labels) return;
    const label = labels[j]!;
    const lands = j + by;
    const edge = lands === 0 || lands === labels.length - 1;
    props.focusNext(id(label, edge ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down'));
    setLabels(move(labels, j, by));
  }

  return (
    <li className="task-card" aria-label={`Task ${i + 1}: ${title}`}>
      <div className="task-head">
        <span className="task-num" aria-hidden="true">
          {i + 1}
        </span>
        <div className="field">
          <label className="field-label" htmlFor={id(task, 'name')}>
            Task name
          </label>
          <input
            id={id(task, 'name')}
            value={task.name}
            placeholder="e.g. entities"
            aria-invalid={Boolean(nameErr)}
            aria-describedby={nameErr ? id(task, 'name-err') : undefined}
            onChange={(e) => patch({ name: e.target.value })}
          />
          {nameErr && (
            <span className="field-error" id={id(task, 'name-err')}>
              {nameErr}
            </span>
          )}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={id(task, 'type')}>
            Type
          </label>
          <select
            id={id(task, 'type')}
            value={task.type}
            aria-invalid={Boolean(typeErr)}
            onChange={(e) => props.onChange(retype(task, e.target.value as TaskType))}
          >
            {TASK_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_NAMES[t]}
              </option>
            ))}
          </select>
          {typeErr && <span className="field-error">{typeErr}</span>}
        </div>
        <div className="task-flags">
          <label className="check">
            <input
              type="checkbox"
              checked={Boolean(task.required)}
              onChange={(e) => patch({ required: e.target.checked })}
            />
            Required
          </label>
          {task.type === 'choices' && (
            <label className="check">
              <input
                type="checkbox"
                checked={Boolean(task.multiple)}
                onChange={(e) => patch({ multiple: e.target.checked } as Partial<DraftTask>)}
              />
              Multiple
            </label>
          )}
        </div>
        <div className="row-actions">
          <button
            type="button"
            className="btn ghost icon"
            id={id(task, 'up')}
            aria-label={`Move task ${title} up`}
            disabled={i === 0}
            onClick={() => props.onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="btn ghost icon"
            id={id(task, 'down')}
            aria-label={`Move task ${title} down`}
            disabled={i === props.count - 1}
            onClick={() => props.onMove(1)}
          >
            ↓
          </button>
          <button
            type="button"
            className="btn ghost small danger"
            aria-label={`Remove task ${title}`}
            onClick={props.onRemove}
          >
            Remove
          </button>
        </div>
      </div>
      {err(at) && <p className="field-error">{err(at)}</p>}
      {labels ? (
        <div className="labels">
          {labels.length > 0 && (
            <>
              <div className="label-grid-head" aria-hidden="true">
                <span>Colour</span>
                <span>Label value</span>
                <span>Hotkey</span>
              </div>
              <ol className="label-list">
                {labels.map((label, j) => {
                  const lat = `${at}.labels.${j}`;
                  const name = label.value || `label ${j + 1}`;
                  const msgs = [
                    err(`${lat}.value`),
                    err(`${lat}.color`),
                    err(`${lat}.hotkey`),
                    err(lat),
                  ].filter(Boolean);
                  const set = (p: Partial<DraftLabel>) =>
                    setLabels(labels.map((l, k) => (k === j ? carry(l, { ...l, ...p }) : l)));
                  return (
                    <li key={keyOf(label)} className="label-row">
                      <input
                        type="color"
                        className="swatch"
                        aria-label={`Colour of ${name}`}
                        value={label.color ?? PALETTE[j % PALETTE.length]}
                        onChange={(e) => set({ color: e.target.value })}
                      />
                      <input
                        id={id(label, 'value')}
                        aria-label={`Value of label ${j + 1} in ${title}`}
                        placeholder="Label value"
                        value={label.value}
                        aria-invalid={Boolean(err(`${lat}.value`))}
                        aria-describedby={msgs.length ? id(label, 'err') : undefined}
                        onChange={(e) => set({ value: e.target.value })}
                      />
                      <input
                        className="hotkey"
                        aria-label={`Hotkey of ${name}`}
                        placeholder="auto"
                        maxLength={1}
                        value={label.hotkey ?? ''}
                        aria-invalid={Boolean(err(`${lat}.hotkey`))}
                        aria-describedby={msgs.length ? id(label, 'err') : undefined}
                        onChange={(e) => set({ hotkey: e.target.value.toLowerCase() || undefined })}
                      />
                      <div className="row-actions">
                        <button
                          type="button"
                          className="btn ghost icon"
                          id={id(label, 'up')}
                          aria-label={`Move ${name} up`}
                          disabled={j === 0}
                          onClick={() => moveLabel(j, -1)}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className="btn ghost icon"
                          id={id(label, 'down')}
                          aria-label={`Move ${name} down`}
                          disabled={j === labels.length - 1}
                          onClick={() => moveLabel(j, 1)}
                        >
                          ↓
                        </button>
                        <button
                          type="button"
                          className="btn ghost icon danger"
                          aria-label={`Remove ${name}`}
                          onClick={() => setLabels(labels.filter((_, k) => k !== j))}
                        >
                          ×
                        </button>
                      </div>
                      {msgs.length > 0 && (
                        <span className="field-error label-error" id={id(label, 'err')}>
                          {msgs.join(' · ')}
                        </span>
                      )}
                    </li>
                  );
                })}
              </ol>
            </>
          )}
          {err(`${at}.labels`) && <p className="field-error">{err(`${at}.labels`)}</p>}
          <button type="button" className="btn small" onClick={addLabel}>
            + Add label
          </button>
        </div>
      ) : (
        <p className="muted small">Annotators type a free answer; no labels needed.</p>
      )}
    </li>
  );
}
