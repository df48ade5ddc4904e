import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxIoU, polygonArea, polygonIntersectionArea, polygonIoU } from './iou.ts';

type Ring = [number, number][];
const rect = (x: number, y: number, width: number, height: number): Ring => [
  [x, y],
  [x + width, y],
  [x + width, y + height],
  [x, y + height],
];

describe('boxIoU (expected values derived by hand)', () => {
  it('divides the overlap by the combined area', () => {
    // 2x2 boxes offset by (1, 1): overlap 1, union 4 + 4 - 1 = 7.
    expect(boxIoU({ x: 0, y: 0, width: 2, height: 2 }, { x: 1, y: 1, width: 2, height: 2 })).toBeCloseTo(
      1 / 7,
      12,
    );
    // A 1x1 box inside a 2x2 box: 1 / 4.
    expect(boxIoU({ x: 0, y: 0, width: 2, height: 2 }, { x: 0.5, y: 0.5, width: 1, height: 1 })).toBe(0.25);
    expect(boxIoU({ x: 3, y: 4, width: 5, height: 6 }, { x: 3, y: 4, width: 5, height: 6 })).toBe(1);
  });

  it('is 0 for disjoint, edge-touching and zero-area boxes', () => {
    expect(boxIoU({ x: 0, y: 0, width: 1, height: 1 }, { x: 5, y: 5, width: 1, height: 1 })).toBe(0);
    expect(boxIoU({ x: 0, y: 0, width: 1, height: 1 }, { x: 1, y: 0, width: 1, height: 1 })).toBe(0);
    expect(boxIoU({ x: 0, y: 0, width: 0, height: 0 }, { x: 0, y: 0, width: 0, height: 0 })).toBe(0);
  });
});

describe('polygon IoU (expected values derived by hand)', () => {
  it('measures the area of simple polygons in either orientation', () => {
    expect(polygonArea(rect(0, 0, 3, 2))).toBe(6);
    expect(polygonArea(rect(0, 0, 3, 2).reverse())).toBe(6);
  });

  it('agrees with box IoU for two offset squares, whatever the winding', () => {
    // Unit squares offset by 0.5 in x: overlap 0.5, union 1.5 -> 1/3.
    expect(polygonIoU(rect(0, 0, 1, 1), rect(0.5, 0, 1, 1))).toBeCloseTo(1 / 3, 12);
    expect(polygonIoU(rect(0, 0, 1, 1).reverse(), rect(0.5, 0, 1, 1))).toBeCloseTo(1 / 3, 12);
    expect(polygonIoU(rect(0, 0, 1, 1), rect(0, 0, 1, 1).reverse())).toBeCloseTo(1, 12);
  });

  it('handles a square inside a triangle', () => {
    // Triangle (0,0) (2,0) (0,2) has area 2 and contains the unit square (its corner (1,1) lies on
    // the hypotenuse): overlap 1, union 2.
    const triangle: Ring = [
      [0, 0],
      [2, 0],
      [0, 2],
    ];
    expect(polygonIntersectionArea(triangle, rect(0, 0, 1, 1))).toBeCloseTo(1, 12);
    expect(polygonIoU(triangle, rect(0, 0, 1, 1))).toBeCloseTo(0.5, 12);
  });

  it('is exact for non-convex polygons', () => {
    // A 3x3 "U" with a 1x2 notch cut from the top middle: area 9 - 2 = 7.
    const u: Ring = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
    ];
    expect(polygonArea(u)).toBe(7);
    expect(polygonIoU(u, rect(1, 1, 1, 2))).toBeCloseTo(0, 12);
    expect(polygonIoU(u, rect(0, 0, 3, 3))).toBeCloseTo(7 / 9, 12);
    // The square (0.5,0.5)-(2.5,2.5) covers 4 of which the notch takes 1x1.5: overlap 2.5, union 7 + 4 - 2.5.
    expect(polygonIntersectionArea(u, rect(0.5, 0.5, 2, 2))).toBeCloseTo(2.5, 12);
    expect(polygonIoU(u, rect(0.5, 0.5, 2, 2))).toBeCloseTo(2.5 / 8.5, 12);
    expect(polygonIoU(u, u)).toBeCloseTo(1, 12);
  });

  it('equals box IoU on random rectangles', () => {
    const box = fc.record({
      x: fc.integer({ min: 0, max: 50 }),
      y: fc.integer({ min: 0, max: 50 }),
      width: fc.integer({ min: 1, max: 50 }),
      height: fc.integer({ min: 1, max: 50 }),
    });
    fc.assert(
      fc.property(box, box, (a, b) => {
        const p = polygonIoU(rect(a.x, a.y, a.width, a.height), rect(b.x, b.y, b.width, b.height));
        expect(p).toBeCloseTo(boxIoU(a, b), 9);
      }),
    );
  });

  // Vertices at increasing angles around a centre, no gap reaching half a turn: the centre sees
  // every edge, so the polygon is simple, and with random radii it is usually not convex.
  const star = fc
    .record({
      cx: fc.integer({ min: 30, max: 70 }),
      cy: fc.integer({ min: 30, max: 70 }),
      spokes: fc.array(
        fc.record({
          jitter: fc.double({ min: 0, max: 0.9, noNaN: true }),
          r: fc.integer({ min: 5, max: 30 }),
        }),
        { minLength: 4, maxLength: 10 },
      ),
    })
    .map(
      ({ cx, cy, spokes }): Ring =>
        spokes.map(({ jitter, r }, i) => {
          const angle = ((i + jitter) / spokes.length) * 2 * Math.PI;
          return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
        }),
    );
  const inside = (ring: Ring, x: number, y: number) => {
    let odd = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
    }
    return odd;
  };
  const perimeter = (ring: Ring) =>
    ring.reduce((sum, [x, y], i) => {
      const [nx, ny] = ring[(i + 1) % ring.length]!;
      return sum + Math.hypot(nx - x, ny - y);
    }, 0);

  it('matches a raster estimate on random star-shaped (often non-convex) polygons', () => {
    fc.assert(
      fc.property(star, star, (a, b) => {
        let both = 0;
        const step = 0.25;
        for (let x = step / 2; x < 100; x += step) {
          for (let y = step / 2; y < 100; y += step) if (inside(a, x, y) && inside(b, x, y)) both++;
        }
        const raster = both * step * step;
        const exact = polygonIntersectionArea(a, b);
        // Only cells cut by an edge can be misjudged, each by at most its area, hence a bound of
        // (both perimeters) x (cell size): a coarse check; the next test checks signs tightly.
        const bound = (perimeter(a) + perimeter(b)) * step;
        expect(Math.abs(exact - raster)).toBeLessThan(bound);
        expect(polygonIoU(a, b)).toBeCloseTo(polygonIoU(b, a), 9);
      }),
      { numRuns: 40 },
    );
  });

  it('does not depend on which vertex a polygon starts from or its winding', () => {
    // Each start vertex gives a different fan of triangles (some negative on non-convex shapes),
    // so this checks the signed bookkeeping much more tightly than the raster can.
    const rotate = (ring: Ring, k: number) => [
      ...ring.slice(k % ring.length),
      ...ring.slice(0, k % ring.length),
    ];
    fc.assert(
      fc.property(star, star, fc.nat(), fc.nat(), (a, b, k, m) => {
        expect(polygonIntersectionArea(a, a)).toBeCloseTo(polygonArea(a), 6);
        const area = polygonIntersectionArea(a, b);
        expect(polygonIntersectionArea(rotate(a, k), rotate(b, m))).toBeCloseTo(area, 6);
        expect(polygonIntersectionArea([...a].reverse(), rotate(b, m))).toBeCloseTo(area, 6);
      }),
      { numRuns: 40 },
    );
  });
});
