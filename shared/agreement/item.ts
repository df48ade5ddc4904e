import type { LabelSchema } from '../labelSchema.ts';
import { compareItem, type TaskComparison } from './pairwise.ts';
import {
  type AgreementOptionsInput,
  AgreementOptionsSchema,
  type AnnotatorLabels,
  type ItemAgreement,
} from './schemas.ts';
import { mean } from './scores.ts';

/** The item summary of already computed comparisons (see `itemAgreement`). */
export function summarizeItem(comparisons: readonly TaskComparison[]): ItemAgreement {
  const perTask: Record<string, number> = {};
  const perLabel: Record<string, Record<string, number>> = {};
  for (const { task, pairs } of comparisons) {
    const score = mean(pairs.map((p) => p.f1));
    if (score === null) continue;
    perTask[task.name] = score;
    const byLabel = new Map<string, number[]>();
    for (const pair of pairs) {
      for (const [label, value] of pair.perLabel) {
        const values = byLabel.get(label);
        if (values) values.push(value);
        else byLabel.set(label, [value]);
      }
    }
    perLabel[task.name] = Object.fromEntries([...byLabel].map(([label, values]) => [label, mean(values)!]));
  }
  return { score: mean(Object.values(perTask)), perTask, perLabel };
}

/**
 * How well the annotators of one item agree. Each task's score is the mean F1 over every pair of
 * annotators (choices compare the sets of chosen labels, so a single choice scores 1 when equal and
 * 0 when not; spans, shapes and points are matched one-to-one as the options say); the item score
 * is the mean over tasks. 1 means every pair gave matching answers. Score null when there are
 * fewer than two annotations. The server can escalate items whose score is under a threshold.
 */
export function itemAgreement(
  schema: LabelSchema,
  annotations: readonly AnnotatorLabels[],
  options: AgreementOptionsInput = {},
): ItemAgreement {
  return summarizeItem(compareItem(schema, annotations, AgreementOptionsSchema.parse(options)));
}
