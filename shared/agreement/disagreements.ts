import type { LabelSchema } from '../labelSchema.ts';
import { compareItem } from './pairwise.ts';
import {
  type AgreementOptionsInput,
  AgreementOptionsSchema,
  type AnnotatorLabels,
  type Disagreements,
} from './schemas.ts';

/**
 * Highlighting data for a reviewer looking at an item's annotations side by side: for every task,
 * annotator and object (chosen label, span, shape, point), which other annotators have a matching
 * object, paired exactly as the agreement score pairs them. An object everyone shares is
 * `unanimous`; the task `agree`s when all its objects are.
 */
export function disagreements(
  schema: LabelSchema,
  annotations: readonly AnnotatorLabels[],
  options: AgreementOptionsInput = {},
): Disagreements {
  const out: Disagreements = {};
  for (const { task, answers, pairs } of compareItem(
    schema,
    annotations,
    AgreementOptionsSchema.parse(options),
  )) {
    const agreedBy = answers.entries.map((list) => list.map(() => [] as string[]));
    for (const { i, j, matches } of pairs) {
      for (const [x, y] of matches) {
        agreedBy[i]![x]!.push(annotations[j]!.by);
        agreedBy[j]![y]!.push(annotations[i]!.by);
      }
    }
    const others = annotations.length - 1;
    let agree = true;
    const byAnnotator: Disagreements[string]['byAnnotator'] = {};
    annotations.forEach(({ by }, i) => {
      byAnnotator[by] = answers.entries[i]!.map(({ index, label }, x) => {
        const who = agreedBy[i]![x]!.sort();
        const unanimous = who.length === others;
        if (!unanimous) agree = false;
        return { index, label, agreedBy: who, unanimous };
      });
    });
    out[task.name] = { agree, byAnnotator };
  }
  return out;
}
