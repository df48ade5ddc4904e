import { z } from 'zod';
import { ITEM_STATUSES } from './api.ts';
import { LabelsSchema } from './labels.ts';

/**
 * Formats of `GET /api/projects/:id/export` and `gloss export`: `coco` is one COCO JSON file,
 * `yolo` a zip of YOLO label files, `labelstudio` a JSON array of Label Studio tasks.
 */
export const EXPORT_FORMATS = ['jsonl', 'doccano', 'spacy', 'csv', 'coco', 'yolo', 'labelstudio'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An ISO date (`2026-05-01`, the whole day) or date-time; checked here, resolved by the exporter. */
const DateParam = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'use a date like 2026-05-01 or an ISO time like 2026-05-01T12:00:00Z',
});

/** Query of `GET /api/projects/:id/export` (and the options of `gloss export`). */
export const ExportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS).default('jsonl'),
  /** `accepted` (the default) exports finished items only; `all` exports every item. */
  status: z.enum(['accepted', 'all']).default('accepted'),
  /** Only items that reached this review tier (its name, ignoring case); a name the project lacks is a 400. */
  tier: z.string().max(60).optional(),
  /** Items created on or after this date. */
  from: DateParam.optional(),
  /** Items created on or before this date (a plain date includes the whole day). */
  to: DateParam.optional(),
});
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

/** One person's submitted result in an export line. */
export const ExportAnnotationSchema = z.object({
  /** Username of the annotator. */
  by: z.string(),
  /** Their result, keyed by task name (handbook section 3). */
  labels: LabelsSchema,
  /** Seconds they spent on the item, summed over edits; null when unknown. */
  lead_time_s: z.number().nullable(),
  /** When it was submitted (ISO time, UTC). */
  submitted_at: z.string(),
});

/** One review decision in an export line. */
export const ExportReviewSchema = z.object({
  /** Name of the review tier. */
  tier: z.string(),
  /** Username of the reviewer. */
  by: z.string(),
  /** approve, reject, correct or escalate. */
  decision: z.string(),
  /** The reviewer's comment: why it was rejected, the escalation note, a note on a correction; absent when none. */
  comment: z.string().optional(),
  /** When it was decided (ISO time, UTC). */
  at: z.string(),
});

/**
 * One line of the JSONL export (contract: handbook section 5). Text comes back byte for byte as
 * it was imported; span offsets are Unicode code points.
 */
export const ExportLineSchema = z.object({
  /** The item's external id, as imported (or the content hash given to a line without one). */
  id: z.string(),
  /** What was labelled: `text` or `image`, and the item's `meta` when it has any. */
  data: z.object({
    /** The text, exactly as imported. */
    text: z.string().optional(),
    /** The image path, as imported. */
    image: z.string().optional(),
    /** The image's natural width in pixels: shapes are in pixels of this size (image items). */
    width: z.number().optional(),
    /** The image's natural height in pixels (image items). */
    height: z.number().optional(),
    /** The item's free data: the import line's `meta` plus any fields Gloss did not know. */
    meta: z.record(z.string(), z.unknown()).optional(),
  }),
  /** The final, accepted result keyed by task name; null when the item has none yet. */
  labels: LabelsSchema.nullable(),
  /** Where the item is in its life: new, annotating, submitted, in_review, rejected or accepted. */
  status: z.enum(ITEM_STATUSES),
  /** Every annotator's submitted result, oldest first. */
  annotations: z.array(ExportAnnotationSchema),
  /** Every review decision, oldest first. */
  reviews: z.array(ExportReviewSchema),
  /** Agreement between the annotators (0 to 1); null with fewer than two annotations. */
  agreement: z.number().nullable(),
});
export type ExportLine = z.infer<typeof ExportLineSchema>;

/** One line of the doccano export (its JSONL import format for sequence labelling). */
export const DoccanoLineSchema = z.object({
  /** The item's external id (doccano keeps unknown fields as metadata). */
  id: z.string(),
  /** The text, exactly as imported. */
  text: z.string(),
  /** Spans as `[start, end, label]`, code-point offsets, end exclusive, ordered by start. */
  label: z.array(z.tuple([z.number(), z.number(), z.string()])),
  /** The chosen values of every choices task. */
  cats: z.array(z.string()),
});
export type DoccanoLine = z.infer<typeof DoccanoLineSchema>;

/** One line of the spaCy-friendly export: ready for `doc.char_span` and `doc.cats`. */
export const SpacyLineSchema = z.object({
  /** The item's external id. */
  id: z.string(),
  /** The text, exactly as imported. */
  text: z.string(),
  /** Spans with code-point offsets (Python string indices), end exclusive, ordered by start. */
  spans: z.array(z.object({ start: z.number(), end: z.number(), label: z.string() })),
  /** Each chosen value of a choices task mapped to 1, spaCy's textcat shape. */
  cats: z.record(z.string(), z.number()),
});
export type SpacyLine = z.infer<typeof SpacyLineSchema>;
