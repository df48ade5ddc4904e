import { describe, expect, it } from 'vitest';
import { categoryCounts, cohenKappa, fleissKappa } from './kappa.ts';

/** Expands a 2x2 agreement table (rater A by rater B) into the two raters' rating lists. */
function fromTable(yesYes: number, yesNo: number, noYes: number, noNo: number): [string[], string[]] {
  const cells: [string, string, number][] = [
    ['yes', 'yes', yesYes],
    ['yes', 'no', yesNo],
    ['no', 'yes', noYes],
    ['no', 'no', noNo],
  ];
  const a: string[] = [];
  const b: string[] = [];
  for (const [x, y, n] of cells) {
    for (let i = 0; i < n; i++) {
      a.push(x);
      b.push(y);
    }
  }
  return [a, b];
}

describe("Cohen's kappa", () => {
  it('matches the Wikipedia worked example (50 grant proposals: 20/5/10/15 -> 0.4)', () => {
    // en.wikipedia.org/wiki/Cohen's_kappa, "Simple example": po = 0.7, pe = 0.5, kappa = 0.4.
    expect(cohenKappa(...fromTable(20, 5, 10, 15))).toBeCloseTo(0.4, 12);
  });

  it('matches the Wikipedia "same agreement, different kappa" tables (0.1304 and 0.2593)', () => {
    // Same article, "Same percentages but different numbers"; checked by hand:
    // 45/15/25/15: po = 0.60, pe = 0.6*0.7 + 0.4*0.3 = 0.54, kappa = 0.06/0.46 = 0.1304.
    expect(cohenKappa(...fromTable(45, 15, 25, 15))).toBeCloseTo(0.1304, 4);
    // 25/35/5/35: po = 0.60, pe = 0.6*0.3 + 0.4*0.7 = 0.46, kappa = 0.14/0.54 = 0.2593.
    expect(cohenKappa(...fromTable(25, 35, 5, 35))).toBeCloseTo(0.2593, 4);
  });

  it('handles more than two categories (derived by hand)', () => {
    // po = 3/4; A's shares a .5 b .25 c .25, B's a .25 b .25 c .5; pe = .125 + .0625 + .125 = .3125;
    // kappa = (.75 - .3125) / .6875 = 0.63636...
    expect(cohenKappa(['a', 'a', 'b', 'c'], ['a', 'c', 'b', 'c'])).toBeCloseTo(0.4375 / 0.6875, 12);
  });

  it('is 1 for perfect agreement and -1 for systematic opposite answers', () => {
    expect(cohenKappa(['a', 'b', 'a'], ['a', 'b', 'a'])).toBe(1);
    expect(cohenKappa(['a', 'b'], ['b', 'a'])).toBe(-1);
  });

  it('is undefined (null) with no items or when both raters only ever use one category', () => {
    expect(cohenKappa([], [])).toBeNull();
    expect(cohenKappa(['a', 'a'], ['a', 'a'])).toBeNull();
  });

  it('refuses rating lists of different lengths', () => {
    expect(() => cohenKappa(['a'], ['a', 'b'])).toThrow(RangeError);
  });
});

describe("Fleiss' kappa", () => {
  it('matches the Wikipedia worked example (10 subjects, 14 raters, 5 categories -> 0.210)', () => {
    // en.wikipedia.org/wiki/Fleiss'_kappa, "Worked example": P = 0.378, Pe = 0.213, kappa = 0.210.
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
    expect(fleissKappa(table)).toBeCloseTo(0.21, 3);
  });

  it("equals Scott's pi for two raters (derived by hand)", () => {
    // Units (a,a) (a,b) (b,b) (b,b): P = 3/4; shares a 3/8, b 5/8; Pe = 34/64; kappa = 7/15.
    expect(
      fleissKappa(
        categoryCounts([
          ['a', 'a'],
          ['a', 'b'],
          ['b', 'b'],
          ['b', 'b'],
        ]),
      ),
    ).toBeCloseTo(7 / 15, 12);
  });

  it('is undefined (null) without subjects or when every rating is the same', () => {
    expect(fleissKappa([])).toBeNull();
    expect(fleissKappa([[3], [3]])).toBeNull();
  });

  it('refuses subjects with different numbers of raters or categories, or a single rater', () => {
    expect(() =>
      fleissKappa([
        [2, 0],
        [1, 2],
      ]),
    ).toThrow(/expected 2/);
    expect(() => fleissKappa([[2, 0], [2]])).toThrow(RangeError);
    expect(() => fleissKappa([[1, 0]])).toThrow(RangeError);
  });
});

describe('categoryCounts', () => {
  it('numbers categories by first appearance', () => {
    expect(
      categoryCounts([
        ['x', 'y', 'x'],
        ['z', 'z', 'y'],
      ]),
    ).toEqual([
      [2, 1, 0],
      [0, 1, 2],
    ]);
  });
});
