/**
 * Label Studio image results <-> Gloss shapes, as pure functions. Label Studio keeps image regions
 * in PERCENT of the image (0-100) with `original_width`/`original_height` beside them; Gloss keeps
 * pixels of the original image. Only the shape results are handled here (`rectanglelabels`,
 * `polygonlabels`, `keypointlabels`); choices and the task envelope belong to the general Label
 * Studio converter.
 */
import { z } from 'zod';
import { clampShape, polygonBounds, type Size, type Vec2 } from '../geometry.ts';
import type { LabelSchema } from '../labelSchema.ts';
import type { Labels } from '../labels.ts';
import { LabelsBuilder, shapesOf } from './imageShapes.ts';

const pct = z.number().refine(Number.isFinite, 'must be a finite number');

const resultBase = {
  id: z.string().optional(),
  /** The control tag's name: Gloss's task name. */
  from_name: z.string(),
  /** The object tag's name: the image. */
  to_name: z.string(),
  original_width: z.number().positive().optional(),
  original_height: z.number().positive().optional(),
  image_rotation: z.number().optional(),
  score: z.number().optional(),
};

export const LsRectangleResultSchema = z.looseObject({
  ...resultBase,
  type: z.literal('rectanglelabels'),
  value: z.looseObject({
    x: pct,
    y: pct,
    width: pct,
    height: pct,
    /** Degrees clockwise around the top left corner. */
    rotation: z.number().optional(),
    rectanglelabels: z.array(z.string()).min(1),
  }),
});
export const LsPolygonResultSchema = z.looseObject({
  ...resultBase,
  type: z.literal('polygonlabels'),
  value: z.looseObject({
    points: z.array(z.tuple([pct, pct])).min(3),
    polygonlabels: z.array(z.string()).min(1),
    closed: z.boolean().optional(),
  }),
});
export const LsKeypointResultSchema = z.looseObject({
  ...resultBase,
  type: z.literal('keypointlabels'),
  value: z.looseObject({
    x: pct,
    y: pct,
    /** The drawn point's size, in percent of the image width. */
    width: z.number().optional(),
    keypointlabels: z.array(z.string()).min(1),
  }),
});
export const LsImageResultSchema = z.discriminatedUnion('type', [
  LsRectangleResultSchema,
  LsPolygonResultSchema,
  LsKeypointResultSchema,
]);
export type LsImageResult = z.infer<typeof LsImageResultSchema>;

/** The result types this module converts; anything else is left to the caller. */
export const LS_IMAGE_TYPES = new Set(['rectanglelabels', 'polygonlabels', 'keypointlabels']);

const toPct = (v: number, whole: number) => (v / whole) * 100;
const fromPct = (v: number, whole: number) => (v / 100) * whole;

export interface ToLsOptions {
  /** Name of the image object tag in the Label Studio config (default `image`). */
  toName?: string;
}

/** Every image shape of `labels` as a Label Studio result; `from_name` is the task name. */
export function toLabelStudioResults(
  schema: LabelSchema,
  labels: Labels,
  size: Size,
  opts: ToLsOptions = {},
): LsImageResult[] {
  const common = {
    to_name: opts.toName ?? 'image',
    original_width: size.width,
    original_height: size.height,
    image_rotation: 0,
  };
  const counters = new Map<string, number>();
  const idFor = (task: string) => {
    const n = (counters.get(task) ?? 0) + 1;
    counters.set(task, n);
    return `${task}-${n}`;
  };
  return shapesOf(schema, labels).map((s): LsImageResult => {
    const base = { ...common, id: idFor(s.task), from_name: s.task };
    if (s.kind === 'boxes') {
      const { x, y, width, height, label } = s.shape;
      return {
        ...base,
        type: 'rectanglelabels',
        value: {
          x: toPct(x, size.width),
          y: toPct(y, size.height),
          width: toPct(width, size.width),
          height: toPct(height, size.height),
          rotation: 0,
          rectanglelabels: [label],
        },
      };
    }
    if (s.kind === 'polygons') {
      return {
        ...base,
        type: 'polygonlabels',
        value: {
          points: s.shape.points.map(([x, y]) => [toPct(x, size.width), toPct(y, size.height)]),
          polygonlabels: [s.shape.label],
          closed: true,
        },
      };
    }
    return {
      ...base,
      type: 'keypointlabels',
      value: {
        x: toPct(s.shape.x, size.width),
        y: toPct(s.shape.y, size.height),
        width: 0.5,
        keypointlabels: [s.shape.label],
      },
    };
  });
}

/** The corners of a Label Studio rectangle in pixels, rotated clockwise about its top left. */
function rotatedCorners(x: number, y: number, w: number, h: number, degrees: number): Vec2[] {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  return [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ].map(([dx, dy]) => [x + dx! * cos - dy! * sin, y + dx! * sin + dy! * cos]);
}

export interface FromLsResult {
  labels: Labels;
  /** One message per result that could not be used, with its index in the input. */
  errors: { index: number; message: string }[];
}

/**
 * Label Studio shape results as labels of `schema`. A result goes to the task named by its
 * `from_name` when that task is of the right kind and has the label, else to the first task that
 * fits. Sizes come from the result's `original_width/height`, else from `size` (the stored
 * image's natural size). A rotated rectangle becomes its axis-aligned bounds (Gloss boxes do not
 * rotate). Shapes are clamped into the image. Results of other types are skipped silently.
 */
export function fromLabelStudioResults(
  schema: LabelSchema,
  results: readonly unknown[],
  size?: Size,
): FromLsResult {
  const builder = new LabelsBuilder(schema);
  const errors: FromLsResult['errors'] = [];
  results.forEach((raw, index) => {
    const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !LS_IMAGE_TYPES.has(type)) return;
    const parsed = LsImageResultSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      errors.push({ index, message: `${issue?.path.join('.') || 'result'}: ${issue?.message ?? 'invalid'}` });
      return;
    }
    const r = parsed.data;
    const w = r.original_width ?? size?.width;
    const h = r.original_height ?? size?.height;
    if (!w || !h) {
      errors.push({
        index,
        message: 'original_width/original_height are missing and the image size is unknown',
      });
      return;
    }
    const image = { width: w, height: h };
    let ok: boolean;
    let label: string;
    if (r.type === 'rectanglelabels') {
      const v = r.value;
      label = v.rectanglelabels[0]!;
      const [x, y, bw, bh] = [fromPct(v.x, w), fromPct(v.y, h), fromPct(v.width, w), fromPct(v.height, h)];
      const rect = v.rotation
        ? polygonBounds(rotatedCorners(x, y, bw, bh, v.rotation))
        : { x, y, width: bw, height: bh };
      ok = builder.add('boxes', clampShape({ ...rect, label }, image), r.from_name);
    } else if (r.type === 'polygonlabels') {
      label = r.value.polygonlabels[0]!;
      const points = r.value.points.map(([px, py]): Vec2 => [fromPct(px, w), fromPct(py, h)]);
      ok = builder.add('polygons', clampShape({ points, label }, image), r.from_name);
    } else {
      label = r.value.keypointlabels[0]!;
      ok = builder.add(
        'points',
        clampShape({ x: fromPct(r.value.x, w), y: fromPct(r.value.y, h), label }, image),
        r.from_name,
      );
    }
    if (!ok) errors.push({ index, message: `no ${kindName(r.type)} task has the label "${label}"` });
  });
  return { labels: builder.labels(), errors };
}

function kindName(type: LsImageResult['type']): string {
  return type === 'rectanglelabels' ? 'boxes' : type === 'polygonlabels' ? 'polygons' : 'points';
}
