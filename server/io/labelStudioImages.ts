import { fromLabelStudioResults, LS_IMAGE_TYPES } from '../../shared/formats/labelStudioImage.ts';
import type { Size } from '../../shared/geometry.ts';
import type { ImportItem } from '../../shared/importLine.ts';
import type { LabelSchema } from '../../shared/labelSchema.ts';

/**
 * Label Studio keeps image shapes in percent of the image; turning them into pixels, and into
 * the schema's tasks, needs the image's real size, which is known only once the importer has
 * found the file. So the shape results of an image line are held back before the line is
 * checked (the rest of the line goes through the usual checks) and merged in after.
 */

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields Gloss itself puts into an image item's data; on re-import they are measured again. */
const DERIVED = ['mediaId', 'width', 'height'];

export interface HeldLine {
  value: unknown;
  /** The shape results of each prediction, in the order the line's predictions come out in. */
  shapes: unknown[][] | null;
}

/**
 * Splits the image shape results out of an image line's Label Studio predictions and annotations.
 * A cancelled Label Studio annotation is dropped here, as the general converter would, so the
 * predictions that come out of the checks line up with `shapes`. Lines without an image pass as
 * they are.
 */
export function holdImageShapes(value: unknown): HeldLine {
  if (!isObject(value)) return { value, shapes: null };
  const nested = !('text' in value) && !('image' in value) && isObject(value.data);
  const data = nested ? (value.data as Record<string, unknown>) : value;
  if (typeof data.image !== 'string') return { value, shapes: null };
  const raw = nested ? [value.predictions, value.annotations] : [value.predictions];
  const preds = raw.flatMap((p) => (Array.isArray(p) ? p : p == null ? [] : [p]));
  const shapes: unknown[][] = [];
  const kept: unknown[] = [];
  for (const p of preds) {
    if (!isObject(p) || !Array.isArray(p.result)) {
      kept.push(p);
      shapes.push([]);
      continue;
    }
    if (p.was_cancelled === true) continue;
    const isShape = (r: unknown) => isObject(r) && typeof r.type === 'string' && LS_IMAGE_TYPES.has(r.type);
    kept.push({ ...p, result: p.result.filter((r) => !isShape(r)) });
    shapes.push(p.result.filter(isShape));
  }
  const cleanData = { ...data };
  for (const k of DERIVED) delete cleanData[k];
  const out = nested
    ? { ...value, data: cleanData, predictions: kept.length ? kept : undefined, annotations: undefined }
    : { ...cleanData, predictions: kept.length ? kept : undefined };
  return { value: out, shapes: shapes.some((s) => s.length) ? shapes : null };
}

/**
 * Puts the held shapes into the item's predictions, in pixels of `size` and in the schema's
 * tasks. Returns the reason when a shape fits no task, or null when all went in. Predictions
 * left with no labels at all are dropped.
 */
export function mergeHeldShapes(
  schema: LabelSchema,
  item: ImportItem,
  shapes: unknown[][],
  size: Size,
): string | null {
  const preds = item.predictions ?? [];
  for (const [i, results] of shapes.entries()) {
    const pred = preds[i];
    if (!pred || results.length === 0) continue;
    const r = fromLabelStudioResults(schema, results, size);
    const first = r.errors[0];
    if (first) return `"predictions[${i}]" shape ${first.index + 1}: ${first.message}`;
    preds[i] = { ...pred, labels: { ...pred.labels, ...r.labels } };
  }
  const kept = preds.filter((p) => Object.keys(p.labels).length > 0);
  item.predictions = kept.length ? kept : null;
  return null;
}
