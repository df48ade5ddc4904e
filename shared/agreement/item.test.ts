import { describe, expect, it } from 'vitest';
import { LabelSchemaSchema } from '../labelSchema.ts';
import { disagreements } from './disagreements.ts';
import { itemAgreement } from './item.ts';

const schema = LabelSchemaSchema.parse({
  tasks: [
    { name: 'entities', type: 'spans', labels: [{ value: 'PER' }, { value: 'LOC' }] },
    { name: 'topic', type: 'choices', labels: [{ value: 'history' }, { value: 'science' }] },
    { name: 'tags', type: 'choices', multiple: true, labels: [{ value: 'a' }, { value: 'b' }] },
    { name: 'objects', type: 'boxes', labels: [{ value: 'car' }] },
    { name: 'note', type: 'text' },
  ],
});
const PER = { start: 0, end: 3, label: 'PER' };
const LOC = { start: 10, end: 15, label: 'LOC' };
const three = [
  { by: 'ann1', labels: { entities: [PER, LOC], topic: ['history'], tags: ['a'], note: 'one' } },
  { by: 'ann2', labels: { entities: [PER], topic: ['history'], tags: ['a', 'b'], note: 'two' } },
  { by: 'ann3', labels: { entities: [PER, LOC], topic: ['science'], tags: ['a'] } },
];

// Expected values derived by hand: every figure is a mean over the pairs (1,2), (1,3), (2,3).
describe('itemAgreement', () => {
  it('averages pairwise F1 per task, then over tasks', () => {
    const result = itemAgreement(schema, three);
    // entities: (1,2) tp 1 fn 1 -> 2/3; (1,3) 1; (2,3) 2/3 -> 7/9.
    expect(result.perTask.entities).toBeCloseTo(7 / 9, 12);
    // topic (single choice): equal 1, else 0 -> (1 + 0 + 0) / 3.
    expect(result.perTask.topic).toBeCloseTo(1 / 3, 12);
    // tags as sets: {a} vs {a,b} -> 2/3; {a} vs {a} -> 1; {a,b} vs {a} -> 2/3.
    expect(result.perTask.tags).toBeCloseTo(7 / 9, 12);
    // Nobody drew a box: empty answers agree.
    expect(result.perTask.objects).toBe(1);
    // Free text has no agreement measure.
    expect(result.perTask).not.toHaveProperty('note');
    expect(result.score).toBeCloseTo((7 / 9 + 1 / 3 + 7 / 9 + 1) / 4, 12);
  });

  it('scores each label over the pairs where someone used it', () => {
    const { perLabel } = itemAgreement(schema, three);
    expect(perLabel.entities).toEqual({ PER: 1, LOC: expect.closeTo(1 / 3, 12) });
    // history: (1,2) both 1, (1,3) and (2,3) one-sided 0; science only in one-sided pairs.
    expect(perLabel.topic).toEqual({ history: expect.closeTo(1 / 3, 12), science: 0 });
    expect(perLabel.tags).toEqual({ a: 1, b: 0 });
    expect(perLabel.objects).toEqual({});
  });

  it('has no score below two annotations', () => {
    expect(itemAgreement(schema, three.slice(0, 1))).toEqual({ score: null, perTask: {}, perLabel: {} });
    expect(itemAgreement(schema, [])).toEqual({ score: null, perTask: {}, perLabel: {} });
  });

  it('follows the span and IoU options', () => {
    const a = { by: 'a', labels: { entities: [{ start: 0, end: 5, label: 'PER' }], objects: [] } };
    const b = { by: 'b', labels: { entities: [{ start: 1, end: 5, label: 'PER' }], objects: [] } };
    expect(itemAgreement(schema, [a, b]).perTask.entities).toBe(0);
    expect(itemAgreement(schema, [a, b], { spanMatch: 'overlap' }).perTask.entities).toBe(1);
    const boxA = { by: 'a', labels: { objects: [{ x: 0, y: 0, width: 10, height: 10, label: 'car' }] } };
    const boxB = { by: 'b', labels: { objects: [{ x: 5, y: 0, width: 10, height: 10, label: 'car' }] } };
    // IoU 50/150 = 1/3.
    expect(itemAgreement(schema, [boxA, boxB]).perTask.objects).toBe(0);
    expect(itemAgreement(schema, [boxA, boxB], { iouThreshold: 0.3 }).perTask.objects).toBe(1);
    expect(() => itemAgreement(schema, [boxA, boxB], { iouThreshold: 0 })).toThrow();
  });

  it('skips entries that no longer fit their task instead of failing', () => {
    const a = { by: 'a', labels: { entities: [{ start: 0, label: 'PER' }, PER], topic: 'history' } };
    const b = { by: 'b', labels: { entities: [PER] } };
    const result = itemAgreement(schema, [a, b]);
    expect(result.perTask.entities).toBe(1);
    // A non-array answer reads as empty, like a missing one.
    expect(result.perTask.topic).toBe(1);
  });

  it('refuses the same annotator twice', () => {
    expect(() => itemAgreement(schema, [three[0]!, three[0]!])).toThrow(/twice/);
  });
});

describe('disagreements', () => {
  it('marks for every object which other annotators share it', () => {
    const d = disagreements(schema, three);
    expect(d.entities).toEqual({
      agree: false,
      byAnnotator: {
        ann1: [
          { index: 0, label: 'PER', agreedBy: ['ann2', 'ann3'], unanimous: true },
          { index: 1, label: 'LOC', agreedBy: ['ann3'], unanimous: false },
        ],
        ann2: [{ index: 0, label: 'PER', agreedBy: ['ann1', 'ann3'], unanimous: true }],
        ann3: [
          { index: 0, label: 'PER', agreedBy: ['ann1', 'ann2'], unanimous: true },
          { index: 1, label: 'LOC', agreedBy: ['ann1'], unanimous: false },
        ],
      },
    });
    expect(d.topic!.byAnnotator.ann3).toEqual([
      { index: 0, label: 'science', agreedBy: [], unanimous: false },
    ]);
    expect(d.tags!.byAnnotator.ann2![1]).toEqual({ index: 1, label: 'b', agreedBy: [], unanimous: false });
    expect(d.objects).toEqual({ agree: true, byAnnotator: { ann1: [], ann2: [], ann3: [] } });
    expect(d).not.toHaveProperty('note');
  });

  it('agrees everywhere when the answers are the same', () => {
    const d = disagreements(schema, [three[0]!, { ...three[0]!, by: 'twin' }]);
    expect(Object.values(d).every((t) => t.agree)).toBe(true);
  });

  it('keeps positions in the original answer when an entry is unreadable', () => {
    const a = { by: 'a', labels: { entities: [{ start: 'x' }, PER] } };
    const b = { by: 'b', labels: { entities: [PER] } };
    expect(disagreements(schema, [a, b]).entities!.byAnnotator.a).toEqual([
      { index: 1, label: 'PER', agreedBy: ['b'], unanimous: true },
    ]);
  });
});
