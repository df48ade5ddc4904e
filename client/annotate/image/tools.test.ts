import { describe, expect, it } from 'vitest';
import type { ShapeTask } from '../../../shared/formats/imageShapes.ts';
import type { Labels } from '../../../shared/labels.ts';
import { ImageHistory } from './history.ts';
import { buildScene, hitTest, labelColors, sceneShape } from './scene.ts';
import {
  type DrawTarget,
  idleState,
  isBusy,
  previewOf,
  type ShapeRef,
  step,
  type ToolEffect,
  type ToolEnv,
  type ToolEvent,
  type ToolId,
  type ToolState,
} from './tools.ts';

const tasks: ShapeTask[] = [
  { name: 'objects', type: 'boxes', labels: [{ value: 'car' }, { value: 'person' }] },
  { name: 'outlines', type: 'polygons', labels: [{ value: 'road' }] },
  { name: 'marks', type: 'points', labels: [{ value: 'eye' }] },
];
const size = { width: 1000, height: 800 };

interface Opts {
  scale?: number;
  selected?: ShapeRef | null;
  draw?: DrawTarget | null;
}
function envFor(labels: Labels, opts: Opts = {}): ToolEnv {
  const scene = buildScene(tasks, labels, labelColors(tasks));
  const selected = opts.selected ?? null;
  return {
    size,
    scale: opts.scale ?? 1,
    draw: opts.draw === undefined ? null : opts.draw,
    selected,
    hit: (p, tol) => hitTest(scene, p, tol, selected, new Set()),
    shape: (ref) => sceneShape(scene, ref)?.shape,
  };
}

/** Feeds events one by one, as the editor does, collecting every effect. */
function drive(tool: ToolId | ToolState, events: ToolEvent[], env: ToolEnv) {
  let state = typeof tool === 'string' ? idleState(tool) : tool;
  const effects: ToolEffect[] = [];
  const states: ToolState[] = [];
  for (const e of events) {
    const next = step(state, e, env);
    state = next.state;
    states.push(state);
    effects.push(...next.effects);
  }
  return { state, effects, states };
}

const down = (x: number, y: number, alt = false): ToolEvent => ({ type: 'down', point: [x, y], alt });
const move = (x: number, y: number): ToolEvent => ({ type: 'move', point: [x, y] });
const up = (x: number, y: number): ToolEvent => ({ type: 'up', point: [x, y] });
const key = (k: 'escape' | 'enter' | 'backspace'): ToolEvent => ({ type: 'key', key: k });
const car: DrawTarget = { task: 'objects', label: 'car' };
const road: DrawTarget = { task: 'outlines', label: 'road' };
const eye: DrawTarget = { task: 'marks', label: 'eye' };

describe('box tool', () => {
  it('draws a box by dragging, going through pointing and dragging', () => {
    const run = drive(
      'box',
      [down(100, 100), move(101, 101), move(150, 130), move(200, 160), up(200, 160)],
      envFor({}, { draw: car }),
    );
    expect(run.states.map((s) => s.phase)).toEqual(['pointing', 'pointing', 'dragging', 'dragging', 'idle']);
    expect(run.effects).toEqual([
      { type: 'create', task: 'objects', shape: { x: 100, y: 100, width: 100, height: 60, label: 'car' } },
    ]);
  });

  it('normalises a drag up and to the left, and clamps it into the image', () => {
    const env = envFor({}, { draw: car });
    expect(drive('box', [down(200, 160), move(100, 100), up(100, 100)], env).effects[0]).toEqual({
      type: 'create',
      task: 'objects',
      shape: { x: 100, y: 100, width: 100, height: 60, label: 'car' },
    });
    expect(drive('box', [down(900, 700), move(1200, 950), up(1300, 990)], env).effects[0]).toEqual({
      type: 'create',
      task: 'objects',
      shape: { x: 900, y: 700, width: 100, height: 100, label: 'car' },
    });
    expect(drive('box', [down(-50, 20), move(30, 40), up(30, 40)], env).effects[0]).toMatchObject({
      shape: { x: 0, y: 20, width: 30, height: 20 },
    });
  });

  it('previews the box while dragging', () => {
    const run = drive('box', [down(10, 10), move(40, 30)], envFor({}, { draw: car }));
    expect(previewOf(run.state)).toEqual({
      kind: 'box',
      rect: { x: 10, y: 10, width: 30, height: 20 },
      target: car,
    });
  });

  it('ignores clicks, and measures thresholds on screen under zoom', () => {
    expect(drive('box', [down(10, 10), up(10, 10)], envFor({}, { draw: car })).effects).toEqual([]);
    // Zoomed out to 1/4: a 10 px drag in the image is 2.5 px on screen, under the threshold.
    expect(
      drive('box', [down(10, 10), move(20, 20), up(20, 20)], envFor({}, { draw: car, scale: 0.25 })).effects,
    ).toEqual([]);
    // Zoomed in 8x: a 1 px box is 8 px on screen, a deliberate box of sub-pixel precision.
    expect(
      drive('box', [down(10, 10), move(11, 11.5), up(11, 11.5)], envFor({}, { draw: car, scale: 8 })).effects,
    ).toEqual([
      { type: 'create', task: 'objects', shape: { x: 10, y: 10, width: 1, height: 1.5, label: 'car' } },
    ]);
  });

  it('cancels on Escape or interruption without leaving anything behind', () => {
    const env = envFor({}, { draw: car });
    for (const stop of [key('escape'), { type: 'cancel' } as const]) {
      const run = drive('box', [down(10, 10), move(50, 50), stop, move(80, 80), up(80, 80)], env);
      expect(run.effects).toEqual([]);
      expect(run.state.phase).toBe('idle');
    }
  });

  it('does nothing without a task to draw into', () => {
    expect(drive('box', [down(10, 10), move(50, 50), up(50, 50)], envFor({})).effects).toEqual([]);
  });
});

describe('polygon tool', () => {
  const env = envFor({}, { draw: road });

  it('closes on a click on the first point', () => {
    const run = drive(
      'polygon',
      [down(10, 10), up(10, 10), down(100, 10), up(100, 10), down(100, 100), move(14, 12), down(12, 11)],
      env,
    );
    expect(run.effects).toEqual([
      {
        type: 'create',
        task: 'outlines',
        shape: {
          points: [
            [10, 10],
            [100, 10],
            [100, 100],
          ],
          label: 'road',
        },
      },
    ]);
    expect(run.state.phase).toBe('idle');
  });

  it('snaps the cursor to the first point when close enough to close', () => {
    const run = drive('polygon', [down(10, 10), down(100, 10), down(100, 100), move(15, 13)], env);
    expect(previewOf(run.state)).toMatchObject({ kind: 'polygon', cursor: [10, 10], closing: true });
    const far = drive('polygon', [down(10, 10), down(100, 10), down(100, 100), move(40, 40)], env);
    expect(previewOf(far.state)).toMatchObject({ cursor: [40, 40], closing: false });
  });

  it('closes on Enter and on a double click, without a doubled last point', () => {
    const enter = drive('polygon', [down(10, 10), down(100, 10), down(100, 100), key('enter')], env);
    expect(enter.effects).toHaveLength(1);
    const dbl = drive(
      'polygon',
      [
        down(10, 10),
        down(100, 10),
        down(100, 100),
        down(10, 100),
        up(10, 100),
        down(10, 100),
        up(10, 100),
        { type: 'dblclick', point: [10, 100] },
      ],
      env,
    );
    expect(dbl.effects).toEqual([
      {
        type: 'create',
        task: 'outlines',
        shape: {
          points: [
            [10, 10],
            [100, 10],
            [100, 100],
            [10, 100],
          ],
          label: 'road',
        },
      },
    ]);
  });

  it('removes the last point on Backspace, and cancels on Escape', () => {
    const back = drive('polygon', [down(10, 10), down(100, 10), down(100, 100), key('backspace')], env);
    expect(back.state).toMatchObject({
      phase: 'drawing',
      points: [
        [10, 10],
        [100, 10],
      ],
    });
    expect(drive('polygon', [down(10, 10), key('backspace')], env).state.phase).toBe('idle');
    const esc = drive(
      'polygon',
      [down(10, 10), down(100, 10), down(100, 100), key('escape'), key('enter')],
      env,
    );
    expect(esc.effects).toEqual([]);
    expect(esc.state.phase).toBe('idle');
  });

  it('refuses to close with fewer than 3 points or no area', () => {
    expect(drive('polygon', [down(10, 10), down(100, 10), key('enter')], env).state.phase).toBe('drawing');
    const flat = drive('polygon', [down(10, 10), down(50, 10), down(100, 10), key('enter')], env);
    expect(flat.effects).toEqual([]);
    expect(flat.state.phase).toBe('drawing');
  });

  it('clamps clicks outside the image to its border', () => {
    const run = drive('polygon', [down(-20, 10), down(1100, 10), down(500, 900), key('enter')], env);
    expect(run.effects[0]).toMatchObject({
      shape: {
        points: [
          [0, 10],
          [1000, 10],
          [500, 800],
        ],
      },
    });
  });
});

describe('point tool', () => {
  it('puts a point where the button comes up', () => {
    const run = drive('point', [down(10, 20), move(12, 22), up(12, 22)], envFor({}, { draw: eye }));
    expect(run.effects).toEqual([{ type: 'create', task: 'marks', shape: { x: 12, y: 22, label: 'eye' } }]);
    expect(
      drive('point', [down(10, 20), { type: 'cancel' }, up(10, 20)], envFor({}, { draw: eye })).effects,
    ).toEqual([]);
    expect(drive('point', [down(-5, 900), up(-5, 900)], envFor({}, { draw: eye })).effects).toEqual([
      { type: 'create', task: 'marks', shape: { x: 0, y: 800, label: 'eye' } },
    ]);
  });
});

describe('select tool', () => {
  const labels: Labels = {
    objects: [
      { x: 100, y: 100, width: 200, height: 100, label: 'car' },
      { x: 150, y: 120, width: 40, height: 40, label: 'person' },
    ],
    outlines: [
      {
        points: [
          [500, 500],
          [600, 500],
          [600, 600],
          [500, 600],
        ],
        label: 'road',
      },
    ],
    marks: [{ x: 160, y: 130, label: 'eye' }],
  };

  it('selects the most specific shape under the pointer', () => {
    const env = envFor(labels);
    // Inside the big box only.
    expect(drive('select', [down(120, 180)], env).effects).toEqual([
      { type: 'select', ref: { task: 'objects', index: 0 } },
    ]);
    // Inside both boxes: the smaller one.
    expect(drive('select', [down(180, 150)], env).effects).toEqual([
      { type: 'select', ref: { task: 'objects', index: 1 } },
    ]);
    // On the point, within 6 screen px.
    expect(drive('select', [down(163, 133)], env).effects).toEqual([
      { type: 'select', ref: { task: 'marks', index: 0 } },
    ]);
    // Empty space clears the selection.
    expect(
      drive('select', [down(900, 50)], envFor(labels, { selected: { task: 'objects', index: 0 } })).effects,
    ).toEqual([{ type: 'select', ref: null }]);
  });

  it('moves the selected shape with ONE update when the drag ends', () => {
    const ref = { task: 'objects', index: 0 };
    const env = envFor(labels, { selected: ref });
    const run = drive('select', [down(120, 180), move(130, 185), move(150, 190), move(170, 200)], env);
    expect(run.effects).toEqual([]);
    expect(previewOf(run.state)).toEqual({
      kind: 'edit',
      ref,
      shape: { x: 150, y: 120, width: 200, height: 100, label: 'car' },
    });
    const end = step(run.state, up(170, 200), env);
    expect(end.effects).toEqual([
      { type: 'update', ref, shape: { x: 150, y: 120, width: 200, height: 100, label: 'car' } },
    ]);
    expect(isBusy(end.state)).toBe(false);
  });

  it('keeps a dragged shape inside the image, sliding along the border', () => {
    const ref = { task: 'objects', index: 0 };
    const run = drive(
      'select',
      [down(120, 180), move(2000, -500), up(2000, -500)],
      envFor(labels, { selected: ref }),
    );
    expect(run.effects).toEqual([
      { type: 'update', ref, shape: { x: 800, y: 0, width: 200, height: 100, label: 'car' } },
    ]);
  });

  it('drags one vertex of the selected polygon', () => {
    const ref = { task: 'outlines', index: 0 };
    const run = drive(
      'select',
      [down(602, 598), move(650, 650), up(700, 900)],
      envFor(labels, { selected: ref }),
    );
    expect(run.effects).toEqual([
      {
        type: 'update',
        ref,
        shape: {
          points: [
            [500, 500],
            [600, 500],
            [700, 800],
            [500, 600],
          ],
          label: 'road',
        },
      },
    ]);
  });

  it('inserts a vertex on double click on an edge, removes one on Alt+click', () => {
    const ref = { task: 'outlines', index: 0 };
    const env = envFor(labels, { selected: ref });
    expect(drive('select', [{ type: 'dblclick', point: [550, 502] }], env).effects).toEqual([
      {
        type: 'update',
        ref,
        shape: {
          points: [
            [500, 500],
            [550, 502],
            [600, 500],
            [600, 600],
            [500, 600],
          ],
          label: 'road',
        },
      },
    ]);
    expect(drive('select', [down(500, 600, true)], env).effects).toEqual([
      {
        type: 'update',
        ref,
        shape: {
          points: [
            [500, 500],
            [600, 500],
            [600, 600],
          ],
          label: 'road',
        },
      },
    ]);
  });

  it('cancels a drag on Escape: nothing changes', () => {
    const ref = { task: 'objects', index: 0 };
    const run = drive(
      'select',
      [down(120, 180), move(200, 250), key('escape'), up(200, 250)],
      envFor(labels, { selected: ref }),
    );
    expect(run.effects).toEqual([]);
    expect(run.state.phase).toBe('idle');
  });

  it('makes a whole drag one undo step', () => {
    const ref = { task: 'objects', index: 0 };
    const env = envFor(labels, { selected: ref });
    const history = new ImageHistory();
    let current = labels;
    let state = idleState('select');
    for (const e of [
      down(120, 180),
      ...Array.from({ length: 30 }, (_, i) => move(120 + i * 3, 180 + i)),
      up(210, 210),
    ]) {
      const next = step(state, e, env);
      state = next.state;
      for (const eff of next.effects) {
        if (eff.type !== 'update') continue;
        const list = [...(current[eff.ref.task] as unknown[])];
        list[eff.ref.index] = eff.shape;
        const after = { ...current, [eff.ref.task]: list };
        history.record(current, after, { undoable: true });
        current = after;
      }
    }
    expect(history.size).toBe(1);
    expect((current.objects as unknown[])[0]).toEqual({
      x: 190,
      y: 130,
      width: 200,
      height: 100,
      label: 'car',
    });
    const undone = history.undo(current)!;
    expect(undone.objects).toEqual(labels.objects);
    // Untouched shapes are the very same objects: nothing was copied.
    expect((undone.objects as unknown[])[1]).toBe((labels.objects as unknown[])[1]);
    expect(history.redo(undone)!.objects).toEqual(current.objects);
  });
});
