import { z } from 'zod';
import { type Prediction, PredictionSchema } from './annotate.ts';
import { LabelsSchema } from './labels.ts';
import { OffsetMap } from './offsets.ts';

/** Line-based file formats `POST /api/projects/:id/import` and `gloss import` read. */
export const IMPORT_FORMATS = ['jsonl', 'json', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/**
 * Everything an upload may be: the line formats, a COCO JSON file, and (recognised by their
 * bytes, so never needed in `format`) zip archives and PNG, JPEG, WebP or GIF images.
 */
export const UPLOAD_FORMATS = [...IMPORT_FORMATS, 'coco'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

/** Query of `POST /api/projects/:id/import`. */
export const ImportQuerySchema = z.object({
  /** Left out: judged from the file's bytes, its name, the content type, then the first character. */
  format: z.enum(UPLOAD_FORMATS).optional(),
  /** Replace the data of ids already in the project instead of counting them as duplicates. */
  update: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .default(false),
  /** Name of the uploaded file, for the format and the audit log (multipart uploads carry their own). */
  filename: z.string().max(255).optional(),
});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * An external id: a string, or a whole number (stored as its decimal string). Numbers past 2^53
 * cannot be read exactly from JSON, so they must come quoted.
 */
export const ImportIdSchema = z.union(
  [
    z.string().min(1, 'must not be empty').max(500, 'is longer than 500 characters'),
    z
      .number()
      .refine(Number.isInteger, 'must be a whole number')
      .refine(Number.isSafeInteger, 'is too large to read exactly from JSON: quote it'),
  ],
  { error: 'must be a string or a whole number (quote ids over 2^53)' },
);

/**
 * One line of a JSONL import (contract: handbook section 3). Fields not listed here are kept in
 * `meta`, so nothing in a file is lost.
 */
export const ImportLineSchema = z.object({
  /** Unique in the project; re-importing the same id never duplicates. Left out: a hash of the content. */
  id: ImportIdSchema.nullish(),
  /** The text to label, stored exactly as given. Exactly one of `text` and `image`. */
  text: z.string().min(1, 'is empty').optional(),
  /** Path of the image (in the uploaded archive). Exactly one of `text` and `image`. */
  image: z.string().min(1, 'is empty').optional(),
  /** Free data shown with the item and kept in the export (checked, not copied: it can be large). */
  meta: z
    .custom<Record<string, unknown>>(isPlainObject, {
      error: (iss) => `must be an object (got ${kindOf(iss.input)})`,
    })
    .nullish(),
  /** Tags for filtering the Data page. */
  tags: z
    .array(z.string().min(1, 'must not be empty').max(100, 'is longer than 100 characters'), {
      error: 'must be an array of strings',
    })
    .max(100, 'has more than 100 tags')
    .nullish(),
  /** Pre-annotations, in Gloss's shape or Label Studio's (converted on import). */
  predictions: z.array(z.unknown()).nullish(),
  /** The known answer, keyed by task name: marks a gold item. */
  gold: LabelsSchema.nullish(),
});
export type ImportLine = z.infer<typeof ImportLineSchema>;

/** One region of a Label Studio result; `value` is checked per `type` when converting. */
export const LabelStudioResultSchema = z.looseObject({
  from_name: z.string(),
  to_name: z.string().optional(),
  type: z.string(),
  value: z.record(z.string(), z.unknown()),
  /** Image size in pixels; Label Studio gives shapes in percent of it. */
  original_width: z.number().positive().optional(),
  original_height: z.number().positive().optional(),
});
/** A Label Studio prediction or annotation: both become Gloss predictions. */
export const LabelStudioPredictionSchema = z.looseObject({
  model_version: z.union([z.string(), z.number()]).nullish(),
  score: z.number().nullish(),
  result: z.array(LabelStudioResultSchema),
  was_cancelled: z.boolean().optional(),
});

/** An import line after checking and normalising: what the importer stores. */
export interface ImportItem {
  /** Null when the line had none: the importer derives one from the content. */
  extId: string | null;
  kind: 'text' | 'image';
  /** An image item gets its stored media's id and natural size once the importer finds the file. */
  data: { text: string } | { image: string; mediaId?: number; width?: number; height?: number };
  meta: Record<string, unknown> | null;
  tags: string[] | null;
  predictions: Prediction[] | null;
  gold: Record<string, unknown> | null;
}

export type NormalizeResult = { ok: true; item: ImportItem } | { ok: false; message: string };

/** A rejection: where in the line, and why. */
class Problem {
  constructor(
    readonly path: PropertyKey[],
    readonly message: string,
  ) {}
}

const KNOWN = new Set(Object.keys(ImportLineSchema.shape));

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  record: 'an object',
  object: 'an object',
  array: 'an array',
  tuple: 'an array',
};

/** Plain-words messages for wrong types, used for every parse of user data here. */
const readable: z.core.$ZodErrorMap = (iss) =>
  iss.code === 'invalid_type'
    ? `must be ${EXPECTED[iss.expected] ?? iss.expected} (got ${iss.input === undefined ? 'nothing' : kindOf(iss.input)})`
    : undefined;

function check<S extends z.ZodType>(schema: S, v: unknown, at: PropertyKey[]): z.output<S> | Problem {
  // Parse options take zod off its compiled fast path: the readable messages are only worth
  // their cost once a line has failed.
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  const issue = schema.safeParse(v, { error: readable }).error!.issues[0]!;
  return new Problem([...at, ...issue.path], issue.message);
}

const isProblem = (v: unknown): v is Problem => v instanceof Problem;

/** `"predictions[0].result[2].value" must be ...` */
function explain(p: Problem): string {
  let path = '';
  for (const k of p.path) path += typeof k === 'number' ? `[${k}]` : path ? `.${String(k)}` : String(k);
  return path ? `"${path}" ${p.message}` : p.message;
}

/**
 * A Label Studio task (`{"data": {...}, "predictions": [...], "annotations": [...]}`) flattened to
 * an import line: the data's text or image, its other keys into `meta`, and both predictions and
 * annotations as predictions. Label Studio's bookkeeping (created_at, project, ...) is dropped.
 * A Gloss export line has the same outer shape (`data.meta`, `annotations[].labels`) and reads
 * back the same way.
 */
function flattenTask(v: Record<string, unknown>, data: Record<string, unknown>): Record<string, unknown> {
  const { text, image, meta: dataMeta, ...rest } = data;
  const meta = {
    ...rest,
    ...(isPlainObject(dataMeta) ? dataMeta : dataMeta === undefined ? {} : { meta: dataMeta }),
    ...(isPlainObject(v.meta) ? v.meta : {}),
  };
  const preds = [v.predictions, v.annotations].flatMap((p) => (Array.isArray(p) ? p : p == null ? [] : [p]));
  return {
    id: v.id,
    text,
    image,
    meta: Object.keys(meta).length ? meta : undefined,
    tags: v.tags,
    gold: v.gold,
    predictions: preds.length ? preds : undefined,
  };
}

/** Deeper than this a line is refused: checking or storing it would overflow the stack. */
export const MAX_NESTING = 100;

/** Whether `v` nests objects or arrays more than `max` levels deep; stops as soon as it does. */
function nestedDeeper(v: unknown, max: number): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (max === 0) return true;
  for (const x of Array.isArray(v) ? v : Object.values(v)) if (nestedDeeper(x, max - 1)) return true;
  return false;
}

/**
 * Checks one parsed line (or JSON array element, or CSV record) and turns it into what the
 * importer stores. Every rejection names the field and the reason.
 */
export function normalizeImportLine(value: unknown): NormalizeResult {
  if (!isPlainObject(value)) return { ok: false, message: `not a JSON object (got ${kindOf(value)})` };
  if (nestedDeeper(value, MAX_NESTING)) {
    return { ok: false, message: `nests objects or arrays more than ${MAX_NESTING} levels deep` };
  }
  const flat =
    !('text' in value) && !('image' in value) && isPlainObject(value.data)
      ? flattenTask(value, value.data)
      : value;
  const line = check(ImportLineSchema, flat, []);
  if (isProblem(line)) return { ok: false, message: explain(line) };
  if (line.text === undefined && line.image === undefined) {
    return { ok: false, message: 'missing "text" (or "image")' };
  }
  if (line.text !== undefined && line.image !== undefined) {
    return { ok: false, message: 'has both "text" and "image": give one' };
  }
  let meta = line.meta ?? null;
  for (const key of Object.keys(flat)) {
    if (KNOWN.has(key) || flat[key] === undefined) continue;
    // The line's own meta wins over a stray field of the same name.
    meta = { [key]: flat[key], ...meta };
  }
  const predictions: Prediction[] = [];
  for (const [i, p] of (line.predictions ?? []).entries()) {
    const converted = toPrediction(p, line.text, ['predictions', i]);
    if (isProblem(converted)) return { ok: false, message: explain(converted) };
    if (converted) predictions.push(converted);
  }
  const item: ImportItem = {
    extId: line.id == null ? null : String(line.id),
    kind: line.text !== undefined ? 'text' : 'image',
    data: line.text !== undefined ? { text: line.text } : { image: line.image! },
    meta: meta && Object.keys(meta).length ? meta : null,
    tags: line.tags?.length ? [...new Set(line.tags)] : null,
    predictions: predictions.length ? predictions : null,
    gold: line.gold ?? null,
  };
  return { ok: true, item };
}

/** One prediction in Gloss's shape, or Label Studio's converted; null for a cancelled LS annotation. */
function toPrediction(p: unknown, text: string | undefined, at: PropertyKey[]): Prediction | Problem | null {
  if (!isPlainObject(p)) return new Problem(at, `must be an object (got ${kindOf(p)})`);
  if (!('result' in p)) return check(PredictionSchema, p, at);
  const ls = check(LabelStudioPredictionSchema, p, at);
  if (isProblem(ls)) return ls;
  if (ls.was_cancelled) return null;
  const labels: Record<string, unknown> = {};
  const offsets = text === undefined ? null : new OffsetMap(text);
  for (const [j, res] of ls.result.entries()) {
    const problem = addLabelStudioResult(labels, res, offsets, [...at, 'result', j]);
    if (problem) return problem;
  }
  const out: Prediction = { labels };
  if (ls.model_version != null) out.model = String(ls.model_version);
  if (ls.score != null) out.score = ls.score;
  return out;
}

const num = z.number();
const oneLabel = z.array(z.string()).min(1, 'needs a label');
const LS_VALUES = {
  labels: z.object({ start: z.number().int().min(0), end: z.number().int().min(0), labels: oneLabel }),
  choices: z.object({ choices: z.array(z.string()) }),
  textarea: z.object({ text: z.union([z.array(z.string()), z.string()]) }),
  rectanglelabels: z.object({ x: num, y: num, width: num, height: num, rectanglelabels: oneLabel }),
  polygonlabels: z.object({ points: z.array(z.tuple([num, num])).min(3), polygonlabels: oneLabel }),
  keypointlabels: z.object({ x: num, y: num, keypointlabels: oneLabel }),
};
type LsType = keyof typeof LS_VALUES;
type LsValue<T extends LsType> = z.output<(typeof LS_VALUES)[T]>;

const round2 = (v: number) => Math.round(v * 100) / 100;

function push(labels: Record<string, unknown>, key: string, v: unknown) {
  const list = labels[key];
  if (Array.isArray(list)) list.push(v);
  else labels[key] = [v];
}

/**
 * Adds one Label Studio region to `labels` under its `from_name`: text offsets go from UTF-16
 * indices to code points, image shapes from percent of the original size to pixels. Only the
 * first of a region's labels is kept (Gloss regions carry one label). Returns a problem, or null
 * when the region was added.
 */
function addLabelStudioResult(
  labels: Record<string, unknown>,
  res: z.output<typeof LabelStudioResultSchema>,
  offsets: OffsetMap | null,
  at: PropertyKey[],
): Problem | null {
  if (!Object.hasOwn(LS_VALUES, res.type)) {
    return new Problem(
      [...at, 'type'],
      `is "${res.type}", which Gloss does not import (it reads ${Object.keys(LS_VALUES).join(', ')})`,
    );
  }
  const type = res.type as LsType;
  const value = check(LS_VALUES[type], res.value, [...at, 'value']);
  if (isProblem(value)) return value;
  const key = res.from_name;
  const scale: [number, number] | null =
    res.original_width && res.original_height ? [res.original_width / 100, res.original_height / 100] : null;
  const noScale = new Problem(
    at,
    `(${type}) needs original_width and original_height to turn percent into pixels`,
  );
  switch (type) {
    case 'labels': {
      const v = value as LsValue<'labels'>;
      if (!offsets) return new Problem(at, 'is a text span but the item has no text');
      if (v.end <= v.start || v.end > offsets.text.length) {
        return new Problem(
          [...at, 'value'],
          `span ${v.start}-${v.end} is outside the text (${offsets.text.length} UTF-16 units long)`,
        );
      }
      const start = offsets.toCodePoint(v.start);
      const end = offsets.toCodePoint(v.end, true);
      push(labels, key, { start, end, label: v.labels[0]!, text: offsets.slice(start, end) });
      return null;
    }
    case 'choices': {
      const v = value as LsValue<'choices'>;
      const list = Array.isArray(labels[key]) ? (labels[key] as string[]) : [];
      labels[key] = [...list, ...v.choices.filter((c) => !list.includes(c))];
      return null;
    }
    case 'textarea': {
      const v = value as LsValue<'textarea'>;
      const t = Array.isArray(v.text) ? v.text.join('\n') : v.text;
      labels[key] = typeof labels[key] === 'string' ? `${labels[key]}\n${t}` : t;
      return null;
    }
    case 'rectanglelabels': {
      const v = value as LsValue<'rectanglelabels'>;
      if (!scale) return noScale;
      push(labels, key, {
        x: round2(v.x * scale[0]),
        y: round2(v.y * scale[1]),
        width: round2(v.width * scale[0]),
        height: round2(v.height * scale[1]),
        label: v.rectanglelabels[0]!,
      });
      return null;
    }
    case 'polygonlabels': {
      const v = value as LsValue<'polygonlabels'>;
      if (!scale) return noScale;
      push(labels, key, {
        points: v.points.map(([x, y]) => [round2(x * scale[0]), round2(y * scale[1])]),
        label: v.polygonlabels[0]!,
      });
      return null;
    }
    case 'keypointlabels': {
      const v = value as LsValue<'keypointlabels'>;
      if (!scale) return noScale;
      push(labels, key, {
        x: round2(v.x * scale[0]),
        y: round2(v.y * scale[1]),
        label: v.keypointlabels[0]!,
      });
      return null;
    }
  }
}
