/** A nominal category: a label value, "yes"/"no", a number code. Compared with ===. */
export type Category = string | number;

// Expected agreement of 1 leaves kappa as 0/0; a hair below 1 is the same thing in floating point.
const EPSILON = 1e-12;

/**
 * Cohen's kappa between two raters who each put the same n items in one category:
 * (po - pe) / (1 - pe), with po the share of items they agree on and pe the agreement expected by
 * chance from each rater's own category shares. 1 is perfect agreement, 0 chance level, below 0
 * worse than chance. Null when it is undefined: no items, or both raters always used one and the
 * same category (pe = 1).
 */
export function cohenKappa(a: readonly Category[], b: readonly Category[]): number | null {
  if (a.length !== b.length) throw new RangeError(`cohenKappa: ${a.length} ratings against ${b.length}`);
  const n = a.length;
  if (n === 0) return null;
  const shareA = new Map<Category, number>();
  const shareB = new Map<Category, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) agree++;
    shareA.set(x, (shareA.get(x) ?? 0) + 1 / n);
    shareB.set(y, (shareB.get(y) ?? 0) + 1 / n);
  }
  let pe = 0;
  for (const [category, p] of shareA) pe += p * (shareB.get(category) ?? 0);
  if (1 - pe < EPSILON) return null;
  return (agree / n - pe) / (1 - pe);
}

/**
 * Fleiss' kappa for N subjects each rated by the same number n >= 2 of raters (not necessarily
 * the same people). `counts[i][j]` is how many raters put subject i in category j.
 * (P - Pe) / (1 - Pe), with P the mean share of agreeing rater pairs per subject and Pe the
 * chance agreement from the overall category shares. 1 is perfect, 0 chance level, below 0 worse.
 * Null when undefined: no subjects, or every rating in one category (Pe = 1).
 * Throws when rows differ in length or in their number of raters.
 */
export function fleissKappa(counts: readonly (readonly number[])[]): number | null {
  const first = counts[0];
  if (!first) return null;
  const n = first.reduce((s, c) => s + c, 0);
  if (n < 2) throw new RangeError('fleissKappa: each subject needs at least two ratings');
  const totals = new Array<number>(first.length).fill(0);
  let sumP = 0;
  for (const row of counts) {
    if (row.length !== first.length) throw new RangeError('fleissKappa: rows have different category counts');
    let raters = 0;
    let squares = 0;
    row.forEach((c, j) => {
      raters += c;
      squares += c * c;
      totals[j]! += c;
    });
    if (raters !== n) throw new RangeError(`fleissKappa: a subject has ${raters} ratings, expected ${n}`);
    sumP += (squares - n) / (n * (n - 1));
  }
  const p = sumP / counts.length;
  const all = counts.length * n;
  const pe = totals.reduce((s, t) => s + (t / all) ** 2, 0);
  if (1 - pe < EPSILON) return null;
  return (p - pe) / (1 - pe);
}

/**
 * The subjects x categories count table `fleissKappa` takes, from each subject's list of ratings.
 * Categories are numbered in order of first appearance.
 */
export function categoryCounts(subjects: readonly (readonly Category[])[]): number[][] {
  const index = new Map<Category, number>();
  for (const ratings of subjects) for (const r of ratings) if (!index.has(r)) index.set(r, index.size);
  return subjects.map((ratings) => {
    const row = new Array<number>(index.size).fill(0);
    for (const r of ratings) row[index.get(r)!]! += 1;
    return row;
  });
}
