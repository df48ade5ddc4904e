import { describe, expect, it } from 'vitest';
import type { LabelSchema } from '../labelSchema.ts';
import { fromLabelStudioResults, toLabelStudioResults } from './labelStudioImage.ts';

const schema: LabelSchema = {
  tasks: [
    { name: 'objects', type: 'boxes', labels: [{ value: 'car' }, { value: 'person' }] },
    { name: 'parked', type: 'boxes', labels: [{ value: 'car' }] },
    { name: 'outlines', type: 'polygons', labels: [{ value: 'road' }] },
    { name: 'marks', type: 'points', labels: [{ value: 'eye' }] },
  ],
};
const size = { width: 200, height: 100 };
const labels = {
  objects: [{ x: 10, y: 20, width: 30, height: 40, label: 'car' }],
  outlines: [
    {
      points: [
        [0, 0],
        [40, 0],
        [40, 30],
      ],
      label: 'road',
    },
  ],
  marks: [{ x: 5, y: 6, label: 'eye' }],
};

describe('Label Studio image results', () => {
  it('writes rectangles, polygons and keypoints in percent of the original size', () => {
    const common = { to_name: 'image', original_width: 200, original_height: 100, image_rotation: 0 };
    expect(toLabelStudioResults(schema, labels, size)).toEqual([
      {
        ...common,
        id: 'objects-1',
        from_name: 'objects',
        type: 'rectanglelabels',
        // 10/200, 20/100, 30/200, 40/100 as percent.
        value: { x: 5, y: 20, width: 15, height: 40, rotation: 0, rectanglelabels: ['car'] },
      },
      {
        ...common,
        id: 'outlines-1',
        from_name: 'outlines',
        type: 'polygonlabels',
        value: {
          points: [
            [0, 0],
            [20, 0],
            [20, 30],
          ],
          polygonlabels: ['road'],
          closed: true,
        },
      },
      {
        ...common,
        id: 'marks-1',
        from_name: 'marks',
        type: 'keypointlabels',
        value: { x: 2.5, y: 6, width: 0.5, keypointlabels: ['eye'] },
      },
    ]);
  });

  it('reads its own results back to the same pixels', () => {
    const back = fromLabelStudioResults(schema, toLabelStudioResults(schema, labels, size));
    expect(back.errors).toEqual([]);
    expect(back.labels).toEqual(labels);
  });

  it('converts percent to pixels, using the image size when the result has none', () => {
    const { labels: got, errors } = fromLabelStudioResults(
      schema,
      [
        {
          from_name: 'parked',
          to_name: 'img',
          type: 'rectanglelabels',
          value: { x: 50, y: 25, width: 12.5, height: 50, rectanglelabels: ['car'] },
        },
        {
          from_name: 'label',
          to_name: 'img',
          type: 'keypointlabels',
          original_width: 400,
          original_height: 300,
          value: { x: 10, y: 100, keypointlabels: ['eye'] },
        },
      ],
      { width: 800, height: 600 },
    );
    expect(errors).toEqual([]);
    expect(got).toEqual({
      // from_name "parked" is a boxes task with "car": it wins over the first task that has "car".
      parked: [{ x: 400, y: 150, width: 100, height: 300, label: 'car' }],
      // The result's own original size (400x300) wins over the stored image size.
      marks: [{ x: 40, y: 300, label: 'eye' }],
    });
  });

  it('turns a rotated rectangle into its axis-aligned bounds', () => {
    // 20x20 px box at (20, 10), turned 90 degrees clockwise about its top left: x 0..20, y 10..30.
    const { labels: got } = fromLabelStudioResults(schema, [
      {
        from_name: 'objects',
        to_name: 'image',
        type: 'rectanglelabels',
        original_width: 200,
        original_height: 100,
        value: { x: 10, y: 10, width: 10, height: 20, rotation: 90, rectanglelabels: ['person'] },
      },
    ]);
    const box = (got.objects as { x: number; y: number; width: number; height: number }[])[0]!;
    expect(box.x).toBeCloseTo(0, 9);
    expect(box.y).toBeCloseTo(10, 9);
    expect(box.width).toBeCloseTo(20, 9);
    expect(box.height).toBeCloseTo(20, 9);
  });

  it('clamps shapes into the image and reports what it cannot use', () => {
    const { labels: got, errors } = fromLabelStudioResults(
      schema,
      [
        {
          from_name: 'objects',
          to_name: 'image',
          type: 'rectanglelabels',
          value: { x: 90, y: -5, width: 20, height: 10, rectanglelabels: ['car'] },
        },
        {
          from_name: 'objects',
          to_name: 'image',
          type: 'rectanglelabels',
          value: { x: 1, y: 1, width: 1, height: 1, rectanglelabels: ['bus'] },
        },
        {
          from_name: 'outlines',
          to_name: 'image',
          type: 'polygonlabels',
          value: {
            points: [
              [0, 0],
              [1, 1],
            ],
            polygonlabels: ['road'],
          },
        },
        { from_name: 'scene', to_name: 'image', type: 'choices', value: { choices: ['day'] } },
      ],
      size,
    );
    expect(got).toEqual({ objects: [{ x: 180, y: 0, width: 20, height: 5, label: 'car' }] });
    expect(errors).toEqual([
      { index: 1, message: 'no boxes task has the label "bus"' },
      { index: 2, message: 'value.points: Too small: expected array to have >=3 items' },
    ]);
    expect(fromLabelStudioResults(schema, [labelsLessResult]).errors).toEqual([
      { index: 0, message: 'original_width/original_height are missing and the image size is unknown' },
    ]);
  });
});

const labelsLessResult = {
  from_name: 'marks',
  to_name: 'image',
  type: 'keypointlabels',
  value: { x: 1, y: 1, keypointlabels: ['eye'] },
};
