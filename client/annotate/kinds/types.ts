import type { Task, TaskType } from '../../../shared/labelSchema.ts';
import type { OffsetMap } from '../../../shared/offsets.ts';

/** The item's text with its code-point map, shared by every kind that needs offsets. */
export interface Doc {
  text: string;
  map: OffsetMap;
}

/**
 * One task type's rules, shared by the editor (and later the review view, export and agreement):
 * how a value read from a draft or a prediction is cleaned, when it counts as unanswered, and
 * when two values are the same answer (a value equal to the machine's is still a suggestion).
 */
export interface AnnotationKind<V> {
  type: TaskType;
  /** Keeps what is valid for this task; undefined when nothing is. */
  coerce(raw: unknown, task: Task, doc: Doc): V | undefined;
  isEmpty(v: V | undefined): boolean;
  same(a: V, b: V): boolean;
}
