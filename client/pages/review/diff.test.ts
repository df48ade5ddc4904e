import { describe, expect, it } from 'vitest';
import { LabelSchemaSchema } from '../../../shared/labelSchema.ts';
import { describeObject, labelsDiff, offers } from './diff.ts';

const SCHEMA = LabelSchemaSchema.parse({
  tasks: [
    { name: 'entities', type: 'spans', labels: [{ value: 'PER' }, { value: 'LOC' }] },
    { name: 'topic', type: 'choices', multiple: true, labels: [{ value: 'history' }, { value: 'science' }] },
    { name: 'objects', type: 'boxes', labels: [{ value: 'car' }] },
    { name: 'note', type: 'text' },
  ],
});

const ada = { start: 0, end: 3, label: 'PER', text: 'Ada' };
const adaLovelace = { start: 0, end: 12, label: 'PER', text: 'Ada Lovelace' };
const london = { start: 33, end: 39, label: 'LOC', text: 'London' };

describe('labelsDiff', () => {
  it('is empty when nothing changed, whatever a span carries as text', () => {
    const labels = { entities: [ada], topic: ['history'], note: 'ok' };
    expect(labelsDiff(SCHEMA, labels, structuredClone(labels))).toEqual([]);
    expect(labelsDiff(SCHEMA, { entities: [ada] }, { entities: [{ ...ada, text: undefined }] })).toEqual([]);
    expect(labelsDiff(SCHEMA, { note: '  ' }, {})).toEqual([]);
  });

  it('lists removed and added objects task by task, in schema order', () => {
    const before = { entities: [ada, london], topic: ['history'], note: 'first' };
    const after = { entities: [adaLovelace, london], topic: ['history', 'science'], note: 'second' };
    expect(labelsDiff(SCHEMA, before, after)).toEqual([
      { task: 'entities', type: 'spans', removed: ['PER "Ada" (0-3)'], added: ['PER "Ada Lovelace" (0-12)'] },
      { task: 'topic', type: 'choices', removed: [], added: ['science'] },
      { task: 'note', type: 'text', removed: [], added: [], text: { before: 'first', after: 'second' } },
    ]);
  });

  it('counts duplicates and reads boxes', () => {
    const box = { x: 10, y: 20.04, width: 30, height: 40, label: 'car' };
    const diff = labelsDiff(SCHEMA, { objects: [box, box] }, { objects: [box] });
    expect(diff).toEqual([
      { task: 'objects', type: 'boxes', removed: ['box car at 10,20 30×40'], added: [] },
    ]);
  });

  it('describes every kind of object', () => {
    expect(
      describeObject('polygons', {
        points: [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        label: 'lake',
      }),
    ).toBe('polygon lake, 3 points from 1,2');
    expect(describeObject('points', { x: 1.25, y: 2, label: 'eye' })).toBe('point eye at 1.3,2');
    expect(describeObject('spans', { start: 1, end: 2, label: 'X' })).toBe('X (1-2)');
  });
});

describe('offers', () => {
  it('offers what the others marked and the correction lacks, once each, with who marked it', () => {
    const current = { entities: [ada] };
    const others = [
      { by: 'bob', labels: { entities: [adaLovelace, london], topic: ['science'] } },
      { by: 'cy', labels: { entities: [{ ...london, text: 'London' }, ada] } },
    ];
    expect(offers(SCHEMA, current, others).map((o) => [o.text, o.by])).toEqual([
      ['PER "Ada Lovelace" (0-12)', ['bob']],
      ['LOC "London" (33-39)', ['bob', 'cy']],
    ]);
  });
});
