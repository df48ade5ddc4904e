import type { Box, Polygon } from '../labels.ts';

type Rect = Pick<Box, 'x' | 'y' | 'width' | 'height'>;
type Ring = Polygon['points'];
type Vertex = Ring[number];
type Triangle = [Vertex, Vertex, Vertex];

/**
 * Intersection over union of two axis-aligned boxes: overlap area / combined area, in [0, 1].
 * Degenerate boxes (no area) never overlap anything, so their IoU is 0.
 */
export function boxIoU(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const inter = w > 0 && h > 0 ? w * h : 0;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Signed shoelace area: positive when the vertices run counter-clockwise in a y-up frame. */
function signedArea(ring: readonly Vertex[]): number {
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  return twice / 2;
}

/** Area enclosed by a simple polygon, whatever its orientation. */
export function polygonArea(ring: Ring): number {
  return Math.abs(signedArea(ring));
}

/** Which side of the directed line a->b the point p lies on: > 0 left, < 0 right. */
function side(a: Vertex, b: Vertex, p: Vertex): number {
  return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
}

/** Sutherland-Hodgman: a convex polygon clipped by a counter-clockwise convex one (exact for convex input). */
function clipConvex(subject: readonly Vertex[], clip: readonly Vertex[]): Vertex[] {
  let out = [...subject];
  for (let e = 0; e < clip.length && out.length > 0; e++) {
    const a = clip[e]!;
    const b = clip[(e + 1) % clip.length]!;
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const p = input[i]!;
      const q = input[(i + 1) % input.length]!;
      const sp = side(a, b, p);
      const sq = side(a, b, q);
      if (sp >= 0) out.push(p);
      if ((sp > 0 && sq < 0) || (sp < 0 && sq > 0)) {
        const t = sp / (sp - sq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out;
}

/** The ring turned counter-clockwise when it is convex (collinear vertices allowed), else null. */
function convexCcw(ring: Ring): Vertex[] | null {
  let turn = 0;
  for (let i = 0; i < ring.length; i++) {
    const s = side(ring[i]!, ring[(i + 1) % ring.length]!, ring[(i + 2) % ring.length]!);
    if (s === 0) continue;
    if (turn !== 0 && Math.sign(s) !== turn) return null;
    turn = Math.sign(s);
  }
  if (turn === 0) return null;
  return turn > 0 ? [...ring] : [...ring].reverse();
}

/** Fan triangles from the first vertex, each turned counter-clockwise, with the sign of its orientation. */
function fan(ring: Ring): { tri: Triangle; sign: number; box: Rect }[] {
  const out: { tri: Triangle; sign: number; box: Rect }[] = [];
  const o = ring[0]!;
  for (let i = 1; i + 1 < ring.length; i++) {
    const p = ring[i]!;
    const q = ring[i + 1]!;
    const s = side(o, p, q);
    if (s === 0) continue;
    const xs = [o[0], p[0], q[0]];
    const ys = [o[1], p[1], q[1]];
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    out.push({
      tri: s > 0 ? [o, p, q] : [o, q, p],
      sign: Math.sign(s),
      box: { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y },
    });
  }
  return out;
}

function boxesTouch(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

/**
 * Area shared by two simple polygons (convex or not, either orientation), exact up to floating
 * point. Why it works: a polygon's winding number is the signed sum of the winding numbers of
 * its fan triangles, so the integral of wP * wQ is the signed sum of the pairwise triangle
 * overlaps, and triangle-triangle overlap is a convex clip. For a simple polygon the winding
 * number is 0 outside and the same +-1 everywhere inside, so that integral is +- the shared area.
 * Limit: a self-intersecting polygon (a figure eight) yields the winding-weighted overlap, not a
 * set area; the drawing tools should not produce one. Cost: one O(n * m) clip when both are
 * convex, else up to n * m triangle clips.
 */
export function polygonIntersectionArea(a: Ring, b: Ring): number {
  const ca = convexCcw(a);
  const cb = convexCcw(b);
  // Most drawn shapes are convex: one clip instead of n * m.
  if (ca && cb) return Math.abs(signedArea(clipConvex(ca, cb)));
  const fa = fan(a);
  const fb = fan(b);
  let total = 0;
  for (const s of fa) {
    for (const t of fb) {
      if (!boxesTouch(s.box, t.box)) continue;
      const piece = clipConvex(s.tri, t.tri);
      if (piece.length >= 3) total += s.sign * t.sign * signedArea(piece);
    }
  }
  return Math.abs(total);
}

/**
 * Intersection over union of two simple polygons, in [0, 1] (see `polygonIntersectionArea` for
 * the algorithm and its limit). Polygons with no area have IoU 0.
 */
export function polygonIoU(a: Ring, b: Ring): number {
  const inter = polygonIntersectionArea(a, b);
  const union = polygonArea(a) + polygonArea(b) - inter;
  // Rounding can push a perfect overlap a hair past 1.
  return union > 0 ? Math.min(1, inter / union) : 0;
}
