import type { Category } from './kappa.ts';

/**
 * Krippendorff's alpha for nominal data: 1 - Do / De, observed over expected disagreement, with
 * any number of coders and missing values. Each unit lists the values the coders gave it; null or
 * undefined marks a coder who gave none (so a coders x units matrix can be passed transposed).
 * Units with fewer than two values cannot be paired and are left out, as in Krippendorff's
 * definition. 1 is perfect agreement, 0 chance level, below 0 systematic disagreement.
 * Null when undefined: fewer than two pairable values, or a single value used throughout (De = 0).
 */
export function krippendorffAlphaNominal(
  units: readonly (readonly (Category | null | undefined)[])[],
): number | null {
  const totals = new Map<Category, number>();
  let n = 0;
  // Sum over c != k of the coincidence matrix: the disagreeing pairable value pairs.
  let observed = 0;
  for (const unit of units) {
    const values = unit.filter((v): v is Category => v !== null && v !== undefined);
    const m = values.length;
    if (m < 2) continue;
    const counts = new Map<Category, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    let same = 0;
    for (const [v, c] of counts) {
      same += c * c;
      totals.set(v, (totals.get(v) ?? 0) + c);
    }
    observed += (m * m - same) / (m - 1);
    n += m;
  }
  if (n < 2) return null;
  let same = 0;
  for (const c of totals.values()) same += c * c;
  const expected = n * n - same;
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}
