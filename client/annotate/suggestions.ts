import type { LabelSchema } from '../../shared/labelSchema.ts';
import type { Labels, Span } from '../../shared/labels.ts';
import { kindOf } from './kinds/index.ts';
import { spanKey } from './kinds/spans.ts';

/**
 * Which parts of the labels are still the machine's suggestion. A value is a suggestion while it
 * equals what the model proposed and the annotator has not accepted the suggestions: editing a
 * span or a choice makes it theirs, undoing the edit makes it a suggestion again, and a restored
 * draft shows untouched suggestions as such.
 */
export class Suggestions {
  private readonly spanKeys = new Set<string>();

  constructor(
    private readonly schema: LabelSchema,
    /** The predicted labels, already cleaned by the kinds. */
    readonly predicted: Labels,
  ) {
    for (const task of schema.tasks) {
      if (task.type !== 'spans') continue;
      for (const s of (predicted[task.name] as Span[] | undefined) ?? [])
        this.spanKeys.add(spanKey(task.name, s));
    }
  }

  get empty(): boolean {
    return Object.keys(this.predicted).length === 0;
  }

  span(task: string, s: Span): boolean {
    return this.spanKeys.has(spanKey(task, s));
  }

  /** Whether a non-span task's whole answer is the suggested one. */
  task(name: string, value: unknown): boolean {
    const task = this.schema.tasks.find((t) => t.name === name);
    const p = this.predicted[name];
    if (!task || p === undefined || value === undefined) return false;
    return kindOf(task)?.same(p, value) ?? false;
  }

  /** Whether anything in `labels` is still a suggestion. */
  any(labels: Labels): boolean {
    if (this.empty) return false;
    return this.schema.tasks.some((t) =>
      t.type === 'spans'
        ? ((labels[t.name] as Span[] | undefined) ?? []).some((s) => this.span(t.name, s))
        : this.task(t.name, labels[t.name]),
    );
  }
}
