import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { krippendorffAlphaNominal } from './krippendorff.ts';

/** Coders x units reliability data, null where a coder gave no value, turned into units. */
const transpose = (coders: (number | null)[][]) => coders[0]!.map((_, u) => coders.map((row) => row[u]));

describe("Krippendorff's alpha (nominal)", () => {
  it("matches Krippendorff's example with missing values (4 coders, 12 units -> 0.743)", () => {
    // K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: nominal alpha = 0.743.
    // Unit 12 has a single value and is not pairable; n = 40 pairable values.
    const data = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
      [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];
    expect(krippendorffAlphaNominal(transpose(data))).toBeCloseTo(0.743, 3);
  });

  it('matches a two-coder case derived by hand', () => {
    // Units (a,a) (a,b) (b,b) (b,b): n = 8, n_a = 3, n_b = 5; disagreeing coincidences o_ab + o_ba = 2;
    // alpha = 1 - (n - 1) * 2 / (2 * 3 * 5) = 1 - 14/30 = 0.5333.
    expect(
      krippendorffAlphaNominal([
        ['a', 'a'],
        ['a', 'b'],
        ['b', 'b'],
        ['b', 'b'],
      ]),
    ).toBeCloseTo(16 / 30, 12);
  });

  it('ignores missing values and units with a single value', () => {
    const base = [
      ['a', 'a'],
      ['a', 'b'],
      ['b', 'b'],
      ['b', 'b'],
    ];
    const alpha = krippendorffAlphaNominal(base);
    expect(krippendorffAlphaNominal([...base, ['c'], [null, undefined], []])).toBe(alpha);
    expect(krippendorffAlphaNominal(base.map((u) => [null, ...u, undefined]))).toBe(alpha);
  });

  it('is undefined (null) with nothing pairable or a single value throughout', () => {
    expect(krippendorffAlphaNominal([])).toBeNull();
    expect(krippendorffAlphaNominal([['a'], ['b']])).toBeNull();
    expect(
      krippendorffAlphaNominal([
        ['a', 'a'],
        ['a', 'a', 'a'],
      ]),
    ).toBeNull();
  });

  it('does not depend on the order of units or of values within a unit', () => {
    const unit = fc.array(fc.constantFrom('x', 'y', 'z'), { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(unit, { minLength: 2, maxLength: 12 }), (units) => {
        const alpha = krippendorffAlphaNominal(units);
        const shuffled = [...units].reverse().map((u) => [...u].reverse());
        const again = krippendorffAlphaNominal(shuffled);
        if (alpha === null) expect(again).toBeNull();
        else expect(again).toBeCloseTo(alpha, 12);
      }),
    );
  });
});
