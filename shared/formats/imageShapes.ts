/**
 * Walking the image shapes of a `labels` object by its schema, and putting shapes back into the
 * right task: what every image format converter (COCO, YOLO, Label Studio) shares.
 */
import type { LabelSchema, Task } from '../labelSchema.ts';
import type { Box, Labels, Point, Polygon } from '../labels.ts';

export type ShapeTaskType = 'boxes' | 'polygons' | 'points';
export type ShapeTask = Extract<Task, { type: ShapeTaskType }>;

/** One shape with the task it belongs to; `kind` is the task type. */
export type TaskShape =
  | { task: string; kind: 'boxes'; shape: Box }
  | { task: string; kind: 'polygons'; shape: Polygon }
  | { task: string; kind: 'points'; shape: Point };

export function isShapeTask(task: Task): task is ShapeTask {
  return task.type === 'boxes' || task.type === 'polygons' || task.type === 'points';
}

export function shapeTasks(schema: LabelSchema): ShapeTask[] {
  return schema.tasks.filter(isShapeTask);
}

/** Label values of the given task types, each once, in schema order. */
export function labelNames(schema: LabelSchema, types: readonly ShapeTaskType[]): string[] {
  const names = new Set<string>();
  for (const task of shapeTasks(schema)) {
    if (types.includes(task.type)) for (const l of task.labels) names.add(l.value);
  }
  return [...names];
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isBox(v: unknown): v is Box {
  return (
    isObj(v) && isNum(v.x) && isNum(v.y) && isNum(v.width) && isNum(v.height) && typeof v.label === 'string'
  );
}
function isPolygon(v: unknown): v is Polygon {
  return (
    isObj(v) &&
    typeof v.label === 'string' &&
    Array.isArray(v.points) &&
    v.points.length >= 3 &&
    v.points.every((p) => Array.isArray(p) && p.length === 2 && isNum(p[0]) && isNum(p[1]))
  );
}
function isPoint(v: unknown): v is Point {
  return isObj(v) && isNum(v.x) && isNum(v.y) && typeof v.label === 'string';
}

/**
 * Every well-formed shape of the image tasks, in schema order then drawing order. Labels are
 * validated against the schema when they are saved, so anything else found here (a task renamed
 * since) is skipped rather than guessed at.
 */
export function shapesOf(schema: LabelSchema, labels: Labels): TaskShape[] {
  const out: TaskShape[] = [];
  for (const task of shapeTasks(schema)) {
    const value = labels[task.name];
    if (!Array.isArray(value)) continue;
    for (const v of value) {
      if (task.type === 'boxes' && isBox(v)) out.push({ task: task.name, kind: 'boxes', shape: v });
      else if (task.type === 'polygons' && isPolygon(v))
        out.push({ task: task.name, kind: 'polygons', shape: v });
      else if (task.type === 'points' && isPoint(v)) out.push({ task: task.name, kind: 'points', shape: v });
    }
  }
  return out;
}

/**
 * The task a shape of `kind` labelled `label` goes into: the task named `preferred` when it is of
 * that kind and has the label, else the first such task in the schema; undefined when none has it.
 */
export function taskFor(
  schema: LabelSchema,
  kind: ShapeTaskType,
  label: string,
  preferred?: string,
): ShapeTask | undefined {
  const fits = (t: ShapeTask) => t.type === kind && t.labels.some((l) => l.value === label);
  const tasks = shapeTasks(schema);
  return tasks.find((t) => t.name === preferred && fits(t)) ?? tasks.find(fits);
}

/** Collects imported shapes into a `labels` object, each into the task that accepts its label. */
export class LabelsBuilder {
  readonly #schema: LabelSchema;
  readonly #labels: Record<string, (Box | Polygon | Point)[]> = {};

  constructor(schema: LabelSchema) {
    this.#schema = schema;
  }

  /** Whether some task of `kind` accepts `label`. */
  accepts(kind: ShapeTaskType, label: string): boolean {
    return taskFor(this.#schema, kind, label) !== undefined;
  }

  /** Adds the shape; returns false (and adds nothing) when no task of `kind` has its label. */
  add(kind: 'boxes', shape: Box, preferred?: string): boolean;
  add(kind: 'polygons', shape: Polygon, preferred?: string): boolean;
  add(kind: 'points', shape: Point, preferred?: string): boolean;
  add(kind: ShapeTaskType, shape: Box | Polygon | Point, preferred?: string): boolean {
    const task = taskFor(this.#schema, kind, shape.label, preferred);
    if (!task) return false;
    const list = this.#labels[task.name] ?? [];
    list.push(shape);
    this.#labels[task.name] = list;
    return true;
  }

  labels(): Labels {
    return { ...this.#labels };
  }
}
