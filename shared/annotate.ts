import { z } from 'zod';
import { LabelsSchema } from './labels.ts';

/** A machine suggestion stored with an item (Gloss's own shape; Label Studio's is converted on import). */
export const PredictionSchema = z.object({
  model: z.string().optional(),
  score: z.number().optional(),
  labels: LabelsSchema,
});
export type Prediction = z.infer<typeof PredictionSchema>;

/** The item data an annotator sees: text or image, never other annotators' work. */
export const ItemDataSchema = z.object({
  text: z.string().optional(),
  image: z.string().optional(),
  /** Media id of the stored image (image projects). */
  mediaId: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
});

/** What `GET /api/projects/:id/next` and `GET /api/items/:id` return to an annotator. */
export const WorkItemSchema = z.object({
  id: z.number(),
  extId: z.string(),
  projectId: z.number(),
  kind: z.enum(['text', 'image']),
  data: ItemDataSchema,
  meta: z.record(z.string(), z.unknown()).nullable(),
  predictions: z.array(PredictionSchema),
  /** My saved draft, if any: it wins over predictions when the editor loads. */
  draft: z.object({ labels: LabelsSchema, savedAt: z.string() }).nullable(),
  /** My submitted annotation, if any (when revisiting history). */
  annotation: z
    .object({ id: z.number(), labels: LabelsSchema, version: z.number(), submittedAt: z.string() })
    .nullable(),
  /** When my lease on this item ends (ISO time); null when I hold no lease. */
  leaseUntil: z.string().nullable(),
  /** A reviewer's comment when this item came back rejected. */
  rejection: z.object({ comment: z.string(), by: z.string(), at: z.string() }).nullable(),
});
export type WorkItem = z.infer<typeof WorkItemSchema>;

export const DraftPutSchema = z.strictObject({ labels: LabelsSchema });
export const SubmitSchema = z.strictObject({
  labels: LabelsSchema,
  /** Seconds from opening the item to submitting it. */
  lead_time_s: z
    .number()
    .min(0)
    .max(7 * 24 * 3600),
  /** The annotation version this edit started from; omit for a first submit. A mismatch is 409. */
  version: z.number().int().min(1).optional(),
});
export const SubmitResultSchema = z.object({ annotationId: z.number(), version: z.number() });
export const SkipSchema = z.strictObject({ reason: z.string().max(500).optional() });

export const HistoryEntrySchema = z.object({
  itemId: z.number(),
  extId: z.string(),
  preview: z.string(),
  state: z.enum(['submitted', 'skipped', 'draft']),
  at: z.string(),
});
export const MyStatsSchema = z.object({
  doneToday: z.number(),
  medianSeconds: z.number().nullable(),
  total: z.number(),
});

/**
 * `GET /api/projects/:id/next`: `prefetch=1` asks for the item after my current one (leasing it,
 * and the current one if I hold none), so the client can load it while I work; `exclude=<itemId>`
 * asks for any item but that one (the one on screen). I hold at most two leases per project.
 */
export const NextQuerySchema = z
  .object({
    prefetch: z
      .enum(['1', '0', 'true', 'false'])
      .transform((v) => v === '1' || v === 'true')
      .optional(),
    exclude: z.coerce.number().int().min(1).optional(),
  })
  .refine((q) => !(q.prefetch && q.exclude !== undefined), {
    message: 'use prefetch or exclude, not both',
    path: ['exclude'],
  });
export const HistoryQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });
