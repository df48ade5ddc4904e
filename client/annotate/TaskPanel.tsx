import { type ReactNode, useEffect, useRef, useSyncExternalStore } from 'react';
import type { LabelledTask, Task } from '../../shared/labelSchema.ts';
import type { Span } from '../../shared/labels.ts';
import type { Commands } from './actions.ts';
import { Keys, keepFocus } from './controls.tsx';
import type { Editor } from './editor.ts';

interface PanelProps {
  editor: Editor;
  commands: Commands;
  /** Required tasks a blocked submit named: drawn in red until answered. */
  missing: readonly string[];
  colorOf: (task: string, label: string) => string;
}

function TaskHead({ task, missing, suggested }: { task: Task; missing: boolean; suggested?: boolean }) {
  const hint =
    task.type === 'choices'
      ? task.multiple
        ? 'choose any'
        : 'choose one'
      : task.type === 'spans'
        ? 'select text, then a label'
        : '';
  return (
    <div className="ann-task-head">
      <h3>
        {task.name}
        {task.required && (
          <span className="ann-required" title="Required: submitting needs an answer">
            required
          </span>
        )}
        {suggested && <span className="ann-suggested-badge">suggested</span>}
      </h3>
      {hint && <span className="muted small">{hint}</span>}
      {missing && (
        <p className="ann-missing-note" role="alert">
          Answer this before submitting.
        </p>
      )}
      {task.description && <p className="muted small ann-task-desc">{task.description}</p>}
    </div>
  );
}

/**
 * Span labels above the text: a click or the label's key labels the selection or relabels the
 * selected span. `aside` goes at the end of the bar (a note that may come and go without moving
 * the text).
 */
export function SpanLabels({
  editor,
  commands,
  missing,
  colorOf,
  aside,
}: PanelProps & { aside?: ReactNode }) {
  const state = useSyncExternalStore(editor.subscribe, editor.get);
  const tasks = editor.schema.tasks.filter((t): t is LabelledTask => t.type === 'spans');
  if (!tasks.length) return null;
  const sel = state.selected ? editor.findSpan(state.selected) : undefined;
  return (
    <div className="ann-spanbar">
      <div className="ann-spantasks">
        {tasks.map((task) => {
          const spans = (state.labels[task.name] as Span[] | undefined) ?? [];
          const counts = new Map<string, number>();
          for (const s of spans) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
          return (
            <section
              key={task.name}
              className={`ann-spantask${missing.includes(task.name) ? ' missing' : ''}`}
              aria-label={`${task.name}: span labels`}
            >
              <span className="ann-spantask-name">
                {task.name}
                {task.required && <span className="ann-required">required</span>}
              </span>
              <div className="ann-labels">
                {task.labels.map((l) => {
                  const color = colorOf(task.name, l.value);
                  const current = sel?.task === task.name && sel.span.label === l.value;
                  return (
                    <button
                      key={l.value}
                      type="button"
                      className={`ann-label${current ? ' current' : ''}`}
                      style={{ borderColor: color }}
                      aria-pressed={current}
                      onMouseDown={keepFocus}
                      onClick={() => commands.label(task.name, l.value)}
                      title={`Label the selection "${l.value}"${l.hotkey ? ` (key ${l.hotkey.toUpperCase()})` : ''}`}
                    >
                      <span className="ann-swatch" style={{ background: color }} />
                      {l.value}
                      {counts.get(l.value) ? <span className="ann-count">{counts.get(l.value)}</span> : null}
                      {l.hotkey && <Keys keys={[l.hotkey]} />}
                    </button>
                  );
                })}
              </div>
            </section>
          );
        })}
      </div>
      {aside}
    </div>
  );
}

/** Choices and free-text tasks, in the schema's order. */
export function Questions({ editor, commands, missing }: PanelProps) {
  const state = useSyncExternalStore(editor.subscribe, editor.get);
  const box = useRef<HTMLDivElement>(null);
  // A blocked submit names the tasks in the status line; the first of them may be scrolled out of
  // the side column (under the guidelines, say), so it is brought into view where it is marked.
  const first = missing[0];
  useEffect(() => {
    if (!first) return;
    const el = [...(box.current?.querySelectorAll<HTMLElement>('[data-task]') ?? [])].find(
      (s) => s.dataset.task === first,
    );
    el?.scrollIntoView({ block: 'nearest' });
  }, [first]);
  const tasks = editor.schema.tasks.filter((t) => t.type === 'choices' || t.type === 'text');
  if (!tasks.length) return null;
  return (
    <div className="ann-questions" ref={box}>
      {tasks.map((task) => {
        const value = state.labels[task.name];
        const suggested = !state.accepted && editor.suggestions.task(task.name, value);
        const isMissing = missing.includes(task.name);
        return (
          <section
            key={task.name}
            className={`ann-task${isMissing ? ' missing' : ''}${suggested ? ' suggested' : ''}`}
            data-task={task.name}
          >
            <TaskHead task={task} missing={isMissing} suggested={suggested} />
            {task.type === 'choices' ? (
              <fieldset className="ann-choices">
                <legend className="sr-only">{task.name}</legend>
                {task.labels.map((l) => {
                  const on = ((value as string[] | undefined) ?? []).includes(l.value);
                  return (
                    <button
                      key={l.value}
                      type="button"
                      className={`ann-choice${on ? ' on' : ''}`}
                      aria-pressed={on}
                      onMouseDown={keepFocus}
                      onClick={() => commands.label(task.name, l.value)}
                    >
                      <span className={task.multiple ? 'ann-box' : 'ann-radio'} aria-hidden="true" />
                      <span className="ann-choice-text">{l.value}</span>
                      {l.hotkey && <Keys keys={[l.hotkey]} />}
                    </button>
                  );
                })}
              </fieldset>
            ) : (
              <textarea
                className="ann-text"
                aria-label={task.name}
                value={(value as string | undefined) ?? ''}
                maxLength={task.type === 'text' ? task.maxLength : undefined}
                rows={3}
                placeholder="Type here; Esc returns to the keyboard shortcuts"
                onChange={(e) => editor.setTask(task.name, e.target.value, { coalesce: `text:${task.name}` })}
              />
            )}
          </section>
        );
      })}
    </div>
  );
}
