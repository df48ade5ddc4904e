/**
 * Plane geometry for image shapes (handbook section 4: pixels of the original image, origin top
 * left, y down). Pure functions on plain values: the canvas editor, the review view, the exporters
 * and the agreement metrics all measure shapes with the same code.
 */
import type { Box, Point, Polygon } from './labels.ts';

/** A position `[x, y]`, the same tuple a polygon stores its points as. */
export type Vec2 = [number, number];

/** An axis-aligned rectangle; `width` and `height` are never negative once normalised. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A size in pixels, e.g. an image's natural size or the canvas size on screen. */
export interface Size {
  width: number;
  height: number;
}

/**
 * How the image sits on screen: `screen = image * scale + (x, y)`. `scale` is screen pixels per
 * image pixel (1 = 1:1); `x`, `y` are where the image's top left corner lands on screen.
 */
export interface Viewport {
  scale: number;
  x: number;
  y: number;
}

export type Shape = Box | Polygon | Point;

// ---------------------------------------------------------------------------------------------
// Rectangles

/** Makes width and height non-negative: a box dragged up or left has its corner moved instead. */
export function normalizeRect<T extends Rect>(r: T): T {
  if (r.width >= 0 && r.height >= 0) return r;
  return {
    ...r,
    x: r.width < 0 ? r.x + r.width : r.x,
    y: r.height < 0 ? r.y + r.height : r.y,
    width: Math.abs(r.width),
    height: Math.abs(r.height),
  };
}

/** The rectangle spanned by two corners given in any order (a drag from `a` to `b`). */
export function rectFromCorners(a: Vec2, b: Vec2): Rect {
  return {
    x: Math.min(a[0], b[0]),
    y: Math.min(a[1], b[1]),
    width: Math.abs(b[0] - a[0]),
    height: Math.abs(b[1] - a[1]),
  };
}

export function rectArea(r: Rect): number {
  return Math.max(0, r.width) * Math.max(0, r.height);
}

/** The overlap of two normalised rectangles, or null when they only touch or miss. */
export function rectIntersection(a: Rect, b: Rect): Rect | null {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  if (x2 <= x1 || y2 <= y1) return null;
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/**
 * Whether two normalised rectangles share any point, edges included: the culling test, where a
 * zero-size point or a hairline box on the border of the view must still count as visible.
 */
export function rectsIntersect(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

/** Whether `inner` lies entirely inside `outer` (edges included). */
export function rectContains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

export function pointInRect(p: Vec2, r: Rect): boolean {
  return p[0] >= r.x && p[0] <= r.x + r.width && p[1] >= r.y && p[1] <= r.y + r.height;
}

/** The rectangle grown by `by` on every side (negative shrinks). */
export function inflateRect(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by };
}

/** Intersection-over-union of two boxes, 0 when either is empty. */
export function boxIoU(a: Rect, b: Rect): number {
  const na = normalizeRect(a);
  const nb = normalizeRect(b);
  const inter = rectIntersection(na, nb);
  if (!inter) return 0;
  const i = rectArea(inter);
  const union = rectArea(na) + rectArea(nb) - i;
  return union > 0 ? i / union : 0;
}

// ---------------------------------------------------------------------------------------------
// Clamping into the image

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

/** The nearest position inside the image (edges included). */
export function clampPoint(p: Vec2, size: Size): Vec2 {
  return [clamp(p[0], 0, size.width), clamp(p[1], 0, size.height)];
}

/**
 * A box normalised and cut to the image: the part outside is dropped, so a box drawn across the
 * border ends at the border. A box entirely outside collapses to zero size on the nearest edge.
 */
export function clampBox<T extends Rect>(box: T, size: Size): T {
  const n = normalizeRect(box);
  const x1 = clamp(n.x, 0, size.width);
  const y1 = clamp(n.y, 0, size.height);
  const x2 = clamp(n.x + n.width, 0, size.width);
  const y2 = clamp(n.y + n.height, 0, size.height);
  return { ...n, x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** Every vertex moved to the nearest position inside the image. */
export function clampPolygon<T extends Pick<Polygon, 'points'>>(poly: T, size: Size): T {
  return { ...poly, points: poly.points.map((p) => clampPoint(p, size)) };
}

/** Any image shape brought inside the image (boxes are cut, vertices and points clamped). */
export function clampShape<T extends Shape>(shape: T, size: Size): T {
  if ('points' in shape) return clampPolygon(shape, size) as T;
  if ('width' in shape) return clampBox(shape, size) as T;
  const [x, y] = clampPoint([shape.x, shape.y], size);
  return { ...shape, x, y };
}

/**
 * The part of a move `(dx, dy)` that keeps `bounds` inside the image: a shape dragged against the
 * border slides along it instead of leaving the image or changing its size.
 */
export function constrainMove(bounds: Rect, dx: number, dy: number, size: Size): Vec2 {
  const minDx = -bounds.x;
  const maxDx = size.width - (bounds.x + bounds.width);
  const minDy = -bounds.y;
  const maxDy = size.height - (bounds.y + bounds.height);
  // A shape larger than the image (never made by the editor, possible in imports) may not move.
  return [minDx > maxDx ? 0 : clamp(dx, minDx, maxDx), minDy > maxDy ? 0 : clamp(dy, minDy, maxDy)];
}

/** The shape moved by `(dx, dy)` as given (callers constrain the move first). */
export function translateShape<T extends Shape>(shape: T, dx: number, dy: number): T {
  if ('points' in shape) return { ...shape, points: shape.points.map(([x, y]) => [x + dx, y + dy]) };
  return { ...shape, x: shape.x + dx, y: shape.y + dy };
}

// ---------------------------------------------------------------------------------------------
// Polygons

/** Shoelace area, positive when the vertices run clockwise on screen (y down), negative otherwise. */
export function polygonSignedArea(points: readonly Vec2[]): number {
  let twice = 0;
  for (let i = 0, n = points.length; i < n; i++) {
    const [x1, y1] = points[i]!;
    const [x2, y2] = points[(i + 1) % n]!;
    twice += x1 * y2 - x2 * y1;
  }
  return twice / 2;
}

/** Area enclosed by a simple polygon, in square pixels. */
export function polygonArea(points: readonly Vec2[]): number {
  return Math.abs(polygonSignedArea(points));
}

/** The smallest axis-aligned rectangle holding every vertex. */
export function polygonBounds(points: readonly Vec2[]): Rect {
  if (points.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  let x1 = Number.POSITIVE_INFINITY;
  let y1 = Number.POSITIVE_INFINITY;
  let x2 = Number.NEGATIVE_INFINITY;
  let y2 = Number.NEGATIVE_INFINITY;
  for (const [x, y] of points) {
    if (x < x1) x1 = x;
    if (y < y1) y1 = y;
    if (x > x2) x2 = x;
    if (y > y2) y2 = y;
  }
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** Even-odd ray casting; points exactly on an edge may land either side. */
export function pointInPolygon(p: Vec2, points: readonly Vec2[]): boolean {
  const [px, py] = p;
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from `p` to the segment `a`-`b`. */
export function distanceToSegment(p: Vec2, a: Vec2, b: Vec2): number {
  const vx = b[0] - a[0];
  const vy = b[1] - a[1];
  const len2 = vx * vx + vy * vy;
  const t = len2 === 0 ? 0 : clamp(((p[0] - a[0]) * vx + (p[1] - a[1]) * vy) / len2, 0, 1);
  return Math.hypot(p[0] - (a[0] + t * vx), p[1] - (a[1] + t * vy));
}

export function distance(a: Vec2, b: Vec2): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** The corners of a box, clockwise on screen from the top left. */
export function rectPoints(r: Rect): Vec2[] {
  const n = normalizeRect(r);
  return [
    [n.x, n.y],
    [n.x + n.width, n.y],
    [n.x + n.width, n.y + n.height],
    [n.x, n.y + n.height],
  ];
}

/** Which side of the directed line `a`->`b` the point `p` lies on: > 0 left (counter-clockwise), < 0 right. */
function side(a: Vec2, b: Vec2, p: Vec2): number {
  return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
}

/** Sutherland-Hodgman: the part of `subject` inside the convex, counter-clockwise `clip`. */
function clipConvex(subject: readonly Vec2[], clip: readonly Vec2[]): Vec2[] {
  let out = [...subject];
  for (let i = 0; i < clip.length && out.length > 0; i++) {
    const a = clip[i]!;
    const b = clip[(i + 1) % clip.length]!;
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j++) {
      const cur = input[j]!;
      const prev = input[(j + input.length - 1) % input.length]!;
      const sc = side(a, b, cur);
      const sp = side(a, b, prev);
      if (sc >= 0) {
        if (sp < 0) out.push(crossing(prev, cur, sp, sc));
        out.push(cur);
      } else if (sp >= 0) {
        out.push(crossing(prev, cur, sp, sc));
      }
    }
  }
  return out;
}

function crossing(p: Vec2, q: Vec2, sp: number, sq: number): Vec2 {
  const t = sp / (sp - sq);
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
}

/** Triangles fanned from the first vertex, each with the sign of its orientation. */
function fan(points: readonly Vec2[]): { tri: Vec2[]; sign: number; bounds: Rect }[] {
  const out: { tri: Vec2[]; sign: number; bounds: Rect }[] = [];
  const o = points[0]!;
  for (let i = 1; i + 1 < points.length; i++) {
    const tri: Vec2[] = [o, points[i]!, points[i + 1]!];
    const s = polygonSignedArea(tri);
    if (s === 0) continue;
    // clipConvex wants counter-clockwise in its own sense (positive signed area here).
    out.push({
      tri: s > 0 ? tri : [tri[0]!, tri[2]!, tri[1]!],
      sign: Math.sign(s),
      bounds: polygonBounds(tri),
    });
  }
  return out;
}

/** The polygon turned counter-clockwise when it is convex (collinear vertices allowed), else null. */
function convexCcw(points: readonly Vec2[]): Vec2[] | null {
  let turn = 0;
  for (let i = 0, n = points.length; i < n; i++) {
    const s = side(points[i]!, points[(i + 1) % n]!, points[(i + 2) % n]!);
    if (s === 0) continue;
    if (turn !== 0 && Math.sign(s) !== turn) return null;
    turn = Math.sign(s);
  }
  if (turn === 0) return null;
  return turn > 0 ? [...points] : [...points].reverse();
}

/**
 * Exact area shared by two simple polygons (convex or not, either orientation). Each polygon is the
 * signed sum of the triangles fanned from one vertex, so the overlap is the signed sum of the
 * overlaps of triangle pairs, and two triangles clip exactly. Limit: a self-intersecting polygon (a
 * figure eight) yields the winding-weighted overlap, not a set area; the drawing tools do not make
 * one. Cost: one O(n*m) clip when both are convex, else up to n*m triangle pairs, skipped quickly
 * when their bounds miss: fine for hand-drawn polygons of tens to hundreds of vertices.
 */
export function polygonIntersectionArea(a: readonly Vec2[], b: readonly Vec2[]): number {
  if (a.length < 3 || b.length < 3) return 0;
  if (!rectsIntersect(polygonBounds(a), polygonBounds(b))) return 0;
  const ca = convexCcw(a);
  const cb = convexCcw(b);
  // Most drawn shapes are convex: one clip instead of n*m triangle pairs.
  if (ca && cb) return polygonArea(clipConvex(ca, cb));
  const fa = fan(a);
  const fb = fan(b);
  let sum = 0;
  for (const ta of fa) {
    for (const tb of fb) {
      if (!rectIntersection(ta.bounds, tb.bounds)) continue;
      const part = clipConvex(ta.tri, tb.tri);
      if (part.length >= 3) sum += ta.sign * tb.sign * polygonArea(part);
    }
  }
  // The fans of a clockwise and a counter-clockwise polygon give the overlap with a minus sign.
  return Math.abs(sum);
}

/** Intersection-over-union of two simple polygons, exact (no rasterising), 0 when either is empty. */
export function polygonIoU(a: readonly Vec2[], b: readonly Vec2[]): number {
  const inter = polygonIntersectionArea(a, b);
  if (inter === 0) return 0;
  const union = polygonArea(a) + polygonArea(b) - inter;
  // Rounding can push a perfect overlap a hair past 1.
  return union > 0 ? Math.min(1, inter / union) : 0;
}

/** IoU of two area shapes: boxes and polygons in any mix. */
export function shapeIoU(a: Box | Polygon, b: Box | Polygon): number {
  if ('width' in a && 'width' in b) return boxIoU(a, b);
  const pa = 'points' in a ? a.points : rectPoints(a);
  const pb = 'points' in b ? b.points : rectPoints(b);
  return polygonIoU(pa, pb);
}

/** The axis-aligned bounds of any shape; a point has zero size. */
export function shapeBounds(shape: Shape): Rect {
  if ('points' in shape) return polygonBounds(shape.points);
  if ('width' in shape)
    return normalizeRect({ x: shape.x, y: shape.y, width: shape.width, height: shape.height });
  return { x: shape.x, y: shape.y, width: 0, height: 0 };
}

/** Area in square pixels: width x height for a box, shoelace for a polygon, 0 for a point. */
export function shapeArea(shape: Shape): number {
  if ('points' in shape) return polygonArea(shape.points);
  if ('width' in shape) return Math.abs(shape.width * shape.height);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Viewport: screen <-> image

export function toScreen(vp: Viewport, p: Vec2): Vec2 {
  return [p[0] * vp.scale + vp.x, p[1] * vp.scale + vp.y];
}

export function toImage(vp: Viewport, p: Vec2): Vec2 {
  return [(p[0] - vp.x) / vp.scale, (p[1] - vp.y) / vp.scale];
}

export function rectToScreen(vp: Viewport, r: Rect): Rect {
  return {
    x: r.x * vp.scale + vp.x,
    y: r.y * vp.scale + vp.y,
    width: r.width * vp.scale,
    height: r.height * vp.scale,
  };
}

/** Zoom limits: from a fraction of "fit" (seeing the whole image small) up to 32 screen px a pixel. */
export const MIN_SCALE = 0.01;
export const MAX_SCALE = 32;

export function clampScale(scale: number, min = MIN_SCALE, max = MAX_SCALE): number {
  return clamp(scale, min, max);
}

/**
 * The viewport zoomed to `scale` so that the image pixel under the screen point `at` stays under
 * it: what a wheel zoom at the cursor does.
 */
export function zoomAt(vp: Viewport, at: Vec2, scale: number, min = MIN_SCALE, max = MAX_SCALE): Viewport {
  const s = clampScale(scale, min, max);
  const [ix, iy] = toImage(vp, at);
  return { scale: s, x: at[0] - ix * s, y: at[1] - iy * s };
}

export function panBy(vp: Viewport, dx: number, dy: number): Viewport {
  return { scale: vp.scale, x: vp.x + dx, y: vp.y + dy };
}

/** The whole image centred in the view with `padding` screen pixels around it. */
export function fitViewport(image: Size, view: Size, padding = 0): Viewport {
  const w = Math.max(1, view.width - 2 * padding);
  const h = Math.max(1, view.height - 2 * padding);
  const scale = clampScale(Math.min(w / image.width, h / image.height));
  return { scale, x: (view.width - image.width * scale) / 2, y: (view.height - image.height * scale) / 2 };
}

/** 1:1 (one image pixel per screen pixel), keeping the image point at the view's centre in place. */
export function oneToOne(vp: Viewport, view: Size): Viewport {
  return zoomAt(vp, [view.width / 2, view.height / 2], 1);
}

/** The viewport moved so that `target` (image px) is centred in the view, zoom unchanged. */
export function centerOn(vp: Viewport, target: Vec2, view: Size): Viewport {
  return {
    scale: vp.scale,
    x: view.width / 2 - target[0] * vp.scale,
    y: view.height / 2 - target[1] * vp.scale,
  };
}

/** The part of the image plane (image px, may reach past the image) that the view shows. */
export function visibleRect(vp: Viewport, view: Size): Rect {
  return {
    x: -vp.x / vp.scale,
    y: -vp.y / vp.scale,
    width: view.width / vp.scale,
    height: view.height / vp.scale,
  };
}

/** Whether a shape's bounds touch the visible rect: the culling test (bounds from `shapeBounds`). */
export function isVisible(bounds: Rect, visible: Rect, marginPx = 0, scale = 1): boolean {
  return rectsIntersect(bounds, marginPx ? inflateRect(visible, marginPx / scale) : visible);
}
