import { z } from 'zod';
import { LabelsSchema } from '../labels.ts';

/** How objects of two annotators are paired up before counting agreement. */
export const AgreementOptionsSchema = z.object({
  /**
   * `exact`: two spans match when start, end and label are all equal (the usual NER scoring).
   * `overlap`: same label and at least one shared code point, paired one-to-one by largest overlap.
   */
  spanMatch: z.enum(['exact', 'overlap']).default('exact'),
  /** Boxes and polygons match when they have the same label and an IoU of at least this. */
  iouThreshold: z.number().gt(0).max(1).default(0.5),
  /** Points match when they have the same label and lie at most this many image pixels apart. */
  pointDistance: z.number().min(0).default(10),
});
export type AgreementOptions = z.output<typeof AgreementOptionsSchema>;
export type AgreementOptionsInput = z.input<typeof AgreementOptionsSchema>;

/** One annotator's result for an item, as the metrics read it. */
export const AnnotatorLabelsSchema = z.object({ by: z.string(), labels: LabelsSchema });
export type AnnotatorLabels = z.infer<typeof AnnotatorLabelsSchema>;

/**
 * Agreement on one item. Every number is a mean pairwise F1 in [0, 1]: 1 when every pair of
 * annotators gave matching answers, 0 when no pair matched anything.
 */
export const ItemAgreementSchema = z.object({
  /** Mean of `perTask`; null when fewer than two annotations or no task can be compared. */
  score: z.number().nullable(),
  /** Task name -> mean F1 over annotator pairs. Free-text tasks have no entry. */
  perTask: z.record(z.string(), z.number()),
  /**
   * Task name -> label -> mean F1 over the annotator pairs in which at least one annotator used
   * the label (pairs where neither did say nothing about it).
   */
  perLabel: z.record(z.string(), z.record(z.string(), z.number())),
});
export type ItemAgreement = z.infer<typeof ItemAgreementSchema>;

/** Whether one object (span, shape, point or chosen label) of one annotator is shared by the others. */
export const ObjectAgreementSchema = z.object({
  /** Position of the object in this annotator's answer for the task. */
  index: z.number(),
  label: z.string(),
  /** The other annotators who have a matching object. */
  agreedBy: z.array(z.string()),
  /** Every other annotator has a matching object. */
  unanimous: z.boolean(),
});
export type ObjectAgreement = z.infer<typeof ObjectAgreementSchema>;

export const TaskDisagreementSchema = z.object({
  /** True when every object of every annotator is matched by every other annotator. */
  agree: z.boolean(),
  /** Annotator -> one entry per object of their answer, in answer order. */
  byAnnotator: z.record(z.string(), z.array(ObjectAgreementSchema)),
});
/** Task name -> highlighting data for the reviewer. Free-text tasks have no entry. */
export const DisagreementsSchema = z.record(z.string(), TaskDisagreementSchema);
export type Disagreements = z.infer<typeof DisagreementsSchema>;

const nullableScore = z.number().nullable();

/** Agreement over many items; F1 means are over (item, annotator pair) cases, as on one item. */
export const ProjectAgreementSchema = z.object({
  /** Mean item score over the items with at least two annotations; null when there are none. */
  score: nullableScore,
  /** How many items had at least two annotations and were scored. */
  items: z.number(),
  perTask: z.record(
    z.string(),
    z.object({
      /** Mean of this task's item scores. */
      score: nullableScore,
      /** Krippendorff's alpha (nominal), choices tasks only; 1 perfect, 0 chance level, below 0 worse. */
      alpha: nullableScore,
      /** Fleiss' kappa, choices tasks only, and only when every item has the same number of annotators. */
      fleiss: nullableScore,
    }),
  ),
  perLabel: z.record(
    z.string(),
    z.record(
      z.string(),
      z.object({
        /** Mean pairwise F1 for this label, over the cases where at least one annotator used it. */
        score: nullableScore,
        /** Krippendorff's alpha of the yes/no decision "this label was chosen", choices tasks only. */
        alpha: nullableScore,
      }),
    ),
  ),
  perPair: z.array(
    z.object({
      a: z.string(),
      b: z.string(),
      /** Items both annotated. */
      items: z.number(),
      /** Mean over those items of the pair's mean F1 across tasks. */
      score: nullableScore,
      /** Task name -> Cohen's kappa between the two, choices tasks only. */
      kappa: z.record(z.string(), nullableScore),
    }),
  ),
});
export type ProjectAgreement = z.infer<typeof ProjectAgreementSchema>;
