/** Precision, recall and F1 from match counts; every value is in [0, 1]. */
export interface Prf {
  /** Share of the candidate's objects that match the reference. */
  precision: number;
  /** Share of the reference's objects that the candidate matches. */
  recall: number;
  /** Harmonic mean of precision and recall: 2tp / (2tp + fp + fn). */
  f1: number;
}

/**
 * Precision, recall and F1 from true positives (matched pairs), false positives (unmatched
 * candidate objects) and false negatives (unmatched reference objects). Two empty answers agree
 * perfectly, so a ratio whose denominator is 0 is 1 when the other side is empty too, else 0.
 */
export function prf(tp: number, fp: number, fn: number): Prf {
  return {
    precision: tp + fp === 0 ? (fn === 0 ? 1 : 0) : tp / (tp + fp),
    recall: tp + fn === 0 ? (fp === 0 ? 1 : 0) : tp / (tp + fn),
    f1: f1(tp, fp, fn),
  };
}

/** F1 = 2tp / (2tp + fp + fn); 1 when both answers are empty. */
export function f1(tp: number, fp: number, fn: number): number {
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? 1 : (2 * tp) / denominator;
}

/** Arithmetic mean; null for no values. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Match counts with the scores they give. */
export interface MatchResult extends Prf {
  /** Matched pairs. */
  tp: number;
  /** Candidate objects left unmatched. */
  fp: number;
  /** Reference objects left unmatched. */
  fn: number;
}

/** Scores of a one-to-one matching of `matched` pairs between `reference` and `candidate` objects. */
export function matchResult(reference: number, candidate: number, matched: number): MatchResult {
  const fp = candidate - matched;
  const fn = reference - matched;
  return { tp: matched, fp, fn, ...prf(matched, fp, fn) };
}
