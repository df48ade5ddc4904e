/**
 * COCO object-detection JSON <-> Gloss image labels, as pure functions. Coordinates are pixels of
 * the original image on both sides, so nothing is rescaled: `bbox` is `[x, y, width, height]` from
 * the top left, polygon `segmentation` rings are flat `[x1, y1, x2, y2, ...]`.
 */
import { z } from 'zod';
import { clampShape, polygonArea, polygonBounds, type Size, type Vec2 } from '../geometry.ts';
import type { LabelSchema } from '../labelSchema.ts';
import type { Labels } from '../labels.ts';
import { LabelsBuilder, labelNames, shapesOf } from './imageShapes.ts';

const num = z.number().refine(Number.isFinite, 'must be a finite number');

/** One image of a COCO file; other fields COCO tools add (license, coco_url, ...) are kept. */
export const CocoImageSchema = z.looseObject({
  id: z.number().int(),
  file_name: z.string(),
  width: z.number().positive(),
  height: z.number().positive(),
});
export type CocoImage = z.infer<typeof CocoImageSchema>;

export const CocoCategorySchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  supercategory: z.string().optional(),
  /** Names of the keypoints of an object of this category (COCO keypoint detection). */
  keypoints: z.array(z.string()).optional(),
  skeleton: z.array(z.tuple([z.number(), z.number()])).optional(),
});
export type CocoCategory = z.infer<typeof CocoCategorySchema>;

/** Run-length encoded mask (`iscrowd: 1` regions); Gloss reads its bbox only. */
const CocoRleSchema = z.looseObject({
  counts: z.union([z.string(), z.array(z.number())]),
  size: z.array(z.number()),
});

export const CocoAnnotationSchema = z.looseObject({
  id: z.number().int(),
  image_id: z.number().int(),
  category_id: z.number().int(),
  /** `[x, y, width, height]` in pixels from the image's top left. */
  bbox: z.tuple([num, num, num, num]).optional(),
  /** Polygon rings, each a flat `[x1, y1, x2, y2, ...]`; `[]` for plain boxes. */
  segmentation: z.union([z.array(z.array(num)), CocoRleSchema]).optional(),
  area: z.number().optional(),
  iscrowd: z.union([z.literal(0), z.literal(1)]).optional(),
  /** `[x1, y1, v1, ...]`, v = 0 not labelled, 1 labelled but hidden, 2 visible. */
  keypoints: z.array(num).optional(),
  num_keypoints: z.number().int().optional(),
});
export type CocoAnnotation = z.infer<typeof CocoAnnotationSchema>;

export const CocoDatasetSchema = z.looseObject({
  info: z.record(z.string(), z.unknown()).optional(),
  images: z.array(CocoImageSchema),
  categories: z.array(CocoCategorySchema),
  annotations: z.array(CocoAnnotationSchema),
});
export type CocoDataset = z.infer<typeof CocoDatasetSchema>;

/** An image with its final labels, as the exporter hands it over. */
export interface CocoSourceImage {
  id: number;
  fileName: string;
  width: number;
  height: number;
  labels: Labels;
}

/**
 * Categories: every label of the image tasks once, ids from 1 in schema order. A label used by a
 * boxes and a polygons task is one category, as a detector wants it. Labels of points tasks also
 * list themselves as the category's single keypoint.
 */
export function cocoCategories(schema: LabelSchema): CocoCategory[] {
  const pointLabels = new Set(labelNames(schema, ['points']));
  return labelNames(schema, ['boxes', 'polygons', 'points']).map((name, i) => ({
    id: i + 1,
    name,
    supercategory: 'none',
    ...(pointLabels.has(name) ? { keypoints: [name], skeleton: [] } : {}),
  }));
}

/**
 * The annotations of one image. `nextId` hands out annotation ids so a streamed export of many
 * images keeps them unique; `categoryIds` maps a label to its category id (see cocoCategories).
 */
export function cocoAnnotations(
  schema: LabelSchema,
  image: Pick<CocoSourceImage, 'id' | 'labels'>,
  categoryIds: ReadonlyMap<string, number>,
  nextId: () => number,
): CocoAnnotation[] {
  const out: CocoAnnotation[] = [];
  for (const s of shapesOf(schema, image.labels)) {
    const category_id = categoryIds.get(s.shape.label);
    if (category_id === undefined) continue;
    const base = { id: nextId(), image_id: image.id, category_id, iscrowd: 0 as const };
    if (s.kind === 'boxes') {
      const { x, y, width, height } = s.shape;
      out.push({ ...base, bbox: [x, y, width, height], area: width * height, segmentation: [] });
    } else if (s.kind === 'polygons') {
      const b = polygonBounds(s.shape.points);
      out.push({
        ...base,
        bbox: [b.x, b.y, b.width, b.height],
        area: polygonArea(s.shape.points),
        segmentation: [s.shape.points.flat()],
      });
    } else {
      const { x, y } = s.shape;
      out.push({
        ...base,
        bbox: [x, y, 0, 0],
        area: 0,
        segmentation: [],
        keypoints: [x, y, 2],
        num_keypoints: 1,
      });
    }
  }
  return out;
}

/** A whole COCO dataset for the given images (the streamed exporter uses the two parts above). */
export function toCoco(schema: LabelSchema, images: readonly CocoSourceImage[]): CocoDataset {
  const categories = cocoCategories(schema);
  const ids = new Map(categories.map((c) => [c.name, c.id]));
  let next = 1;
  const nextId = () => next++;
  return {
    info: { description: 'Exported from Gloss' },
    images: images.map((im) => ({ id: im.id, file_name: im.fileName, width: im.width, height: im.height })),
    categories,
    annotations: images.flatMap((im) => cocoAnnotations(schema, im, ids, nextId)),
  };
}

/** One image read back from a COCO file: its file name, size and labels for the schema. */
export interface CocoImportedImage {
  cocoId: number;
  fileName: string;
  width: number;
  height: number;
  labels: Labels;
}

export interface CocoImportError {
  annotationId: number;
  message: string;
}

function ringToPoints(ring: readonly number[]): Vec2[] {
  const pts: Vec2[] = [];
  for (let i = 0; i + 1 < ring.length; i += 2) pts.push([ring[i]!, ring[i + 1]!]);
  return pts;
}

/**
 * COCO shapes as labels of `schema`, one entry per COCO image (images without annotations too).
 * A polygon segmentation goes to a polygons task that has the category's label, a bbox to a boxes
 * task, keypoints to a points task (named after the category's keypoint names when a points task
 * uses them, else after the category); when no task of the natural kind has the label, a box
 * falls back to a polygons task and a polygon to its bbox. Shapes are clamped into the image.
 * An annotation nothing could be made of is reported, never guessed at.
 */
export function fromCoco(
  coco: CocoDataset,
  schema: LabelSchema,
): { images: CocoImportedImage[]; errors: CocoImportError[] } {
  const categories = new Map(coco.categories.map((c) => [c.id, c]));
  const builders = new Map<number, { image: CocoImage; builder: LabelsBuilder }>();
  for (const image of coco.images) builders.set(image.id, { image, builder: new LabelsBuilder(schema) });
  const errors: CocoImportError[] = [];

  for (const ann of coco.annotations) {
    const entry = builders.get(ann.image_id);
    const category = categories.get(ann.category_id);
    if (!entry) {
      errors.push({ annotationId: ann.id, message: `image_id ${ann.image_id} is not among the images` });
      continue;
    }
    if (!category) {
      errors.push({
        annotationId: ann.id,
        message: `category_id ${ann.category_id} is not among the categories`,
      });
      continue;
    }
    const size: Size = entry.image;
    const made = importAnnotation(ann, category, size, entry.builder);
    if (made === 0) {
      errors.push({
        annotationId: ann.id,
        message: `no boxes, polygons or points task has the label "${category.name}" for this shape`,
      });
    }
  }

  return {
    images: [...builders.values()].map(({ image, builder }) => ({
      cocoId: image.id,
      fileName: image.file_name,
      width: image.width,
      height: image.height,
      labels: builder.labels(),
    })),
    errors,
  };
}

/** Adds what one annotation holds; returns how many shapes it made. */
function importAnnotation(
  ann: CocoAnnotation,
  category: CocoCategory,
  size: Size,
  builder: LabelsBuilder,
): number {
  const label = category.name;
  let made = 0;

  if (ann.keypoints && ann.keypoints.length >= 3) {
    const names = category.keypoints ?? [];
    for (let k = 0; k * 3 + 2 < ann.keypoints.length; k++) {
      const [x, y, v] = ann.keypoints.slice(k * 3, k * 3 + 3) as [number, number, number];
      if (v === 0) continue;
      const named = names[k];
      const pointLabel = named !== undefined && builder.accepts('points', named) ? named : label;
      if (builder.add('points', clampShape({ x, y, label: pointLabel }, size))) made++;
    }
  }

  const rings = Array.isArray(ann.segmentation)
    ? ann.segmentation.map(ringToPoints).filter((pts) => pts.length >= 3)
    : [];
  const bbox = ann.bbox && ann.bbox[2] > 0 && ann.bbox[3] > 0 ? ann.bbox : undefined;
  const box = bbox
    ? clampShape({ x: bbox[0], y: bbox[1], width: bbox[2], height: bbox[3], label }, size)
    : undefined;

  if (rings.length > 0) {
    if (builder.accepts('polygons', label)) {
      for (const points of rings) if (builder.add('polygons', clampShape({ points, label }, size))) made++;
    } else if (box && builder.add('boxes', box)) {
      made++;
    }
  } else if (box) {
    if (builder.accepts('boxes', label)) {
      if (builder.add('boxes', box)) made++;
    } else if (made === 0) {
      const { x, y, width: w, height: h } = box;
      const points: Vec2[] = [
        [x, y],
        [x + w, y],
        [x + w, y + h],
        [x, y + h],
      ];
      if (builder.add('polygons', { points, label })) made++;
    }
  }
  return made;
}
