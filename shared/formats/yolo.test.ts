import { describe, expect, it } from 'vitest';
import type { LabelSchema } from '../labelSchema.ts';
import { toYoloLines, yoloBoxLine, yoloClasses, yoloClassesTxt, yoloDataYaml } from './yolo.ts';

const schema: LabelSchema = {
  tasks: [
    { name: 'objects', type: 'boxes', labels: [{ value: 'car' }, { value: 'person' }] },
    { name: 'outlines', type: 'polygons', labels: [{ value: 'person' }, { value: 'road' }] },
    { name: 'marks', type: 'points', labels: [{ value: 'eye' }] },
  ],
};
const size = { width: 200, height: 100 };
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
};

describe('YOLO labels', () => {
  it('numbers the classes of boxes and polygons tasks in schema order', () => {
    expect(yoloClasses(schema)).toEqual(['car', 'person', 'road']);
    expect(yoloClassesTxt(yoloClasses(schema))).toBe('car\nperson\nroad\n');
  });

  it('writes normalised centre and size with 6 decimals (hand-checked)', () => {
    expect(toYoloLines(schema, labels, size)).toEqual([
      // car: centre (25, 40) / (200, 100), size 30/200 x 40/100.
      '0 0.125000 0.400000 0.150000 0.400000',
      // person: centre (25, 50), size 50/200 x 100/100.
      '1 0.125000 0.500000 0.250000 1.000000',
      // road polygon as its bounds (0, 0, 40, 30): centre (20, 15).
      '2 0.100000 0.150000 0.200000 0.300000',
    ]);
  });

  it('rounds to 6 decimals and cuts boxes at the border', () => {
    expect(yoloBoxLine(0, { x: 100, y: 0, width: 100, height: 300 }, { width: 300, height: 300 })).toBe(
      '0 0.500000 0.500000 0.333333 1.000000',
    );
    // Half outside at the bottom right: the part inside is [190, 200] x [90, 100].
    expect(yoloBoxLine(4, { x: 190, y: 90, width: 20, height: 20 }, size)).toBe(
      '4 0.975000 0.950000 0.050000 0.100000',
    );
    expect(yoloBoxLine(0, { x: 250, y: 10, width: 5, height: 5 }, size)).toBeNull();
    expect(yoloBoxLine(0, { x: 10, y: 10, width: 0, height: 5 }, size)).toBeNull();
  });

  it('writes segmentation rings on request', () => {
    expect(toYoloLines(schema, labels, size, { polygons: 'segment' })).toEqual([
      '0 0.050000 0.200000 0.200000 0.200000 0.200000 0.600000 0.050000 0.600000',
      '1 0.000000 0.000000 0.250000 0.000000 0.250000 1.000000 0.000000 1.000000',
      '2 0.000000 0.000000 0.200000 0.000000 0.200000 0.300000',
    ]);
  });

  it('writes an Ultralytics data.yaml with quoted names', () => {
    expect(yoloDataYaml(['car', 'traffic: light'])).toBe(
      'path: .\ntrain: images\nval: images\nnames:\n  0: "car"\n  1: "traffic: light"\n',
    );
  });
});
