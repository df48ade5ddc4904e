import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boxIoU,
  centerOn,
  clampBox,
  clampPoint,
  clampPolygon,
  clampShape,
  constrainMove,
  distance,
  distanceToSegment,
  fitViewport,
  isVisible,
  normalizeRect,
  oneToOne,
  pointInPolygon,
  polygonArea,
  polygonBounds,
  polygonIntersectionArea,
  polygonIoU,
  polygonSignedArea,
  rectFromCorners,
  rectIntersection,
  rectPoints,
  rectsIntersect,
  shapeArea,
  shapeBounds,
  shapeIoU,
  toImage,
  toScreen,
  translateShape,
  type Vec2,
  visibleRect,
  zoomAt,
} from './geometry.ts';

const IMAGE = { width: 100, height: 50 };
const L_SHAPE: Vec2[] = [
  [0, 0],
  [4, 0],
  [4, 2],
  [2, 2],
  [2, 4],
  [0, 4],
];

describe('rectangles', () => {
  it('normalises a box dragged up and to the left', () => {
    expect(normalizeRect({ x: 10, y: 20, width: -5, height: -10, label: 'a' })).toEqual({
      x: 5,
      y: 10,
      width: 5,
      height: 10,
      label: 'a',
    });
    expect(rectFromCorners([30, 5], [10, 25])).toEqual({ x: 10, y: 5, width: 20, height: 20 });
  });

  it('intersects, and counts touching edges as visible but not as overlap', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(rectIntersection(a, { x: 5, y: 5, width: 10, height: 10 })).toEqual({
      x: 5,
      y: 5,
      width: 5,
      height: 5,
    });
    expect(rectIntersection(a, { x: 10, y: 0, width: 5, height: 5 })).toBeNull();
    expect(rectsIntersect(a, { x: 10, y: 0, width: 5, height: 5 })).toBe(true);
    expect(rectsIntersect(a, { x: 10.5, y: 0, width: 5, height: 5 })).toBe(false);
  });

  it('computes box IoU by hand-checked numbers', () => {
    // 5x5 overlap of two 10x10 boxes: 25 / (100 + 100 - 25) = 1/7.
    expect(boxIoU({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 5, width: 10, height: 10 })).toBeCloseTo(
      1 / 7,
      12,
    );
    expect(boxIoU({ x: 0, y: 0, width: 10, height: 10 }, { x: 0, y: 0, width: 10, height: 10 })).toBe(1);
    expect(boxIoU({ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: 0, width: 10, height: 10 })).toBe(0);
    // Touching edges share no area, and boxes without area never overlap anything.
    expect(boxIoU({ x: 0, y: 0, width: 1, height: 1 }, { x: 1, y: 0, width: 1, height: 1 })).toBe(0);
    expect(boxIoU({ x: 0, y: 0, width: 0, height: 0 }, { x: 0, y: 0, width: 0, height: 0 })).toBe(0);
    // A 1x1 box inside a 2x2 box: 1 / 4.
    expect(boxIoU({ x: 0, y: 0, width: 2, height: 2 }, { x: 0.5, y: 0.5, width: 1, height: 1 })).toBe(0.25);
    // A 2x4 box inside a 4x4 box: 8 / 16.
    expect(boxIoU({ x: 0, y: 0, width: 4, height: 4 }, { x: 1, y: 0, width: 2, height: 4 })).toBe(0.5);
    // Negative drags are normalised first.
    expect(
      boxIoU({ x: 10, y: 10, width: -10, height: -10 }, { x: 5, y: 5, width: 10, height: 10 }),
    ).toBeCloseTo(1 / 7);
  });
});

describe('clamping into the image', () => {
  it('cuts a box at the image border', () => {
    expect(clampBox({ x: -10, y: 5, width: 30, height: 100, label: 'car' }, IMAGE)).toEqual({
      x: 0,
      y: 5,
      width: 20,
      height: 45,
      label: 'car',
    });
    // Drawn up-left past the origin.
    expect(clampBox({ x: 20, y: 20, width: -30, height: -25 }, IMAGE)).toEqual({
      x: 0,
      y: 0,
      width: 20,
      height: 20,
    });
    // Entirely outside: zero size on the nearest edge.
    expect(clampBox({ x: 120, y: 10, width: 10, height: 10 }, IMAGE)).toEqual({
      x: 100,
      y: 10,
      width: 0,
      height: 10,
    });
  });

  it('clamps points and polygon vertices', () => {
    expect(clampPoint([-3, 60], IMAGE)).toEqual([0, 50]);
    expect(
      clampPolygon(
        {
          points: [
            [-1, -1],
            [50, 25],
            [101, 51],
          ],
          label: 'x',
        },
        IMAGE,
      ).points,
    ).toEqual([
      [0, 0],
      [50, 25],
      [100, 50],
    ]);
    expect(clampShape({ x: 200, y: -4, label: 'p' }, IMAGE)).toEqual({ x: 100, y: 0, label: 'p' });
  });

  it('slides a moved shape along the border instead of letting it leave', () => {
    const bounds = { x: 80, y: 10, width: 15, height: 10 };
    expect(constrainMove(bounds, 10, -20, IMAGE)).toEqual([5, -10]);
    expect(constrainMove(bounds, -3, 4, IMAGE)).toEqual([-3, 4]);
    // Larger than the image: it cannot move at all along that axis.
    expect(constrainMove({ x: -5, y: 0, width: 200, height: 10 }, 7, 3, IMAGE)).toEqual([0, 3]);
  });

  it('keeps every constrained move inside the image (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        (x, y, w, h, dx, dy) => {
          const [mx, my] = constrainMove({ x, y, width: w, height: h }, dx, dy, IMAGE);
          return x + mx >= 0 && y + my >= 0 && x + mx + w <= 100 + 1e-9 && y + my + h <= 50 + 1e-9;
        },
      ),
    );
  });

  it('translates every kind of shape', () => {
    expect(translateShape({ x: 1, y: 2, width: 3, height: 4, label: 'a' }, 10, 20)).toEqual({
      x: 11,
      y: 22,
      width: 3,
      height: 4,
      label: 'a',
    });
    expect(
      translateShape(
        {
          points: [
            [0, 0],
            [1, 0],
            [0, 1],
          ],
          label: 'a',
        },
        2,
        3,
      ).points,
    ).toEqual([
      [2, 3],
      [3, 3],
      [2, 4],
    ]);
  });
});

describe('polygons', () => {
  it('computes shoelace areas and bounds by hand', () => {
    expect(
      polygonArea([
        [0, 0],
        [4, 0],
        [4, 3],
        [0, 3],
      ]),
    ).toBe(12);
    expect(
      polygonArea([
        [0, 0],
        [4, 0],
        [0, 3],
      ]),
    ).toBe(6);
    // L shape: a 4x4 square minus the 2x2 notch at its bottom right.
    expect(polygonArea(L_SHAPE)).toBe(12);
    // Orientation flips the sign, never the area.
    expect(polygonSignedArea(L_SHAPE)).toBe(12);
    expect(polygonSignedArea([...L_SHAPE].reverse())).toBe(-12);
    expect(polygonArea([...L_SHAPE].reverse())).toBe(12);
    expect(polygonBounds(L_SHAPE)).toEqual({ x: 0, y: 0, width: 4, height: 4 });
  });

  it('tests points against a non-convex polygon', () => {
    expect(pointInPolygon([1, 1], L_SHAPE)).toBe(true);
    expect(pointInPolygon([1, 3], L_SHAPE)).toBe(true);
    expect(pointInPolygon([3, 3], L_SHAPE)).toBe(false); // in the notch
    expect(pointInPolygon([5, 1], L_SHAPE)).toBe(false);
  });

  it('measures distance to a segment', () => {
    expect(distanceToSegment([5, 3], [0, 0], [10, 0])).toBe(3);
    expect(distanceToSegment([13, 4], [0, 0], [10, 0])).toBe(5);
    expect(distanceToSegment([3, 4], [0, 0], [0, 0])).toBe(5);
  });

  it('computes the exact IoU of non-convex polygons', () => {
    const square: Vec2[] = [
      [1, 1],
      [3, 1],
      [3, 3],
      [1, 3],
    ];
    // The square loses its 1x1 corner [2,3]x[2,3] to the L's notch: overlap 3, union 12 + 4 - 3.
    expect(polygonIntersectionArea(L_SHAPE, square)).toBeCloseTo(3, 12);
    expect(polygonIoU(L_SHAPE, square)).toBeCloseTo(3 / 13, 12);
    // Orientation and starting vertex do not matter.
    expect(polygonIoU([...L_SHAPE].reverse(), square)).toBeCloseTo(3 / 13, 12);
    expect(polygonIoU([...L_SHAPE.slice(3), ...L_SHAPE.slice(0, 3)], square)).toBeCloseTo(3 / 13, 12);
    expect(polygonIoU(L_SHAPE, L_SHAPE)).toBeCloseTo(1, 12);
    // Against its own bounding square: 12 / 16. The notch itself only touches the L's edges.
    expect(polygonIoU(L_SHAPE, rectPoints({ x: 0, y: 0, width: 4, height: 4 }))).toBeCloseTo(12 / 16, 12);
    expect(polygonIoU(L_SHAPE, rectPoints({ x: 2, y: 2, width: 2, height: 2 }))).toBeCloseTo(0, 12);
    // Triangle (0,0)-(4,0)-(0,4), area 8, against the box [0,2]x[0,2], area 4, fully inside it: 4/8.
    expect(
      shapeIoU(
        {
          points: [
            [0, 0],
            [4, 0],
            [0, 4],
          ],
          label: 'a',
        },
        { x: 0, y: 0, width: 2, height: 2, label: 'a' },
      ),
    ).toBeCloseTo(0.5, 12);
    expect(
      polygonIntersectionArea(
        [
          [0, 0],
          [4, 0],
          [0, 4],
        ],
        rectPoints({ x: 0, y: 0, width: 2, height: 2 }),
      ),
    ).toBeCloseTo(4, 12);
    expect(
      polygonIoU(
        [
          [0, 0],
          [1, 0],
          [0, 1],
        ],
        [
          [5, 5],
          [6, 5],
          [5, 6],
        ],
      ),
    ).toBe(0);
  });

  it('agrees with box IoU for two offset convex squares, whatever the winding', () => {
    const unit = rectPoints({ x: 0, y: 0, width: 1, height: 1 });
    const shifted = rectPoints({ x: 0.5, y: 0, width: 1, height: 1 });
    // Offset by 0.5 in x: overlap 0.5, union 1.5.
    expect(polygonIoU(unit, shifted)).toBeCloseTo(1 / 3, 12);
    expect(polygonIoU([...unit].reverse(), shifted)).toBeCloseTo(1 / 3, 12);
    expect(polygonIoU(unit, [...unit].reverse())).toBeCloseTo(1, 12);
  });

  it('agrees with box IoU for rectangles (property)', () => {
    const rect = fc.record({
      x: fc.integer({ min: 0, max: 50 }),
      y: fc.integer({ min: 0, max: 50 }),
      width: fc.integer({ min: 1, max: 40 }),
      height: fc.integer({ min: 1, max: 40 }),
    });
    fc.assert(
      fc.property(rect, rect, (a, b) => {
        expect(polygonIoU(rectPoints(a), rectPoints(b))).toBeCloseTo(boxIoU(a, b), 9);
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
    .map(({ cx, cy, spokes }): Vec2[] =>
      spokes.map(({ jitter, r }, i) => {
        const angle = ((i + jitter) / spokes.length) * 2 * Math.PI;
        return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
      }),
    );
  const perimeter = (ring: Vec2[]) =>
    ring.reduce((sum, p, i) => sum + distance(p, ring[(i + 1) % ring.length]!), 0);

  it('matches a raster estimate on random star-shaped (often non-convex) polygons', () => {
    fc.assert(
      fc.property(star, star, (a, b) => {
        let both = 0;
        const step = 0.25;
        for (let x = step / 2; x < 100; x += step) {
          for (let y = step / 2; y < 100; y += step) {
            if (pointInPolygon([x, y], a) && pointInPolygon([x, y], b)) both++;
          }
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

  it('does not depend on which vertex a polygon starts from or its winding (property)', () => {
    // Each start vertex gives a different fan of triangles (some negative on non-convex shapes),
    // so this checks the signed bookkeeping much more tightly than the raster can.
    const rotate = (ring: Vec2[], k: number) => [
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

  it('gives bounds and areas for every kind of shape', () => {
    expect(shapeBounds({ x: 3, y: 4, label: 'p' })).toEqual({ x: 3, y: 4, width: 0, height: 0 });
    expect(shapeBounds({ x: 3, y: 4, width: 5, height: 6, label: 'b' })).toEqual({
      x: 3,
      y: 4,
      width: 5,
      height: 6,
    });
    expect(shapeArea({ points: L_SHAPE, label: 'l' })).toBe(12);
    expect(shapeArea({ x: 3, y: 4, width: 5, height: 6, label: 'b' })).toBe(30);
  });
});

describe('viewport transforms', () => {
  const vp = { scale: 2, x: 10, y: 20 };

  it('maps image to screen and back', () => {
    expect(toScreen(vp, [5, 5])).toEqual([20, 30]);
    expect(toImage(vp, [20, 30])).toEqual([5, 5]);
    expect(toImage({ scale: 0.25, x: -100, y: 40 }, [0, 0])).toEqual([400, -160]);
  });

  it('zooms towards the cursor: the pixel under it stays put', () => {
    const zoomed = zoomAt(vp, [110, 220], 8);
    // Image pixel (50, 100) was under (110, 220) before and still is.
    expect(toImage(vp, [110, 220])).toEqual([50, 100]);
    expect(toScreen(zoomed, [50, 100])).toEqual([110, 220]);
    expect(zoomed).toEqual({ scale: 8, x: -290, y: -580 });
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: -2000, max: 2000, noNaN: true }),
        fc.double({ min: -2000, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 1920, noNaN: true }),
        fc.double({ min: 0, max: 1080, noNaN: true }),
        (s1, s2, x, y, cx, cy) => {
          const before = { scale: s1, x, y };
          const after = zoomAt(before, [cx, cy], s2);
          const [ix, iy] = toImage(before, [cx, cy]);
          const [sx, sy] = toScreen(after, [ix, iy]);
          return Math.abs(sx - cx) < 1e-6 && Math.abs(sy - cy) < 1e-6;
        },
      ),
    );
  });

  it('clamps the zoom to its limits', () => {
    expect(zoomAt(vp, [0, 0], 1000).scale).toBe(32);
    expect(zoomAt(vp, [0, 0], 0.1, 0.5, 4).scale).toBe(0.5);
  });

  it('fits a 4000x3000 image into the view, centred', () => {
    expect(fitViewport({ width: 4000, height: 3000 }, { width: 800, height: 600 })).toEqual({
      scale: 0.2,
      x: 0,
      y: 0,
    });
    expect(fitViewport({ width: 4000, height: 3000 }, { width: 1000, height: 600 })).toEqual({
      scale: 0.2,
      x: 100,
      y: 0,
    });
    // 8000x6000 in 1000x800 with 100 px padding: 800x600 left, so 0.1 either way, centred.
    expect(fitViewport({ width: 8000, height: 6000 }, { width: 1000, height: 800 }, 100)).toEqual({
      scale: 0.1,
      x: 100,
      y: 100,
    });
    // 8000x6000 in 1200x600: the height limits it (600/6000), leaving 800 px of width to centre in.
    expect(fitViewport({ width: 8000, height: 6000 }, { width: 1200, height: 600 })).toEqual({
      scale: 0.1,
      x: 200,
      y: 0,
    });
  });

  it('goes to 1:1 around the view centre, and centres on a target', () => {
    const fit = fitViewport({ width: 4000, height: 3000 }, { width: 800, height: 600 });
    const one = oneToOne(fit, { width: 800, height: 600 });
    expect(one.scale).toBe(1);
    // The image centre (2000, 1500) was at the view centre and stays there.
    expect(toScreen(one, [2000, 1500])).toEqual([400, 300]);
    expect(toScreen(centerOn(one, [100, 50], { width: 800, height: 600 }), [100, 50])).toEqual([400, 300]);
  });

  it('knows which part of the image is visible, under zoom', () => {
    expect(visibleRect({ scale: 2, x: -100, y: -50 }, { width: 800, height: 600 })).toEqual({
      x: 50,
      y: 25,
      width: 400,
      height: 300,
    });
    const visible = visibleRect({ scale: 4, x: -4000, y: -2000 }, { width: 800, height: 600 });
    // Visible: x 1000..1200, y 500..650.
    expect(isVisible({ x: 1190, y: 640, width: 50, height: 50 }, visible)).toBe(true);
    expect(isVisible({ x: 1201, y: 600, width: 5, height: 5 }, visible)).toBe(false);
    // A margin in screen pixels counts for less at high zoom: 8 px at 4x is 2 image px.
    expect(isVisible({ x: 1201, y: 600, width: 5, height: 5 }, visible, 8, 4)).toBe(true);
    expect(isVisible({ x: 1203, y: 600, width: 5, height: 5 }, visible, 8, 4)).toBe(false);
    // A point (zero size) on the view's edge is visible.
    expect(isVisible({ x: 1200, y: 650, width: 0, height: 0 }, visible)).toBe(true);
  });
});
