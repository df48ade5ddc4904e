import { describe, expect, it } from 'vitest';
import { ReviewDecisionSchema } from './decision.ts';

const issues = (body: unknown) =>
  ReviewDecisionSchema.safeParse(body).error?.issues.map((i) => ({
    path: i.path.join('.'),
    message: i.message,
  }));

describe('review decision body', () => {
  it('accepts the four decisions', () => {
    expect(ReviewDecisionSchema.parse({ decision: 'approve' })).toEqual({ decision: 'approve' });
    expect(ReviewDecisionSchema.parse({ decision: 'reject', comment: ' wrong date ' })).toEqual({
      decision: 'reject',
      comment: 'wrong date',
    });
    expect(
      ReviewDecisionSchema.parse({ decision: 'correct', labels: { topic: ['history'] } }).labels,
    ).toEqual({
      topic: ['history'],
    });
    expect(ReviewDecisionSchema.parse({ decision: 'escalate', comment: 'needs a historian' }).comment).toBe(
      'needs a historian',
    );
    expect(ReviewDecisionSchema.parse({ decision: 'escalate' })).toEqual({ decision: 'escalate' });
  });

  it('requires a comment to reject, naming the field', () => {
    const message = 'say what to fix: a rejection needs a comment';
    expect(issues({ decision: 'reject' })).toEqual([{ path: 'comment', message }]);
    expect(issues({ decision: 'reject', comment: '   ' })).toEqual([{ path: 'comment', message }]);
  });

  it('takes labels with a correction only', () => {
    expect(issues({ decision: 'correct' })).toEqual([
      { path: 'labels', message: 'a correction needs the corrected labels' },
    ]);
    expect(issues({ decision: 'approve', labels: {} })).toEqual([
      { path: 'labels', message: 'labels go only with the "correct" decision' },
    ]);
  });

  it('refuses unknown decisions and fields', () => {
    expect(issues({ decision: 'maybe' })?.[0]?.path).toBe('decision');
    expect(issues({ decision: 'approve', score: 3 })?.[0]?.message).toMatch(/score/);
    expect(issues({ decision: 'approve', comment: 'x'.repeat(5001) })?.[0]?.path).toBe('comment');
  });
});
