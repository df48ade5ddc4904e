import { describe, expect, it } from 'vitest';
import type { LabelSchema } from '../labelSchema.ts';
import {
  type CocoDataset,
  CocoDatasetSchema,
  cocoAnnotations,
  cocoCategories,
  fromCoco,
  toCoco,
} from './coco.ts';

const schema: LabelSchema = {
  tasks: [
    { name: 'objects', type: 'boxes', labels: [{ value: 'car' }, { value: 'person' }] },
    { name: 'outlines', type: 'polygons', labels: [{ value: 'person' }, { value: 'road' }] },
    { name: 'marks', type: 'points', labels: [{ value: 'eye' }, { value: 'nose' }] },
    { name: 'scene', type: 'choices', labels: [{ value: 'day' }] },
  ],
};

const labels = {
  objects: [
    { x: 10, y: 20, width: 30, height: 40, label: 'car' },
    { x: 0, y: 0, width: 50, height: 100, label: 'person' },
  ],
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
  scene: ['day'],
};

describe('COCO export', () => {
  it('lists each label of the image tasks once as a category', () => {
    expect(cocoCategories(schema)).toEqual([
      { id: 1, name: 'car', supercategory: 'none' },
      { id: 2, name: 'person', supercategory: 'none' },
      { id: 3, name: 'road', supercategory: 'none' },
      { id: 4, name: 'eye', supercategory: 'none', keypoints: ['eye'], skeleton: [] },
      { id: 5, name: 'nose', supercategory: 'none', keypoints: ['nose'], skeleton: [] },
    ]);
  });

  it('writes boxes, polygons and points with hand-checked numbers', () => {
    const coco = toCoco(schema, [{ id: 7, fileName: 'street.png', width: 200, height: 100, labels }]);
    expect(coco.images).toEqual([{ id: 7, file_name: 'street.png', width: 200, height: 100 }]);
    expect(coco.annotations).toEqual([
      {
        id: 1,
        image_id: 7,
        category_id: 1,
        iscrowd: 0,
        bbox: [10, 20, 30, 40],
        area: 1200,
        segmentation: [],
      },
      { id: 2, image_id: 7, category_id: 2, iscrowd: 0, bbox: [0, 0, 50, 100], area: 5000, segmentation: [] },
      // Right triangle with legs 40 and 30: area 600, bounds 40x30.
      {
        id: 3,
        image_id: 7,
        category_id: 3,
        iscrowd: 0,
        bbox: [0, 0, 40, 30],
        area: 600,
        segmentation: [[0, 0, 40, 0, 40, 30]],
      },
      {
        id: 4,
        image_id: 7,
        category_id: 4,
        iscrowd: 0,
        bbox: [5, 6, 0, 0],
        area: 0,
        segmentation: [],
        keypoints: [5, 6, 2],
        num_keypoints: 1,
      },
    ]);
    // The file is valid by the same schema the importer reads it with.
    expect(CocoDatasetSchema.safeParse(JSON.parse(JSON.stringify(coco))).success).toBe(true);
  });

  it('keeps annotation ids unique across images when streamed', () => {
    let next = 100;
    const ids = new Map(cocoCategories(schema).map((c) => [c.name, c.id]));
    const a = cocoAnnotations(schema, { id: 1, labels }, ids, () => next++);
    const b = cocoAnnotations(schema, { id: 2, labels }, ids, () => next++);
    expect([...a, ...b].map((x) => x.id)).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
  });

  it('reads its own export back to the same labels', () => {
    const coco = toCoco(schema, [{ id: 7, fileName: 'street.png', width: 200, height: 100, labels }]);
    const back = fromCoco(CocoDatasetSchema.parse(JSON.parse(JSON.stringify(coco))), schema);
    expect(back.errors).toEqual([]);
    const { scene: _choices, ...shapes } = labels;
    expect(back.images).toEqual([
      { cocoId: 7, fileName: 'street.png', width: 200, height: 100, labels: shapes },
    ]);
  });
});

describe('COCO import', () => {
  const foreign: CocoDataset = CocoDatasetSchema.parse({
    images: [
      { id: 10, file_name: 'a.jpg', width: 100, height: 80, license: 1 },
      { id: 11, file_name: 'b.jpg', width: 50, height: 50 },
    ],
    categories: [
      { id: 3, name: 'car' },
      { id: 7, name: 'person', keypoints: ['eye', 'nose', 'ear'] },
      { id: 9, name: 'road' },
      { id: 12, name: 'bus' },
    ],
    annotations: [
      // Two rings: a person in two parts, both go to the polygons task.
      {
        id: 1,
        image_id: 10,
        category_id: 7,
        bbox: [0, 0, 30, 30],
        area: 250,
        iscrowd: 0,
        segmentation: [
          [0, 0, 10, 0, 10, 10, 0, 10],
          [20, 20, 30, 20, 30, 30],
        ],
      },
      // A car outline, but no polygons task has "car": its bbox becomes a box, cut at the border.
      {
        id: 2,
        image_id: 10,
        category_id: 3,
        bbox: [90, 70, 20, 20],
        segmentation: [[90, 70, 110, 70, 110, 90]],
      },
      // A crowd region (RLE): only its bbox is usable.
      {
        id: 3,
        image_id: 10,
        category_id: 3,
        bbox: [1, 2, 3, 4],
        iscrowd: 1,
        segmentation: { counts: 'abc', size: [80, 100] },
      },
      // A road box, but no boxes task has "road": it becomes a 4-point polygon.
      { id: 4, image_id: 11, category_id: 9, bbox: [5, 5, 10, 20] },
      // Person keypoints: visible eye, unlabelled nose, hidden-but-labelled ear (not in the schema).
      {
        id: 5,
        image_id: 11,
        category_id: 7,
        bbox: [0, 0, 40, 40],
        keypoints: [12, 13, 2, 0, 0, 0, 20, 21, 1],
      },
      { id: 6, image_id: 11, category_id: 12, bbox: [0, 0, 5, 5] },
      { id: 7, image_id: 99, category_id: 3, bbox: [0, 0, 5, 5] },
      { id: 8, image_id: 11, category_id: 42, bbox: [0, 0, 5, 5] },
    ],
  });

  it('places every shape into the task that has its label', () => {
    const { images, errors } = fromCoco(foreign, schema);
    expect(images[0]).toEqual({
      cocoId: 10,
      fileName: 'a.jpg',
      width: 100,
      height: 80,
      labels: {
        outlines: [
          {
            points: [
              [0, 0],
              [10, 0],
              [10, 10],
              [0, 10],
            ],
            label: 'person',
          },
          {
            points: [
              [20, 20],
              [30, 20],
              [30, 30],
            ],
            label: 'person',
          },
        ],
        objects: [
          { x: 90, y: 70, width: 10, height: 10, label: 'car' },
          { x: 1, y: 2, width: 3, height: 4, label: 'car' },
        ],
      },
    });
    expect(images[1]!.labels).toEqual({
      outlines: [
        {
          points: [
            [5, 5],
            [15, 5],
            [15, 25],
            [5, 25],
          ],
          label: 'road',
        },
      ],
      // The eye is placed by keypoint name; the ear falls back to the category name, "person",
      // which no points task has, so it is dropped while the annotation's box still counts.
      marks: [{ x: 12, y: 13, label: 'eye' }],
      objects: [{ x: 0, y: 0, width: 40, height: 40, label: 'person' }],
    });
    expect(errors).toEqual([
      { annotationId: 6, message: 'no boxes, polygons or points task has the label "bus" for this shape' },
      { annotationId: 7, message: 'image_id 99 is not among the images' },
      { annotationId: 8, message: 'category_id 42 is not among the categories' },
    ]);
  });

  it('rejects a file that is not COCO, naming the field', () => {
    const bad = CocoDatasetSchema.safeParse({
      images: [{ id: 1, file_name: 'x', width: 0, height: 5 }],
      categories: [],
      annotations: [],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['images', 0, 'width']);
  });
});
