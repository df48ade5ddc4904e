import { describe, expect, it } from 'vitest';
import type { WorkItem } from '../../../shared/annotate.ts';
import { LabelSchemaSchema } from '../../../shared/labelSchema.ts';
import { duplicateKeys } from '../../annotate/actions.ts';
import { IMAGE_ACTIONS } from '../../annotate/image/actions.ts';
import { imageScreenActions, imageStartingLabels, shapeLabels } from './imageSession.ts';

const schema = LabelSchemaSchema.parse({
  tasks: [
    { name: 'objects', type: 'boxes', labels: [{ value: 'car', hotkey: 'c' }] },
    { name: 'regions', type: 'polygons', labels: [{ value: 'road', hotkey: 'r' }] },
    { name: 'lights', type: 'points', labels: [{ value: 'lamp', hotkey: 'l' }] },
    { name: 'time', type: 'choices', labels: [{ value: 'day', hotkey: '1' }] },
  ],
});
const size = { width: 100, height: 50 };

function item(over: Partial<WorkItem>): WorkItem {
  return {
    id: 1,
    extId: 'a.png',
    projectId: 1,
    kind: 'image',
    data: { image: 'a.png', mediaId: 3, width: 100, height: 50 },
    meta: null,
    predictions: [],
    draft: null,
    annotation: null,
    leaseUntil: null,
    rejection: null,
    ...over,
  };
}

describe('image screen actions', () => {
  it('binds no key twice, and leaves the editor its keys (Space pans, so Skip is Alt+S)', () => {
    const actions = imageScreenActions(schema);
    expect(duplicateKeys(actions)).toEqual([]);
    expect(actions.find((a) => a.id === 'skip')?.keys).toEqual(['alt+s']);
    const editorKeys = new Set(IMAGE_ACTIONS.flatMap((a) => a.keys));
    // Escape is shared on purpose: the editor takes it unless a dialog is open.
    const clashes = actions
      .filter((a) => a.group !== 'Labels' && a.id !== 'escape')
      .flatMap((a) => a.keys.filter((k) => editorKeys.has(k)));
    expect(clashes).toEqual([]);
    expect(actions.filter((a) => a.group === 'Labels').map((a) => a.keys[0])).toEqual(['c', 'r', 'l', '1']);
  });
});

describe('the labels an image item opens with', () => {
  it('keeps well-formed shapes of known labels, inside the image', () => {
    expect(
      shapeLabels(
        schema,
        {
          objects: [
            { x: 90, y: -5, width: 30, height: 20, label: 'car' },
            { x: 1, y: 1, width: 2, height: 2, label: 'bus' },
            { x: 'no', label: 'car' },
          ],
          regions: [
            {
              points: [
                [0, 0],
                [200, 0],
                [50, 60],
              ],
              label: 'road',
            },
          ],
          lights: [{ x: 5, y: 6, label: 'lamp', extra: 1 }],
          time: ['day'],
        },
        size,
      ),
    ).toEqual({
      objects: [{ x: 90, y: 0, width: 10, height: 15, label: 'car' }],
      regions: [
        {
          points: [
            [0, 0],
            [100, 0],
            [50, 50],
          ],
          label: 'road',
        },
      ],
    });
  });

  it('takes my draft over my annotation over the predictions, with choices beside the shapes', () => {
    const box = { x: 1, y: 2, width: 3, height: 4, label: 'car' };
    const predicted = item({ predictions: [{ model: 'm', labels: { objects: [box], time: ['day'] } }] });
    expect(imageStartingLabels(schema, predicted, size)).toEqual({
      labels: { objects: [box], time: ['day'] },
      from: 'predictions',
    });
    const drafted = item({
      predictions: predicted.predictions,
      annotation: { id: 1, labels: { time: ['day'] }, version: 1, submittedAt: '2026-01-01T00:00:00Z' },
      draft: { labels: { lights: [{ x: 1, y: 1, label: 'lamp' }] }, savedAt: '2026-01-02T00:00:00Z' },
    });
    expect(imageStartingLabels(schema, drafted, size)).toEqual({
      labels: { lights: [{ x: 1, y: 1, label: 'lamp' }] },
      from: 'draft',
    });
    expect(imageStartingLabels(schema, item({}), size)).toEqual({ labels: {}, from: 'empty' });
  });
});
