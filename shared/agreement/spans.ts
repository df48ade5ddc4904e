import type { Span } from '../labels.ts';
import { greedyMatch } from './matching.ts';
import type { AgreementOptions } from './schemas.ts';
import { type MatchResult, matchResult } from './scores.ts';

type SpanMatch = AgreementOptions['spanMatch'];

/**
 * How alike two spans are for matching, or null when they cannot match: in `exact` mode 1 for
 * the same start, end and label; in `overlap` mode the number of shared code points for the same
 * label, so the greedy matcher pairs the largest overlaps first.
 */
export function spanSimilarity(mode: SpanMatch): (a: Span, b: Span) => number | null {
  if (mode === 'exact') {
    return (a, b) => (a.start === b.start && a.end === b.end && a.label === b.label ? 1 : null);
  }
  return (a, b) => {
    if (a.label !== b.label) return null;
    const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start);
    return shared > 0 ? shared : null;
  };
}

/**
 * Precision, recall and F1 of `candidate`'s spans against `reference`'s, one-to-one matched
 * (see `spanSimilarity` for the modes). F1 is symmetric, so for two annotators the order only
 * swaps precision and recall.
 */
export function spanF1(
  reference: readonly Span[],
  candidate: readonly Span[],
  mode: SpanMatch = 'exact',
): MatchResult {
  const pairs = greedyMatch(reference, candidate, spanSimilarity(mode));
  return matchResult(reference.length, candidate.length, pairs.length);
}
