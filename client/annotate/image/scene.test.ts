import { describe, expect, it } from 'vitest';
import type { ShapeTask } from '../../../shared/formats/imageShapes.ts';
import { buildScene, createCuller, cull, hiddenKey, hitTest, labelColors, sceneShape } from './scene.ts';

const tasks: ShapeTask[] = [
  { name: 'objects', type: 'boxes', labels: [{ value: 'car', color: '#ff0000' }, { value: 'person' }] },
  { name: 'marks', type: 'points', labels: [{ value: 'eye' }] },
];
const colors = labelColors(tasks);
const value = {
  objects: [
    { x: 0, y: 0, width: 100, height: 100, label: 'car' },
    { x: 500, y: 500, width: 50, height: 50, label: 'person' },
    { x: 'bad', label: 'car' },
    { x: 20, y: 20, width: 30, height: 30, label: 'person' },
  ],
  marks: [{ x: 40, y: 40, label: 'eye' }],
  note: 'free text is not a shape',
};
const none = new Set<string>();

describe('scene', () => {
  it('flattens the image tasks, skipping malformed entries but keeping their indices', () => {
    const scene = buildScene(tasks, value, colors);
    expect(scene.shapes.map((s) => `${s.ref.task}#${s.ref.index}`)).toEqual([
      'objects#0',
      'objects#1',
      'objects#3',
      'marks#0',
    ]);
    expect(sceneShape(scene, { task: 'objects', index: 3 })?.shape).toEqual(value.objects[3]);
    expect(sceneShape(scene, { task: 'objects', index: 2 })).toBeUndefined();
    // Given colours are kept; missing ones come from the palette.
    expect(scene.shapes[0]!.color).toBe('#ff0000');
    expect(colors.get(hiddenKey('objects', 'person'))).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('culls to the visible rect and leaves hidden labels out', () => {
    const scene = buildScene(tasks, value, colors);
    const rect = { x: 0, y: 0, width: 200, height: 200 };
    expect(cull(scene, rect, none).map((s) => s.ref.index)).toEqual([0, 3, 0]);
    expect(cull(scene, rect, new Set([hiddenKey('objects', 'person')])).map((s) => s.ref.index)).toEqual([
      0, 0,
    ]);
    // Touching the edge counts as visible.
    expect(cull(scene, { x: 550, y: 550, width: 10, height: 10 }, none).map((s) => s.ref.index)).toEqual([1]);
  });

  it('remembers the last cull for the same scene, view and hidden set', () => {
    const scene = buildScene(tasks, value, colors);
    const culler = createCuller();
    const rect = { x: 0, y: 0, width: 200, height: 200 };
    const first = culler(scene, rect, none);
    expect(culler(scene, { ...rect }, none)).toBe(first);
    expect(culler(scene, { ...rect, x: 1 }, none)).not.toBe(first);
    expect(culler(buildScene(tasks, value, colors), { ...rect, x: 1 }, none)).not.toBe(first);
  });

  it('hits points first, then the smallest shape, never a hidden one', () => {
    const scene = buildScene(tasks, value, colors);
    expect(hitTest(scene, [41, 41], 6, null, none)).toEqual({ ref: { task: 'marks', index: 0 } });
    expect(hitTest(scene, [30, 30], 6, null, none)).toEqual({ ref: { task: 'objects', index: 3 } });
    expect(hitTest(scene, [80, 80], 6, null, none)).toEqual({ ref: { task: 'objects', index: 0 } });
    // Within the tolerance of a box's outline, from outside.
    expect(hitTest(scene, [104, 50], 6, null, none)).toEqual({ ref: { task: 'objects', index: 0 } });
    expect(hitTest(scene, [300, 300], 6, null, none)).toBeNull();
    expect(hitTest(scene, [30, 30], 6, null, new Set([hiddenKey('objects', 'person')]))).toEqual({
      ref: { task: 'objects', index: 0 },
    });
  });

  it('prefers the selected shape, so it can be dragged where others overlap it', () => {
    const scene = buildScene(tasks, value, colors);
    expect(hitTest(scene, [30, 30], 6, { task: 'objects', index: 0 }, none)).toEqual({
      ref: { task: 'objects', index: 0 },
    });
  });
});
