import { z } from 'zod';
import { ItemDataSchema } from '../annotate.ts';
import { LabelsSchema } from '../labels.ts';
import { REVIEW_DECISIONS } from './decision.ts';

/** One annotator's submitted work as a reviewer sees it. */
export const ReviewAnnotationSchema = z.object({
  id: z.number(),
  by: z.string(),
  labels: LabelsSchema,
  version: z.number(),
  leadTimeS: z.number().nullable(),
  submittedAt: z.string(),
});
export type ReviewAnnotation = z.infer<typeof ReviewAnnotationSchema>;

/** A decision already taken on the item, with the correction when there was one. */
export const ReviewRecordSchema = z.object({
  id: z.number(),
  annotationId: z.number(),
  tier: z.string(),
  by: z.string(),
  decision: z.enum(REVIEW_DECISIONS),
  comment: z.string().nullable(),
  /** The corrected labels of a `correct` decision; the original stays on the annotation. */
  labels: LabelsSchema.nullable(),
  at: z.string(),
});
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;

/** What `GET /api/projects/:id/review/next?tier=NAME` returns (204 when the tier is empty). */
export const ReviewWorkSchema = z.object({
  item: z.object({
    id: z.number(),
    extId: z.string(),
    projectId: z.number(),
    kind: z.enum(['text', 'image']),
    data: ItemDataSchema,
    meta: z.record(z.string(), z.unknown()).nullable(),
    tags: z.array(z.string()),
  }),
  tier: z.string(),
  /** Every annotator's result (several when the project's overlap is above 1). */
  annotations: z.array(ReviewAnnotationSchema),
  /** `itemAgreement` of the annotations, null with fewer than two. */
  agreement: z
    .object({ score: z.number().nullable(), perTask: z.record(z.string(), z.number().nullable()) })
    .nullable(),
  /** Earlier decisions on this item (lower tiers, earlier rounds), oldest first. */
  reviews: z.array(ReviewRecordSchema),
  leaseUntil: z.string(),
});
export type ReviewWork = z.infer<typeof ReviewWorkSchema>;

export const ReviewResultSchema = z.object({
  /** The item's status after the decision. */
  status: z.string(),
  /** The tier the item now waits at, if any. */
  tier: z.string().nullable(),
});

/** One entry of an item's timeline (`GET /api/items/:id/history`). */
export const TimelineEntrySchema = z.object({
  at: z.string(),
  by: z.string().nullable(),
  kind: z.enum([
    'import',
    'draft',
    'submit',
    'skip',
    'approve',
    'reject',
    'correct',
    'escalate',
    'auto-escalate',
    /** A manager's tier edit removed the item's tier; `tier` is where it went (null: accepted). */
    'tier-move',
  ]),
  tier: z.string().nullable(),
  comment: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

/** `GET /api/projects/:id/dashboard`: what a manager watches. */
export const DashboardSchema = z.object({
  byStatus: z.record(z.string(), z.number()),
  /** Items waiting at each tier. */
  byTier: z.array(z.object({ tier: z.string(), waiting: z.number() })),
  /** Submits and review decisions per UTC day, oldest first (last 30 days). */
  throughput: z.array(z.object({ day: z.string(), submitted: z.number(), reviewed: z.number() })),
  annotators: z.array(
    z.object({
      username: z.string(),
      submitted: z.number(),
      medianSeconds: z.number().nullable(),
      /** Share of this annotator's reviewed annotations that were approved (not rejected or corrected). */
      approvalRate: z.number().nullable(),
      /** Share of gold items answered like the known answer. */
      goldAccuracy: z.number().nullable(),
      goldItems: z.number(),
    }),
  ),
  /** Mean agreement per label over items with two or more annotations. */
  agreementByLabel: z.array(z.object({ task: z.string(), label: z.string(), score: z.number().nullable() })),
  agreement: z.number().nullable(),
  /** Total working time spent per tier (review lead times) and in annotation, in seconds. */
  timeByTier: z.array(z.object({ tier: z.string(), seconds: z.number(), decisions: z.number() })),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

/** `PATCH /api/items/:id`: what a manager may change on an item. */
export const ItemPatchSchema = z.strictObject({
  tags: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
});

/**
 * Query of `GET /api/projects/:id/review/next`: the tier by name (ignoring case); `exclude` asks
 * for any item but that one (the one on screen), to load the next while deciding.
 */
export const ReviewNextQuerySchema = z.object({
  tier: z.string().trim().min(1, 'name the tier to review').max(40),
  exclude: z.coerce.number().int().min(1).optional(),
});
