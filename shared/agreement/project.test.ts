import { describe, expect, it } from 'vitest';
import { LabelSchemaSchema } from '../labelSchema.ts';
import { projectAgreement } from './project.ts';
import type { AnnotatorLabels } from './schemas.ts';

const choices = (values: string[], multiple = false) =>
  LabelSchemaSchema.parse({
    tasks: [{ name: 'q', type: 'choices', multiple, labels: values.map((value) => ({ value })) }],
  });

/** One item per unit; each coder with a value there annotates it with that single choice. */
function fromCoders(coders: Record<string, (string | null)[]>): { annotations: AnnotatorLabels[] }[] {
  const units = Object.values(coders)[0]!.length;
  return Array.from({ length: units }, (_, u) => ({
    annotations: Object.entries(coders)
      .filter(([, values]) => values[u] !== null)
      .map(([by, values]) => ({ by, labels: { q: [values[u]!] } })),
  }));
}

describe('projectAgreement', () => {
  it("reproduces Krippendorff's 2011 example through items and annotations (alpha 0.743)", () => {
    const n = null;
    const items = fromCoders({
      A: ['1', '2', '3', '3', '2', '1', '4', '1', '2', n, n, n],
      B: ['1', '2', '3', '3', '2', '2', '4', '1', '2', '5', n, '3'],
      C: [n, '3', '3', '3', '2', '3', '4', '2', '2', '5', '1', n],
      D: ['1', '2', '3', '3', '2', '4', '4', '1', '2', '5', '1', n],
    });
    const result = projectAgreement(choices(['1', '2', '3', '4', '5']), items);
    expect(result.perTask.q!.alpha).toBeCloseTo(0.743, 3);
    // Items have 2, 3 or 4 annotators: Fleiss' kappa does not apply.
    expect(result.perTask.q!.fleiss).toBeNull();
    // Unit 12 has one annotation and is left out.
    expect(result.items).toBe(11);
    expect(result.perPair.map((p) => `${p.a}-${p.b}`)).toEqual(['A-B', 'A-C', 'A-D', 'B-C', 'B-D', 'C-D']);
    // A and B share units 1-9 and differ only on unit 6: 8/9 agreement.
    expect(result.perPair[0]).toMatchObject({ items: 9, score: expect.closeTo(8 / 9, 12) });
  });

  it("reproduces the Wikipedia Cohen's kappa example for an annotator pair (kappa 0.4)", () => {
    const rows: [string, string, number][] = [
      ['yes', 'yes', 20],
      ['yes', 'no', 5],
      ['no', 'yes', 10],
      ['no', 'no', 15],
    ];
    const a: string[] = [];
    const b: string[] = [];
    for (const [x, y, count] of rows) {
      for (let i = 0; i < count; i++) {
        a.push(x);
        b.push(y);
      }
    }
    const result = projectAgreement(choices(['yes', 'no']), fromCoders({ rater1: a, rater2: b }));
    expect(result.perPair).toEqual([
      {
        a: 'rater1',
        b: 'rater2',
        items: 50,
        score: expect.closeTo(0.7, 12),
        kappa: { q: expect.closeTo(0.4, 12) },
      },
    ]);
    // Derived by hand: two raters, no missing values, n = 100 values (55 yes, 45 no), 15 disagreeing
    // units -> alpha = 1 - 99 * 30 / (2 * 55 * 45) = 0.4; Fleiss with two raters is Scott's pi:
    // (0.7 - (0.55^2 + 0.45^2)) / (1 - 0.505) = 0.3939.
    expect(result.perTask.q).toEqual({
      score: expect.closeTo(0.7, 12),
      alpha: expect.closeTo(0.4, 12),
      fleiss: expect.closeTo(0.195 / 0.495, 12),
    });
  });

  it("reproduces the Wikipedia Fleiss' kappa example from 14 annotators per item (0.210)", () => {
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const categories = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const items = table.map((row) => ({
      annotations: row
        .flatMap((count, j) => Array.from({ length: count }, () => categories[j]!))
        .map((value, r) => ({ by: `rater${r}`, labels: { q: [value] } })),
    }));
    expect(projectAgreement(choices(categories), items).perTask.q!.fleiss).toBeCloseTo(0.21, 3);
  });

  it('treats each label of a multi-label task as a yes/no decision per item (derived by hand)', () => {
    const items = [
      {
        annotations: [
          { by: 'x', labels: { q: ['a'] } },
          { by: 'y', labels: { q: ['a', 'b'] } },
        ],
      },
      {
        annotations: [
          { by: 'x', labels: { q: ['b'] } },
          { by: 'y', labels: { q: ['b'] } },
        ],
      },
    ];
    const result = projectAgreement(choices(['a', 'b', 'c'], true), items);
    // Pooled units (item, label) for a and b (c is "no" for both everywhere and counts too):
    // x: yes no no | no yes no; y: yes yes no | no yes no -> po = 5/6; x yes 2/6, y yes 3/6;
    // pe = 2/6 * 3/6 + 4/6 * 3/6 = 1/2; kappa = (5/6 - 1/2) / (1/2) = 2/3.
    expect(result.perPair[0]!.kappa.q).toBeCloseTo(2 / 3, 12);
    // Per label alpha: a yes/yes, no/no -> 1; b no/yes, yes/yes -> n = 4 (3 yes), 1 - 3 * 2 / 6 = 0;
    // c is never chosen: no variation, alpha undefined.
    expect(result.perLabel.q).toEqual({
      a: { score: 1, alpha: 1 },
      b: { score: expect.closeTo(0.5, 12), alpha: 0 },
      c: { score: null, alpha: null },
    });
    // Item F1 of the sets: {a} vs {a,b} = 2/3, {b} vs {b} = 1.
    expect(result.score).toBeCloseTo((2 / 3 + 1) / 2, 12);
  });

  it('scores non-choice tasks by F1 only, and has no score without overlapping work', () => {
    const schema = LabelSchemaSchema.parse({
      tasks: [{ name: 'e', type: 'spans', labels: [{ value: 'PER' }] }],
    });
    const span = { start: 0, end: 2, label: 'PER' };
    const result = projectAgreement(schema, [
      {
        annotations: [
          { by: 'a', labels: { e: [span] } },
          { by: 'b', labels: { e: [span] } },
        ],
      },
      {
        annotations: [
          { by: 'a', labels: { e: [span] } },
          { by: 'b', labels: { e: [] } },
        ],
      },
      { annotations: [{ by: 'a', labels: { e: [span] } }] },
    ]);
    expect(result).toEqual({
      score: 0.5,
      items: 2,
      perTask: { e: { score: 0.5, alpha: null, fleiss: null } },
      perLabel: { e: { PER: { score: 0.5, alpha: null } } },
      perPair: [{ a: 'a', b: 'b', items: 2, score: 0.5, kappa: {} }],
    });
    expect(projectAgreement(schema, [{ annotations: [] }])).toEqual({
      score: null,
      items: 0,
      perTask: {},
      perLabel: {},
      perPair: [],
    });
  });
});
