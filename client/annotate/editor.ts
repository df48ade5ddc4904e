import type { LabelSchema, Task } from '../../shared/labelSchema.ts';
import type { Labels, Span } from '../../shared/labels.ts';
import { toggleChoice } from './kinds/choices.ts';
import { addSpan, compareSpans, relabelSpan, removeSpan, spanKey } from './kinds/spans.ts';
import type { Doc } from './kinds/types.ts';
import type { Suggestions } from './suggestions.ts';
import { UndoHistory } from './undo.ts';

export interface EditorState {
  labels: Labels;
  /** Key of the selected span (kinds/spans.ts spanKey), if any. */
  selected: string | null;
  canUndo: boolean;
  canRedo: boolean;
  /** The annotator accepted the machine's suggestions: nothing is drawn as suggested any more. */
  accepted: boolean;
  /** Bumped on every change of `labels`: what autosave watches. */
  rev: number;
}

/** A span with its task, in reading order across all span tasks (Tab walks this). */
export interface SpanRef {
  task: string;
  key: string;
  span: Span;
}

/**
 * One item's labels while it is being edited: every change goes through here, is recorded for
 * undo, and is announced to subscribers (React reads it with useSyncExternalStore). No DOM.
 */
export class Editor {
  private state: EditorState;
  private readonly history = new UndoHistory();
  private readonly listeners = new Set<() => void>();
  private ordered: { labels: Labels; refs: SpanRef[] } | null = null;
  private untouched: { labels: Labels; left: boolean } | null = null;

  constructor(
    readonly schema: LabelSchema,
    readonly doc: Doc,
    initial: Labels,
    readonly suggestions: Suggestions,
    accepted = false,
  ) {
    this.state = { labels: initial, selected: null, canUndo: false, canRedo: false, accepted, rev: 0 };
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  };

  get = (): EditorState => this.state;

  private set(patch: Partial<EditorState>) {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  task(name: string): Task | undefined {
    return this.schema.tasks.find((t) => t.name === name);
  }

  /** Replaces the labels, recording one undo step. */
  change(next: Labels, opts: { coalesce?: string; select?: string | null } = {}) {
    const { labels } = this.state;
    if (next === labels) {
      if (opts.select !== undefined) this.select(opts.select);
      return;
    }
    this.history.record(labels, next, { coalesce: opts.coalesce });
    this.commit(next, opts.select === undefined ? this.state.selected : opts.select);
  }

  private commit(labels: Labels, selected: string | null) {
    const keep = selected && this.findSpan(selected, labels) ? selected : null;
    this.set({
      labels,
      selected: keep,
      canUndo: this.history.canUndo,
      canRedo: this.history.canRedo,
      rev: this.state.rev + 1,
    });
  }

  setTask(name: string, value: unknown, opts: { coalesce?: string; select?: string | null } = {}) {
    const next = { ...this.state.labels };
    const empty = value === undefined || (Array.isArray(value) && value.length === 0) || value === '';
    if (empty) delete next[name];
    else next[name] = value;
    this.change(next, opts);
  }

  undo() {
    const prev = this.history.undo(this.state.labels);
    if (prev) this.commit(prev, this.state.selected);
  }

  redo() {
    const next = this.history.redo(this.state.labels);
    if (next) this.commit(next, this.state.selected);
  }

  select(key: string | null) {
    if (key !== this.state.selected) this.set({ selected: key });
  }

  accept() {
    if (!this.state.accepted) this.set({ accepted: true });
  }

  /** Whether any machine suggestion is still as the model left it (memoised per labels). */
  suggestionsLeft(): boolean {
    const { labels, accepted } = this.state;
    if (accepted) return false;
    if (this.untouched?.labels !== labels) this.untouched = { labels, left: this.suggestions.any(labels) };
    return this.untouched.left;
  }

  spans(task: string, labels = this.state.labels): Span[] {
    return (labels[task] as Span[] | undefined) ?? [];
  }

  hasSpans(): boolean {
    return this.schema.tasks.some((t) => t.type === 'spans' && this.spans(t.name).length > 0);
  }

  /** Every span of every span task, in reading order. */
  allSpans(): SpanRef[] {
    const { labels } = this.state;
    if (this.ordered?.labels !== labels) {
      const refs: SpanRef[] = [];
      for (const t of this.schema.tasks) {
        if (t.type !== 'spans') continue;
        for (const span of this.spans(t.name, labels))
          refs.push({ task: t.name, key: spanKey(t.name, span), span });
      }
      refs.sort((a, b) => compareSpans(a.span, b.span) || (a.task < b.task ? -1 : 1));
      this.ordered = { labels, refs };
    }
    return this.ordered.refs;
  }

  findSpan(key: string, labels = this.state.labels): SpanRef | undefined {
    // Keys are task:start:end:label (kinds/spans.ts); the label may itself contain colons.
    const [task = '', start, end] = key.split(':', 3);
    const label = key.split(':').slice(3).join(':');
    const probe = { start: Number(start), end: Number(end), label };
    const spans = this.spans(task, labels);
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareSpans(spans[mid]!, probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    const span = spans[lo];
    return span && compareSpans(span, probe) === 0 ? { task, key, span } : undefined;
  }

  addSpan(task: string, span: Span) {
    const key = spanKey(task, span);
    this.setTask(task, addSpan(this.spans(task), span), { select: key });
  }

  /** Changes the selected span's label; a label of another span task moves it to that task. */
  relabelSelected(task: string, label: string) {
    const sel = this.state.selected && this.findSpan(this.state.selected);
    if (!sel) return;
    if (sel.task === task) {
      const r = relabelSpan(this.spans(task), task, sel.key, label);
      this.setTask(task, r.spans, { select: r.key });
      return;
    }
    const moved = { ...sel.span, label };
    const next = { ...this.state.labels };
    const rest = removeSpan(this.spans(sel.task), sel.task, sel.key);
    if (rest.length) next[sel.task] = rest;
    else delete next[sel.task];
    next[task] = addSpan(this.spans(task), moved);
    this.change(next, { select: spanKey(task, moved) });
  }

  deleteSelected() {
    const sel = this.state.selected && this.findSpan(this.state.selected);
    if (!sel) return;
    // Select the neighbour so Delete can be pressed again to clear a run of wrong spans.
    const all = this.allSpans();
    const i = all.findIndex((r) => r.key === sel.key);
    const neighbour = all[i + 1] ?? all[i - 1];
    this.setTask(sel.task, removeSpan(this.spans(sel.task), sel.task, sel.key), {
      select: neighbour?.key ?? null,
    });
  }

  /** Tab / Shift+Tab: the next span after the selected one (or after `from`, a UTF-16 position). */
  cycle(dir: 1 | -1, fromCodePoint?: number) {
    const all = this.allSpans();
    if (!all.length) return;
    let i = this.state.selected ? all.findIndex((r) => r.key === this.state.selected) : -1;
    if (i === -1 && fromCodePoint !== undefined) {
      const after = all.findIndex((r) => r.span.start >= fromCodePoint);
      i = dir === 1 ? (after === -1 ? all.length : after) - 1 : after === -1 ? all.length : after;
    }
    const next = i === -1 ? (dir === 1 ? 0 : all.length - 1) : (i + dir + all.length) % all.length;
    this.select(all[next]!.key);
  }

  toggleChoice(task: Task, value: string) {
    this.setTask(task.name, toggleChoice(task, this.state.labels[task.name] as string[] | undefined, value));
  }
}
