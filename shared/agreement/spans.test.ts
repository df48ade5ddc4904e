import { describe, expect, it } from 'vitest';
import type { Span } from '../labels.ts';
import { greedyMatch } from './matching.ts';
import { spanF1 } from './spans.ts';

const span = (start: number, end: number, label = 'PER'): Span => ({ start, end, label });

// No standard reference publishes span agreement on a tiny case, so every expected value below
// is derived by hand in its comment.
describe('span F1', () => {
  it('exact mode needs the same start, end and label', () => {
    const ref = [span(0, 3), span(10, 15, 'LOC'), span(20, 25)];
    const cand = [span(0, 3), span(10, 15, 'PER'), span(20, 24)];
    // Only (0, 3, PER) matches: tp 1, fp 2, fn 2 -> P = R = 1/3, F1 = 2 / (2 + 4) = 1/3.
    expect(spanF1(ref, cand, 'exact')).toEqual({
      tp: 1,
      fp: 2,
      fn: 2,
      precision: 1 / 3,
      recall: 1 / 3,
      f1: 1 / 3,
    });
  });

  it('overlap mode pairs the same label by largest overlap, one to one', () => {
    // (0, 10) overlaps (0, 3) by 3 and (2, 10) by 8: it takes (2, 10); (0, 3) is left over.
    // tp 1, fp 1, fn 0 -> P = 1/2, R = 1, F1 = 2 / 3.
    expect(spanF1([span(0, 10)], [span(0, 3), span(2, 10)], 'overlap')).toMatchObject({
      tp: 1,
      fp: 1,
      fn: 0,
      precision: 0.5,
      recall: 1,
    });
    expect(spanF1([span(0, 10)], [span(0, 3), span(2, 10)], 'overlap').f1).toBeCloseTo(2 / 3, 12);
    // Touching is not overlapping (end is exclusive), and labels must agree.
    expect(spanF1([span(0, 5)], [span(5, 9)], 'overlap').tp).toBe(0);
    expect(spanF1([span(0, 5)], [span(0, 5, 'LOC')], 'overlap').tp).toBe(0);
  });

  it('overlap mode does not let one long span absorb two', () => {
    // One-to-one: (0, 20) matches one of the two halves; tp 1, fp 0, fn 1 -> F1 = 2/3.
    expect(spanF1([span(0, 10), span(10, 20)], [span(0, 20)], 'overlap').f1).toBeCloseTo(2 / 3, 12);
  });

  it('treats two empty answers as perfect agreement and one empty answer as none', () => {
    expect(spanF1([], [])).toEqual({ tp: 0, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
    expect(spanF1([span(0, 1)], [])).toEqual({ tp: 0, fp: 0, fn: 1, precision: 0, recall: 0, f1: 0 });
    expect(spanF1([], [span(0, 1)])).toEqual({ tp: 0, fp: 1, fn: 0, precision: 0, recall: 0, f1: 0 });
  });

  it('is symmetric in F1 and swaps precision with recall', () => {
    const a = [span(0, 4), span(6, 9), span(12, 20)];
    const b = [span(0, 4), span(12, 20)];
    const ab = spanF1(a, b);
    const ba = spanF1(b, a);
    expect(ab.f1).toBe(ba.f1);
    expect(ab.precision).toBe(ba.recall);
  });
});

describe('greedyMatch', () => {
  it('breaks ties by position so results never depend on sort order', () => {
    expect(greedyMatch([1, 1], [1, 1], () => 1)).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('takes the most similar pair first', () => {
    // a0 likes b0 (0.6) and b1 (0.9); a1 only likes b1 (0.8). Greedy: a0-b1 (0.9), then a1 has nothing.
    const sim = [
      [0.6, 0.9],
      [null, 0.8],
    ];
    expect(greedyMatch([0, 1], [0, 1], (i, j) => sim[i]![j]!)).toEqual([[0, 1]]);
  });
});
