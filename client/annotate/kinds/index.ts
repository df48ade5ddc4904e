import type { Task, TaskType } from '../../../shared/labelSchema.ts';
import type { Labels } from '../../../shared/labels.ts';
import { choicesKind } from './choices.ts';
import { spansKind } from './spans.ts';
import { textKind } from './text.ts';
import type { AnnotationKind, Doc } from './types.ts';

/** The kinds the text annotator edits; image kinds (boxes, polygons, points) plug in here too. */
export const KINDS: Partial<Record<TaskType, AnnotationKind<unknown>>> = {
  spans: spansKind,
  choices: choicesKind,
  text: textKind,
};

export function kindOf(task: Task): AnnotationKind<unknown> | undefined {
  return KINDS[task.type];
}

/** Labels cleaned task by task: unknown tasks and invalid values are dropped, never guessed. */
export function coerceLabels(tasks: readonly Task[], raw: Labels | null | undefined, doc: Doc): Labels {
  const out: Labels = {};
  if (!raw) return out;
  for (const task of tasks) {
    const v = kindOf(task)?.coerce(raw[task.name], task, doc);
    if (v !== undefined) out[task.name] = v;
  }
  return out;
}
