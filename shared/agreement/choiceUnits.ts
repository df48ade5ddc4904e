import type { Task } from '../labelSchema.ts';
import type { TaskAnswers } from './answers.ts';
import type { Category } from './kappa.ts';

export type ChoicesTask = Extract<Task, { type: 'choices' }>;

/** One nominal unit: the category each annotator gave it. */
export type Unit = Map<string, Category>;

/** The category of a single-choice answer left empty; label values are never empty. */
const NONE = '';

/**
 * The yes/no unit "annotator chose `label`" on one item. This is how multi-label choices become
 * nominal data: every label is its own binary decision per item.
 */
export function labelUnit(byList: readonly string[], answers: TaskAnswers, label: string): Unit {
  return new Map(
    byList.map((by, i) => [by, answers.entries[i]!.some((e) => e.label === label) ? 'yes' : 'no']),
  );
}

/**
 * The nominal units of one choices task on one item, for kappa and alpha. Single choice: one unit
 * whose category is the chosen label (an empty answer is the category "none"). Multiple choice:
 * one yes/no unit per label of the task (see `labelUnit`).
 */
export function choiceUnits(task: ChoicesTask, byList: readonly string[], answers: TaskAnswers): Unit[] {
  if (task.multiple) return task.labels.map((l) => labelUnit(byList, answers, l.value));
  return [new Map(byList.map((by, i) => [by, answers.entries[i]![0]?.label ?? NONE]))];
}
