import { hasLabels, type LabelledTask, type LabelSchema } from '../labelSchema.ts';
import { readTaskAnswers, type TaskAnswers } from './answers.ts';
import type { AgreementOptions, AnnotatorLabels } from './schemas.ts';
import { f1 } from './scores.ts';

/** How two annotators (positions `i` < `j` in the input) compare on one task. */
export interface PairComparison {
  i: number;
  j: number;
  /** The one-to-one matches, as positions into the two annotators' entries. */
  matches: [number, number][];
  /** F1 over all the task's objects, in [0, 1]; 1 when both answers are empty. */
  f1: number;
  /** F1 per label, only for labels at least one of the two used. */
  perLabel: Map<string, number>;
}

/** One task of one item, compared across all its annotators. */
export interface TaskComparison {
  task: LabelledTask;
  answers: TaskAnswers;
  pairs: PairComparison[];
}

function countLabels(entries: readonly { label: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  return counts;
}

function comparePair(answers: TaskAnswers, i: number, j: number): PairComparison {
  const a = answers.entries[i]!;
  const b = answers.entries[j]!;
  const matches = answers.match(i, j);
  // Matching never crosses labels, so a match's label is the label of either side.
  const matched = countLabels(matches.map(([x]) => a[x]!));
  const inA = countLabels(a);
  const inB = countLabels(b);
  const perLabel = new Map<string, number>();
  for (const label of new Set([...inA.keys(), ...inB.keys()])) {
    const tp = matched.get(label) ?? 0;
    perLabel.set(label, f1(tp, (inB.get(label) ?? 0) - tp, (inA.get(label) ?? 0) - tp));
  }
  const tp = matches.length;
  return { i, j, matches, f1: f1(tp, b.length - tp, a.length - tp), perLabel };
}

/**
 * Compares every pair of annotators on every labelled task of the schema. Free-text tasks have no
 * agreement measure and are left out. Throws when one annotator appears twice.
 */
export function compareItem(
  schema: LabelSchema,
  annotations: readonly AnnotatorLabels[],
  opts: AgreementOptions,
): TaskComparison[] {
  const seen = new Set<string>();
  for (const { by } of annotations) {
    if (seen.has(by)) throw new RangeError(`annotator "${by}" appears twice on one item`);
    seen.add(by);
  }
  return schema.tasks.filter(hasLabels).map((task) => {
    const answers = readTaskAnswers(
      task,
      annotations.map((a) => a.labels[task.name]),
      opts,
    );
    const pairs: PairComparison[] = [];
    for (let i = 0; i < annotations.length; i++) {
      for (let j = i + 1; j < annotations.length; j++) pairs.push(comparePair(answers, i, j));
    }
    return { task, answers, pairs };
  });
}
