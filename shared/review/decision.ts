import { z } from 'zod';
import { LabelsSchema } from '../labels.ts';

/** What a reviewer can decide about an annotation at a tier. */
export const REVIEW_DECISIONS = ['approve', 'reject', 'correct', 'escalate'] as const;
export type ReviewDecisionKind = (typeof REVIEW_DECISIONS)[number];

/**
 * Body of `POST /api/annotations/:id/reviews`. `comment` is required to reject (the annotator
 * sees it) and is the note that goes with an escalation; `labels` is the corrected result, given
 * with `correct` only. The server still checks `labels` against the project's label schema.
 */
export const ReviewDecisionSchema = z
  .strictObject({
    decision: z.enum(REVIEW_DECISIONS),
    comment: z.string().trim().max(5000).optional(),
    labels: LabelsSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'reject' && !body.comment) {
      ctx.addIssue({
        code: 'custom',
        path: ['comment'],
        message: 'say what to fix: a rejection needs a comment',
      });
    }
    if (body.decision === 'correct' && !body.labels) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: 'a correction needs the corrected labels' });
    }
    if (body.decision !== 'correct' && body.labels) {
      ctx.addIssue({
        code: 'custom',
        path: ['labels'],
        message: 'labels go only with the "correct" decision',
      });
    }
  });
export type ReviewDecision = z.infer<typeof ReviewDecisionSchema>;
