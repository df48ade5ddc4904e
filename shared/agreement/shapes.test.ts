import { describe, expect, it } from 'vitest';
import type { Box, Point, Polygon } from '../labels.ts';
import { boxF1, pointF1, polygonF1 } from './shapes.ts';

const box = (x: number, y: number, width: number, height: number, label = 'car'): Box => ({
  x,
  y,
  width,
  height,
  label,
});
const square = (x: number, y: number, size: number, label = 'car'): Polygon => ({
  points: [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
  ],
  label,
});

// Expected values derived by hand in the comments.
describe('IoU-matched F1', () => {
  it('matches boxes with the same label at IoU >= the threshold (0.5 by default)', () => {
    // 10x10 boxes offset by 2: overlap 80, union 120, IoU 0.667 -> match.
    // Offset by 5: overlap 50, union 150, IoU 0.333 -> no match.
    expect(boxF1([box(0, 0, 10, 10)], [box(2, 0, 10, 10)]).f1).toBe(1);
    expect(boxF1([box(0, 0, 10, 10)], [box(5, 0, 10, 10)]).f1).toBe(0);
    expect(boxF1([box(0, 0, 10, 10)], [box(5, 0, 10, 10)], 0.3).f1).toBe(1);
    expect(boxF1([box(0, 0, 10, 10)], [box(0, 0, 10, 10, 'bus')]).f1).toBe(0);
  });

  it('gives each box to its best partner, one to one', () => {
    // Ref A (0,0) and B (4,0), both 10x10; candidate C (3,0) has IoU 0.538 with A and 0.818 with B.
    // Greedy pairs C-B first; A is left with nothing. tp 1, fp 0, fn 1.
    const result = boxF1([box(0, 0, 10, 10), box(4, 0, 10, 10)], [box(3, 0, 10, 10)]);
    expect(result).toMatchObject({ tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 });
    expect(result.f1).toBeCloseTo(2 / 3, 12);
  });

  it('matches polygons the same way', () => {
    // Squares offset by 2 of 10: IoU 80/120 -> match; by 6: 40/160 -> no match.
    const result = polygonF1([square(0, 0, 10), square(50, 50, 10)], [square(2, 0, 10), square(56, 50, 10)]);
    expect(result).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(result.f1).toBe(0.5);
  });
});

describe('distance-matched F1 for points', () => {
  it('matches points with the same label within the pixel threshold, closest first', () => {
    const p = (x: number, y: number, label = 'eye'): Point => ({ x, y, label });
    // (3, 4) is 5 px from the origin: within 5, not within 4.
    expect(pointF1([p(0, 0)], [p(3, 4)], 5).f1).toBe(1);
    expect(pointF1([p(0, 0)], [p(3, 4)], 4).f1).toBe(0);
    expect(pointF1([p(0, 0)], [p(0, 0, 'nose')], 5).f1).toBe(0);
    // (1.2, 0) is nearer to (2, 0) than to (0, 0); (0, 0) then takes (-3, 0). Both match.
    expect(pointF1([p(0, 0), p(2, 0)], [p(1.2, 0), p(-3, 0)], 5)).toMatchObject({ tp: 2, fp: 0, fn: 0 });
  });
});
