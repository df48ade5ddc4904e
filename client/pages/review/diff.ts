import type { LabelSchema, TaskType } from '../../../shared/labelSchema.ts';
import { BoxSchema, type Labels, PointSchema, PolygonSchema, SpanSchema } from '../../../shared/labels.ts';

/**
 * What a correction changed, task by task, as a reviewer reads it before confirming: objects
 * (spans, chosen labels, shapes, points) only in the original are `removed`, only in the
 * correction `added`; a free-text answer shows before and after.
 */
export interface TaskDiff {
  task: string;
  type: TaskType;
  removed: string[];
  added: string[];
  /** Free-text tasks: the two answers (null when empty). */
  text?: { before: string | null; after: string | null };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** One object of a task's answer in words: `PER "Ada" (0-3)`, `box car at 10,20 30×40`. */
export function describeObject(type: TaskType, value: unknown): string {
  switch (type) {
    case 'choices':
      return String(value);
    case 'spans': {
      const s = SpanSchema.safeParse(value);
      if (!s.success) return JSON.stringify(value);
      const text = s.data.text === undefined ? '' : ` "${s.data.text}"`;
      return `${s.data.label}${text} (${s.data.start}-${s.data.end})`;
    }
    case 'boxes': {
      const b = BoxSchema.safeParse(value);
      if (!b.success) return JSON.stringify(value);
      const { x, y, width, height, label } = b.data;
      return `box ${label} at ${round(x)},${round(y)} ${round(width)}×${round(height)}`;
    }
    case 'polygons': {
      const p = PolygonSchema.safeParse(value);
      if (!p.success) return JSON.stringify(value);
      const [x, y] = p.data.points[0]!;
      return `polygon ${p.data.label}, ${p.data.points.length} points from ${round(x)},${round(y)}`;
    }
    case 'points': {
      const p = PointSchema.safeParse(value);
      if (!p.success) return JSON.stringify(value);
      return `point ${p.data.label} at ${round(p.data.x)},${round(p.data.y)}`;
    }
    case 'text':
      return String(value);
  }
}

/**
 * Identity of an object for comparing two answers: a span is its offsets and label (its `text`
 * follows from them), anything else its JSON.
 */
export function objectIdentity(type: TaskType, value: unknown): string {
  if (type === 'spans') {
    const s = SpanSchema.safeParse(value);
    if (s.success) return `${s.data.start}:${s.data.end}:${s.data.label}`;
  }
  return JSON.stringify(value);
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** Objects of `a` not in `b` (as a multiset: a duplicate counts). */
function minus(type: TaskType, a: readonly unknown[], b: readonly unknown[]): unknown[] {
  const left = new Map<string, number>();
  for (const v of b) {
    const k = objectIdentity(type, v);
    left.set(k, (left.get(k) ?? 0) + 1);
  }
  return a.filter((v) => {
    const k = objectIdentity(type, v);
    const n = left.get(k) ?? 0;
    if (n === 0) return true;
    left.set(k, n - 1);
    return false;
  });
}

const textOf = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The tasks a correction changed, in the schema's order; empty when it changed nothing. */
export function labelsDiff(schema: LabelSchema, before: Labels, after: Labels): TaskDiff[] {
  const out: TaskDiff[] = [];
  for (const task of schema.tasks) {
    if (task.type === 'text') {
      const b = textOf(before[task.name]);
      const a = textOf(after[task.name]);
      if (a !== b)
        out.push({ task: task.name, type: 'text', removed: [], added: [], text: { before: b, after: a } });
      continue;
    }
    const b = asList(before[task.name]);
    const a = asList(after[task.name]);
    const removed = minus(task.type, b, a).map((v) => describeObject(task.type, v));
    const added = minus(task.type, a, b).map((v) => describeObject(task.type, v));
    if (removed.length || added.length) out.push({ task: task.name, type: task.type, removed, added });
  }
  return out;
}

/** An object another annotator gave that the labels being edited lack, to merge it in. */
export interface Offer {
  task: string;
  type: TaskType;
  value: unknown;
  /** Who gave it. */
  by: string[];
  text: string;
}

/**
 * For merging several annotations into one correction: every span, shape or point of the other
 * annotators that `current` does not have yet, once each, with who gave it.
 */
export function offers(
  schema: LabelSchema,
  current: Labels,
  others: readonly { by: string; labels: Labels }[],
): Offer[] {
  const out: Offer[] = [];
  for (const task of schema.tasks) {
    if (task.type === 'text' || task.type === 'choices') continue;
    const have = new Set(asList(current[task.name]).map((v) => objectIdentity(task.type, v)));
    const found = new Map<string, Offer>();
    for (const o of others) {
      for (const v of asList(o.labels[task.name])) {
        const k = objectIdentity(task.type, v);
        if (have.has(k)) continue;
        const seen = found.get(k);
        if (seen) {
          if (!seen.by.includes(o.by)) seen.by.push(o.by);
        } else {
          found.set(k, {
            task: task.name,
            type: task.type,
            value: v,
            by: [o.by],
            text: describeObject(task.type, v),
          });
        }
      }
    }
    out.push(...found.values());
  }
  return out;
}
