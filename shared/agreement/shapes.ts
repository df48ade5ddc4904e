import { boxIoU, polygonBounds, polygonIoU, rectsIntersect } from '../geometry.ts';
import type { Box, Point, Polygon } from '../labels.ts';
import { greedyMatch } from './matching.ts';
import { type MatchResult, matchResult } from './scores.ts';

/** IoU of two boxes with the same label when it reaches `threshold`, else null (no match). */
export function boxSimilarity(threshold: number): (a: Box, b: Box) => number | null {
  return (a, b) => {
    if (a.label !== b.label) return null;
    const iou = boxIoU(a, b);
    return iou >= threshold ? iou : null;
  };
}

/** IoU of two polygons with the same label when it reaches `threshold`, else null (no match). */
export function polygonSimilarity(threshold: number): (a: Polygon, b: Polygon) => number | null {
  return (a, b) => {
    if (a.label !== b.label) return null;
    // Disjoint bounds cannot overlap; skip the O(n * m) clip, which dominates on busy images.
    if (!rectsIntersect(polygonBounds(a.points), polygonBounds(b.points))) return null;
    const iou = polygonIoU(a.points, b.points);
    return iou >= threshold ? iou : null;
  };
}

/**
 * For two points with the same label at most `maxDistance` pixels apart, minus their distance
 * (so the greedy matcher pairs the closest first); else null (no match).
 */
export function pointSimilarity(maxDistance: number): (a: Point, b: Point) => number | null {
  return (a, b) => {
    if (a.label !== b.label) return null;
    const d = Math.hypot(a.x - b.x, a.y - b.y);
    return d <= maxDistance ? -d : null;
  };
}

/** Precision, recall and F1 of boxes matched one-to-one by highest IoU (same label, IoU >= threshold). */
export function boxF1(reference: readonly Box[], candidate: readonly Box[], threshold = 0.5): MatchResult {
  return matchResult(
    reference.length,
    candidate.length,
    greedyMatch(reference, candidate, boxSimilarity(threshold)).length,
  );
}

/** Precision, recall and F1 of polygons matched one-to-one by highest IoU (same label, IoU >= threshold). */
export function polygonF1(
  reference: readonly Polygon[],
  candidate: readonly Polygon[],
  threshold = 0.5,
): MatchResult {
  const pairs = greedyMatch(reference, candidate, polygonSimilarity(threshold));
  return matchResult(reference.length, candidate.length, pairs.length);
}

/** Precision, recall and F1 of points matched one-to-one, closest first (same label, within `maxDistance` px). */
export function pointF1(
  reference: readonly Point[],
  candidate: readonly Point[],
  maxDistance: number,
): MatchResult {
  const pairs = greedyMatch(reference, candidate, pointSimilarity(maxDistance));
  return matchResult(reference.length, candidate.length, pairs.length);
}
