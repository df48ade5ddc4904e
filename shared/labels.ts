import { z } from 'zod';
import { hasLabels, type LabelSchema, type Task } from './labelSchema.ts';

/** A text span: code-point offsets, end exclusive, like a Python slice (handbook section 4). */
export const SpanSchema = z.strictObject({
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  label: z.string(),
  text: z.string().optional(),
});
export type Span = z.infer<typeof SpanSchema>;

/** Image shapes in pixels of the original image, origin top left. */
export const BoxSchema = z.strictObject({
  x: z.number(),
  y: z.number(),
  width: z.number().nonnegative(),
  height: z.number().nonnegative(),
  label: z.string(),
});
export type Box = z.infer<typeof BoxSchema>;
export const PolygonSchema = z.strictObject({
  points: z.array(z.tuple([z.number(), z.number()])).min(3),
  label: z.string(),
});
export type Polygon = z.infer<typeof PolygonSchema>;
export const PointSchema = z.strictObject({ x: z.number(), y: z.number(), label: z.string() });
export type Point = z.infer<typeof PointSchema>;

/** One task's answer; the shape depends on the task type. */
export const TaskValueSchema = z.union([
  z.array(z.string()),
  z.array(SpanSchema),
  z.array(BoxSchema),
  z.array(PolygonSchema),
  z.array(PointSchema),
  z.string(),
]);
/** An annotation's result keyed by task name (contract: handbook section 3). */
export const LabelsSchema = z.record(z.string(), z.unknown());
export type Labels = Record<string, unknown>;

function valueSchemaFor(task: Task): z.ZodType {
  const allowed = hasLabels(task) ? new Set(task.labels.map((l) => l.value)) : new Set<string>();
  const known = (v: string) => allowed.has(v);
  const labelMsg = { message: `unknown label for task "${task.name}"` };
  switch (task.type) {
    case 'choices':
      return z
        .array(z.string().refine(known, labelMsg))
        .max(task.multiple ? allowed.size : 1, `task "${task.name}" takes one choice`);
    case 'spans':
      return z.array(
        SpanSchema.extend({ label: z.string().refine(known, labelMsg) }).refine((s) => s.end > s.start, {
          message: 'a span must end after it starts',
        }),
      );
    case 'boxes':
      return z.array(BoxSchema.extend({ label: z.string().refine(known, labelMsg) }));
    case 'polygons':
      return z.array(PolygonSchema.extend({ label: z.string().refine(known, labelMsg) }));
    case 'points':
      return z.array(PointSchema.extend({ label: z.string().refine(known, labelMsg) }));
    case 'text':
      return z.string().max(task.maxLength ?? 100_000);
  }
}

/**
 * The zod schema of `labels` for one project's label schema: task names must exist, values must
 * have the task's shape and use its labels. Empty answers are allowed here; `missingRequired`
 * decides whether a submit may go through.
 */
export function labelsSchemaFor(schema: LabelSchema) {
  const shape: Record<string, z.ZodType> = {};
  for (const task of schema.tasks) shape[task.name] = valueSchemaFor(task).optional();
  return z.strictObject(shape);
}

/** Names of required tasks that have no answer yet. */
export function missingRequired(schema: LabelSchema, labels: Labels): string[] {
  return schema.tasks
    .filter((t) => t.required)
    .filter((t) => {
      const v = labels[t.name];
      return v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : String(v).trim() === '');
    })
    .map((t) => t.name);
}
