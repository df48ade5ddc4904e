/**
 * The shapes of one image as the canvas sees them: flattened from the labels, with bounds and
 * colour derived once per change of the labels (not once per frame), a culling query for the
 * visible rect and the hit test the select tool uses. Pure: no DOM, no Konva.
 */

import type { ShapeTask, ShapeTaskType } from '../../../shared/formats/imageShapes.ts';
import {
  distance,
  distanceToSegment,
  pointInPolygon,
  pointInRect,
  type Rect,
  shapeArea,
  shapeBounds,
  type Vec2,
} from '../../../shared/geometry.ts';
import { PALETTE } from '../../../shared/labelSchema.ts';
import type { Labels } from '../../../shared/labels.ts';
import type { AnyShape, Hit, ShapeRef } from './tools.ts';

export interface SceneShape {
  ref: ShapeRef;
  kind: ShapeTaskType;
  shape: AnyShape;
  bounds: Rect;
  color: string;
  /** Position in `Scene.shapes` (drawing order). */
  order: number;
}

export interface Scene {
  shapes: SceneShape[];
  /** Bumped on every rebuild: memoised culling keys on it. */
  version: number;
  /** Bounds as flat `x1, y1, x2, y2` per shape, for a cache-friendly culling scan. */
  box: Float64Array;
  byTask: Map<string, SceneShape[]>;
}

/** Key of a (task, label) pair in the hidden-labels set. */
export const hiddenKey = (task: string, label: string) => `${task}\u0000${label}`;

/** Colour of each label, with the palette filling any the schema left out. */
export function labelColors(tasks: readonly ShapeTask[]): Map<string, string> {
  const colors = new Map<string, string>();
  let i = 0;
  for (const task of tasks) {
    for (const l of task.labels)
      colors.set(hiddenKey(task.name, l.value), l.color ?? PALETTE[i % PALETTE.length]!);
    i += task.labels.length;
  }
  return colors;
}

const FALLBACK_COLOR = '#64748b';
let versions = 0;

function isShape(kind: ShapeTaskType, v: unknown): v is AnyShape {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.label !== 'string') return false;
  if (kind === 'polygons') return Array.isArray(o.points) && o.points.length >= 3;
  const xy = typeof o.x === 'number' && typeof o.y === 'number';
  return kind === 'boxes' ? xy && typeof o.width === 'number' && typeof o.height === 'number' : xy;
}

/** Flattens the image tasks' values into drawable shapes, task by task in schema order. */
export function buildScene(
  tasks: readonly ShapeTask[],
  value: Labels,
  colors: ReadonlyMap<string, string>,
): Scene {
  const shapes: SceneShape[] = [];
  const byTask = new Map<string, SceneShape[]>();
  for (const task of tasks) {
    const list = value[task.name];
    const mine: SceneShape[] = [];
    byTask.set(task.name, mine);
    if (!Array.isArray(list)) continue;
    list.forEach((shape: unknown, index) => {
      if (!isShape(task.type, shape)) return;
      const s: SceneShape = {
        ref: { task: task.name, index },
        kind: task.type,
        shape,
        bounds: shapeBounds(shape),
        color: colors.get(hiddenKey(task.name, shape.label)) ?? FALLBACK_COLOR,
        order: shapes.length,
      };
      shapes.push(s);
      mine.push(s);
    });
  }
  const box = new Float64Array(shapes.length * 4);
  shapes.forEach((s, i) => {
    box[i * 4] = s.bounds.x;
    box[i * 4 + 1] = s.bounds.y;
    box[i * 4 + 2] = s.bounds.x + s.bounds.width;
    box[i * 4 + 3] = s.bounds.y + s.bounds.height;
  });
  return { shapes, version: ++versions, box, byTask };
}

export function sceneShape(scene: Scene, ref: ShapeRef | null): SceneShape | undefined {
  if (!ref) return undefined;
  const list = scene.byTask.get(ref.task);
  // Malformed entries are skipped when building, so a list position may lag its index.
  const guess = list?.[ref.index];
  return guess?.ref.index === ref.index ? guess : list?.find((s) => s.ref.index === ref.index);
}

const isHidden = (hidden: ReadonlySet<string>, s: SceneShape) =>
  hidden.size > 0 && hidden.has(hiddenKey(s.ref.task, s.shape.label));

/** Shapes whose bounds touch `rect` (image px) and whose label is shown, in drawing order. */
export function cull(scene: Scene, rect: Rect, hidden: ReadonlySet<string>): SceneShape[] {
  const x1 = rect.x;
  const y1 = rect.y;
  const x2 = rect.x + rect.width;
  const y2 = rect.y + rect.height;
  const { box, shapes } = scene;
  const out: SceneShape[] = [];
  for (let i = 0; i < shapes.length; i++) {
    const o = i * 4;
    if (box[o]! <= x2 && box[o + 2]! >= x1 && box[o + 1]! <= y2 && box[o + 3]! >= y1) {
      const s = shapes[i]!;
      if (!isHidden(hidden, s)) out.push(s);
    }
  }
  return out;
}

/**
 * `cull` remembering its last answer: re-renders that do not move the view (hover, selection,
 * a tool gesture) reuse the list instead of rescanning.
 */
export function createCuller() {
  let last: { version: number; hidden: ReadonlySet<string>; key: string; result: SceneShape[] } | null = null;
  return (scene: Scene, rect: Rect, hidden: ReadonlySet<string>): SceneShape[] => {
    const key = `${rect.x},${rect.y},${rect.width},${rect.height}`;
    if (last && last.version === scene.version && last.hidden === hidden && last.key === key)
      return last.result;
    const result = cull(scene, rect, hidden);
    last = { version: scene.version, hidden, key, result };
    return result;
  };
}

/** Whether `p` is on the shape: inside a box or polygon, or within `tol` of its outline or point. */
function touches(s: SceneShape, p: Vec2, tol: number): boolean {
  const shape = s.shape;
  if ('points' in shape) {
    if (pointInPolygon(p, shape.points)) return true;
    const n = shape.points.length;
    for (let i = 0; i < n; i++) {
      if (distanceToSegment(p, shape.points[i]!, shape.points[(i + 1) % n]!) <= tol) return true;
    }
    return false;
  }
  if ('width' in shape) {
    const b = s.bounds;
    return pointInRect(p, {
      x: b.x - tol,
      y: b.y - tol,
      width: b.width + 2 * tol,
      height: b.height + 2 * tol,
    });
  }
  return distance(p, [shape.x, shape.y]) <= tol;
}

/**
 * The shape under `p`: a vertex of the selected polygon first, then the selected shape (so it
 * can be dragged even where others overlap it), then a point, then the smallest box or polygon
 * holding `p` (the one a click most plausibly meant). Hidden labels are never hit.
 */
export function hitTest(
  scene: Scene,
  p: Vec2,
  tol: number,
  selected: ShapeRef | null,
  hidden: ReadonlySet<string>,
): Hit | null {
  const sel = sceneShape(scene, selected);
  if (sel && !isHidden(hidden, sel)) {
    if ('points' in sel.shape) {
      let best = -1;
      let bestD = tol;
      sel.shape.points.forEach((v, i) => {
        const d = distance(p, v);
        if (d <= bestD) {
          best = i;
          bestD = d;
        }
      });
      if (best >= 0) return { ref: sel.ref, vertex: best };
    }
    if (touches(sel, p, tol)) return { ref: sel.ref };
  }
  const near = cull(scene, { x: p[0] - tol, y: p[1] - tol, width: 2 * tol, height: 2 * tol }, hidden);
  let pick: SceneShape | null = null;
  let pickArea = Number.POSITIVE_INFINITY;
  let pickPointD = Number.POSITIVE_INFINITY;
  for (const s of near) {
    if (!touches(s, p, tol)) continue;
    if (s.kind === 'points') {
      const d = distance(p, [s.bounds.x, s.bounds.y]);
      if (d < pickPointD) {
        pick = s;
        pickPointD = d;
        pickArea = 0;
      }
      continue;
    }
    if (pickPointD < Number.POSITIVE_INFINITY) continue;
    const area = shapeArea(s.shape);
    // Ties go to the later shape, the one drawn on top.
    if (area <= pickArea) {
      pick = s;
      pickArea = area;
    }
  }
  return pick ? { ref: pick.ref } : null;
}
