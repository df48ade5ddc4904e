/**
 * One-to-one greedy matching: every pair with a non-null similarity is a candidate; candidates are
 * taken from the most similar down, skipping any whose object is already matched. Ties go to the
 * lower index in `a`, then in `b`, so the result never depends on sort stability.
 * Returns index pairs `[i, j]` into `a` and `b`.
 */
export function greedyMatch<A, B>(
  a: readonly A[],
  b: readonly B[],
  similarity: (x: A, y: B) => number | null,
): [number, number][] {
  const candidates: { i: number; j: number; s: number }[] = [];
  a.forEach((x, i) => {
    b.forEach((y, j) => {
      const s = similarity(x, y);
      if (s !== null) candidates.push({ i, j, s });
    });
  });
  candidates.sort((p, q) => q.s - p.s || p.i - q.i || p.j - q.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: [number, number][] = [];
  for (const { i, j } of candidates) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    pairs.push([i, j]);
  }
  return pairs;
}
