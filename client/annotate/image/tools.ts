/**
 * Drawing and editing tools as small state machines, one interface for all: each tool turns
 * pointer and key events (positions already in image pixels) into a next state plus effects the
 * editor applies. Pure and DOM-free, so unit tests drive them with synthetic events. Escape and
 * `cancel` (interruption: a tool switch, the window losing focus, the labels changing under a
 * gesture) always return a tool to `idle` without any effect.
 */

import type { ShapeTaskType } from '../../../shared/formats/imageShapes.ts';
import {
  clampPoint,
  constrainMove,
  distance,
  distanceToSegment,
  polygonArea,
  type Rect,
  rectFromCorners,
  type Size,
  shapeBounds,
  translateShape,
  type Vec2,
} from '../../../shared/geometry.ts';
import type { Box, Point, Polygon } from '../../../shared/labels.ts';

export type ToolId = 'select' | 'box' | 'polygon' | 'point';
export type AnyShape = Box | Polygon | Point;

/** Which task type each drawing tool makes shapes for. */
export const TOOL_KIND: Record<Exclude<ToolId, 'select'>, ShapeTaskType> = {
  box: 'boxes',
  polygon: 'polygons',
  point: 'points',
};
export const KIND_TOOL: Record<ShapeTaskType, ToolId> = {
  boxes: 'box',
  polygons: 'polygon',
  points: 'point',
};

/** A shape by position: its task and its index in that task's list. */
export interface ShapeRef {
  task: string;
  index: number;
}
/** What is under the pointer: a shape, or one vertex of the selected polygon. */
export interface Hit {
  ref: ShapeRef;
  vertex?: number;
}
/** The task and label a drawing tool gives the shapes it makes. */
export interface DrawTarget {
  task: string;
  label: string;
}

/** Distances are measured on screen, so the tools feel the same at every zoom. */
export const DRAG_THRESHOLD_PX = 3;
export const CLOSE_PX = 8;
export const HIT_PX = 6;
/** Smallest box side, on screen, that counts as drawn rather than an accidental click. */
export const MIN_BOX_PX = 3;

export type ToolEvent =
  | { type: 'down'; point: Vec2; alt?: boolean }
  | { type: 'move'; point: Vec2 }
  | { type: 'up'; point: Vec2 }
  | { type: 'dblclick'; point: Vec2 }
  | { type: 'key'; key: 'escape' | 'enter' | 'backspace' }
  | { type: 'cancel' };

/** What a tool may ask of the editor; never mutated by a tool. */
export interface ToolEnv {
  /** The image's natural size: every shape stays inside it. */
  size: Size;
  /** Screen pixels per image pixel. */
  scale: number;
  /** What new shapes get, for the tool's task type; null when the schema has no such task. */
  draw: DrawTarget | null;
  selected: ShapeRef | null;
  /** The top shape (or selected polygon's vertex) within `tolerance` image px of `point`. */
  hit(point: Vec2, tolerance: number): Hit | null;
  shape(ref: ShapeRef): AnyShape | undefined;
}

export type ToolEffect =
  | { type: 'create'; task: string; shape: AnyShape }
  | { type: 'update'; ref: ShapeRef; shape: AnyShape }
  | { type: 'select'; ref: ShapeRef | null };

/** What the editor draws for a gesture in progress. */
export type Preview =
  | { kind: 'box'; rect: Rect; target: DrawTarget }
  | { kind: 'polygon'; points: Vec2[]; cursor: Vec2 | null; closing: boolean; target: DrawTarget }
  | { kind: 'point'; at: Vec2; target: DrawTarget }
  /** The selected shape as it is being moved or reshaped (replaces it on screen until committed). */
  | { kind: 'edit'; ref: ShapeRef; shape: AnyShape };

export type SelectState =
  | { tool: 'select'; phase: 'idle' }
  | { tool: 'select'; phase: 'pointing'; hit: Hit; origin: Vec2 }
  | { tool: 'select'; phase: 'dragging'; hit: Hit; origin: Vec2; original: AnyShape; shape: AnyShape };
export type BoxState =
  | { tool: 'box'; phase: 'idle' }
  | { tool: 'box'; phase: 'pointing'; anchor: Vec2; target: DrawTarget }
  | { tool: 'box'; phase: 'dragging'; anchor: Vec2; current: Vec2; target: DrawTarget };
export type PolygonState =
  | { tool: 'polygon'; phase: 'idle' }
  | { tool: 'polygon'; phase: 'drawing'; points: Vec2[]; cursor: Vec2 | null; target: DrawTarget };
export type PointState =
  | { tool: 'point'; phase: 'idle' }
  | { tool: 'point'; phase: 'pointing'; at: Vec2; target: DrawTarget };
export type ToolState = SelectState | BoxState | PolygonState | PointState;

export interface Step<S> {
  state: S;
  effects: ToolEffect[];
}

/** The one interface every tool implements. */
export interface Tool<S extends ToolState> {
  id: S['tool'];
  idle: S;
  handle(state: S, event: ToolEvent, env: ToolEnv): Step<S>;
  preview(state: S): Preview | null;
}

const stay = <S>(state: S): Step<S> => ({ state, effects: [] });
const SELECT_IDLE: SelectState = { tool: 'select', phase: 'idle' };
const BOX_IDLE: BoxState = { tool: 'box', phase: 'idle' };
const POLYGON_IDLE: PolygonState = { tool: 'polygon', phase: 'idle' };
const POINT_IDLE: PointState = { tool: 'point', phase: 'idle' };
const isStop = (e: ToolEvent) => e.type === 'cancel' || (e.type === 'key' && e.key === 'escape');

// ---------------------------------------------------------------------------------------------

/** The selected shape moved by the pointer, or one polygon vertex dragged; always inside the image. */
function dragged(original: AnyShape, hit: Hit, origin: Vec2, point: Vec2, size: Size): AnyShape {
  if (hit.vertex !== undefined && 'points' in original) {
    const points = original.points.map((p, i): Vec2 => (i === hit.vertex ? clampPoint(point, size) : p));
    return { ...original, points };
  }
  const [dx, dy] = constrainMove(shapeBounds(original), point[0] - origin[0], point[1] - origin[1], size);
  return translateShape(original, dx, dy);
}

/** Where a double click on the selected polygon's edge inserts a vertex, if it is on one. */
function edgeInsert(poly: Polygon, p: Vec2, tolerance: number): number | null {
  const n = poly.points.length;
  for (let i = 0; i < n; i++) {
    if (distanceToSegment(p, poly.points[i]!, poly.points[(i + 1) % n]!) <= tolerance) return i + 1;
  }
  return null;
}

export const selectTool: Tool<SelectState> = {
  id: 'select',
  idle: SELECT_IDLE,
  handle(state, e, env) {
    if (isStop(e)) return stay(SELECT_IDLE);
    const tol = HIT_PX / env.scale;
    switch (state.phase) {
      case 'idle': {
        if (e.type === 'dblclick' && env.selected) {
          const shape = env.shape(env.selected);
          if (shape && 'points' in shape) {
            const at = edgeInsert(shape, e.point, tol);
            if (at !== null) {
              const points = [...shape.points];
              points.splice(at, 0, clampPoint(e.point, env.size));
              return { state, effects: [{ type: 'update', ref: env.selected, shape: { ...shape, points } }] };
            }
          }
          return stay(state);
        }
        if (e.type !== 'down') return stay(state);
        const hit = env.hit(e.point, tol);
        if (!hit) return { state, effects: env.selected ? [{ type: 'select', ref: null }] : [] };
        const shape = env.shape(hit.ref);
        // Alt+click on a vertex of the selected polygon removes it (a polygon keeps 3 at least).
        if (e.alt && hit.vertex !== undefined && shape && 'points' in shape && shape.points.length > 3) {
          const points = shape.points.filter((_, i) => i !== hit.vertex);
          return { state, effects: [{ type: 'update', ref: hit.ref, shape: { ...shape, points } }] };
        }
        const same = env.selected?.task === hit.ref.task && env.selected.index === hit.ref.index;
        return {
          state: { tool: 'select', phase: 'pointing', hit, origin: e.point },
          effects: same ? [] : [{ type: 'select', ref: hit.ref }],
        };
      }
      case 'pointing': {
        if (e.type === 'up') return stay(SELECT_IDLE);
        if (e.type !== 'move' || distance(e.point, state.origin) * env.scale < DRAG_THRESHOLD_PX)
          return stay(state);
        const original = env.shape(state.hit.ref);
        if (!original) return stay(SELECT_IDLE);
        const shape = dragged(original, state.hit, state.origin, e.point, env.size);
        return stay({
          tool: 'select',
          phase: 'dragging',
          hit: state.hit,
          origin: state.origin,
          original,
          shape,
        });
      }
      case 'dragging': {
        if (e.type === 'move') {
          return stay({
            ...state,
            shape: dragged(state.original, state.hit, state.origin, e.point, env.size),
          });
        }
        if (e.type !== 'up') return stay(state);
        const shape = dragged(state.original, state.hit, state.origin, e.point, env.size);
        // The whole drag is one change, reported once when the button comes up.
        return { state: SELECT_IDLE, effects: [{ type: 'update', ref: state.hit.ref, shape }] };
      }
    }
  },
  preview(state) {
    return state.phase === 'dragging' ? { kind: 'edit', ref: state.hit.ref, shape: state.shape } : null;
  },
};

export const boxTool: Tool<BoxState> = {
  id: 'box',
  idle: BOX_IDLE,
  handle(state, e, env) {
    if (isStop(e)) return stay(BOX_IDLE);
    switch (state.phase) {
      case 'idle':
        if (e.type !== 'down' || !env.draw) return stay(state);
        return stay({
          tool: 'box',
          phase: 'pointing',
          anchor: clampPoint(e.point, env.size),
          target: env.draw,
        });
      case 'pointing':
        if (e.type === 'up') return stay(BOX_IDLE);
        if (e.type !== 'move' || distance(e.point, state.anchor) * env.scale < DRAG_THRESHOLD_PX)
          return stay(state);
        return stay({ ...state, phase: 'dragging', current: clampPoint(e.point, env.size) });
      case 'dragging': {
        if (e.type === 'move') return stay({ ...state, current: clampPoint(e.point, env.size) });
        if (e.type !== 'up') return stay(state);
        const rect = rectFromCorners(state.anchor, clampPoint(e.point, env.size));
        if (rect.width * env.scale < MIN_BOX_PX || rect.height * env.scale < MIN_BOX_PX)
          return stay(BOX_IDLE);
        return {
          state: BOX_IDLE,
          effects: [
            { type: 'create', task: state.target.task, shape: { ...rect, label: state.target.label } },
          ],
        };
      }
    }
  },
  preview(state) {
    return state.phase === 'dragging'
      ? { kind: 'box', rect: rectFromCorners(state.anchor, state.current), target: state.target }
      : null;
  },
};

/** The polygon's vertices without repeats (a double click lands twice on one spot). */
function distinct(points: readonly Vec2[]): Vec2[] {
  return points.filter((p, i) => i === 0 || distance(p, points[i - 1]!) > 0);
}

function finishPolygon(state: Extract<PolygonState, { phase: 'drawing' }>): Step<PolygonState> {
  const points = distinct(state.points);
  if (points.length < 3 || polygonArea(points) === 0) return stay(state);
  return {
    state: POLYGON_IDLE,
    effects: [{ type: 'create', task: state.target.task, shape: { points, label: state.target.label } }],
  };
}

export const polygonTool: Tool<PolygonState> = {
  id: 'polygon',
  idle: POLYGON_IDLE,
  handle(state, e, env) {
    if (isStop(e)) return stay(POLYGON_IDLE);
    if (state.phase === 'idle') {
      if (e.type !== 'down' || !env.draw) return stay(state);
      const p = clampPoint(e.point, env.size);
      return stay({ tool: 'polygon', phase: 'drawing', points: [p], cursor: p, target: env.draw });
    }
    switch (e.type) {
      case 'move': {
        // Near the first vertex the cursor snaps to it: the next click closes the polygon.
        const p = clampPoint(e.point, env.size);
        const first = state.points[0]!;
        const snap = state.points.length >= 3 && distance(p, first) * env.scale <= CLOSE_PX;
        return stay({ ...state, cursor: snap ? first : p });
      }
      case 'down': {
        const p = clampPoint(e.point, env.size);
        const first = state.points[0]!;
        const last = state.points.at(-1)!;
        if (state.points.length >= 3 && distance(p, first) * env.scale <= CLOSE_PX)
          return finishPolygon(state);
        // The second press of a double click: the dblclick event will close the polygon.
        if (distance(p, last) * env.scale < DRAG_THRESHOLD_PX) return stay(state);
        return stay({ ...state, points: [...state.points, p], cursor: p });
      }
      case 'dblclick':
        return finishPolygon(state);
      case 'key':
        if (e.key === 'enter') return finishPolygon(state);
        if (state.points.length <= 1) return stay(POLYGON_IDLE);
        return stay({ ...state, points: state.points.slice(0, -1) });
      default:
        return stay(state);
    }
  },
  preview(state) {
    if (state.phase !== 'drawing') return null;
    const first = state.points[0]!;
    const closing =
      state.points.length >= 3 &&
      state.cursor !== null &&
      state.cursor[0] === first[0] &&
      state.cursor[1] === first[1];
    return { kind: 'polygon', points: state.points, cursor: state.cursor, closing, target: state.target };
  },
};

export const pointTool: Tool<PointState> = {
  id: 'point',
  idle: POINT_IDLE,
  handle(state, e, env) {
    if (isStop(e)) return stay(POINT_IDLE);
    if (state.phase === 'idle') {
      if (e.type !== 'down' || !env.draw) return stay(state);
      return stay({ tool: 'point', phase: 'pointing', at: clampPoint(e.point, env.size), target: env.draw });
    }
    if (e.type === 'move') return stay({ ...state, at: clampPoint(e.point, env.size) });
    if (e.type !== 'up') return stay(state);
    const [x, y] = clampPoint(e.point, env.size);
    return {
      state: POINT_IDLE,
      effects: [{ type: 'create', task: state.target.task, shape: { x, y, label: state.target.label } }],
    };
  },
  preview(state) {
    return state.phase === 'pointing' ? { kind: 'point', at: state.at, target: state.target } : null;
  },
};

export function idleState(tool: ToolId): ToolState {
  return TOOLS[tool].idle;
}

const TOOLS = { select: selectTool, box: boxTool, polygon: polygonTool, point: pointTool } as const;

/** Feeds one event to whichever tool `state` belongs to. */
export function step(state: ToolState, event: ToolEvent, env: ToolEnv): Step<ToolState> {
  switch (state.tool) {
    case 'select':
      return selectTool.handle(state, event, env);
    case 'box':
      return boxTool.handle(state, event, env);
    case 'polygon':
      return polygonTool.handle(state, event, env);
    case 'point':
      return pointTool.handle(state, event, env);
  }
}

export function previewOf(state: ToolState): Preview | null {
  switch (state.tool) {
    case 'select':
      return selectTool.preview(state);
    case 'box':
      return boxTool.preview(state);
    case 'polygon':
      return polygonTool.preview(state);
    case 'point':
      return pointTool.preview(state);
  }
}

/** Whether a gesture is in progress (Escape then cancels it instead of clearing the selection). */
export function isBusy(state: ToolState): boolean {
  return state.phase !== 'idle';
}
