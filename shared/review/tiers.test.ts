import { describe, expect, it } from 'vitest';
import { PROJECT_ROLES } from '../permissions.ts';
import { canWorkTier, DEFAULT_TIERS, TierSchema, TiersSchema, tierIndex } from './tiers.ts';

describe('tiers', () => {
  it('defaults to Review (reviewer, every item) then Expert (expert, escalated only)', () => {
    expect(DEFAULT_TIERS).toEqual([
      { name: 'Review', role: 'reviewer', policy: { kind: 'all' } },
      { name: 'Expert', role: 'expert', policy: { kind: 'escalated' } },
    ]);
  });

  it('accepts the three policies and trims names', () => {
    expect(
      TierSchema.parse({ name: ' Spot check ', role: 'reviewer', policy: { kind: 'sample', percent: 12.5 } }),
    ).toEqual({ name: 'Spot check', role: 'reviewer', policy: { kind: 'sample', percent: 12.5 } });
    expect(TiersSchema.parse([])).toEqual([]);
  });

  it('names the field of every mistake', () => {
    const issues = (value: unknown) =>
      TiersSchema.safeParse(value).error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    expect(issues([{ name: '', role: 'reviewer', policy: { kind: 'all' } }])).toEqual([
      { path: '0.name', message: 'a tier needs a name' },
    ]);
    expect(issues([{ name: 'A', role: 'reviewer', policy: { kind: 'sample', percent: 120 } }])).toEqual([
      { path: '0.policy.percent', message: 'a sample is 0 to 100 percent' },
    ]);
    expect(issues([{ name: 'A', role: 'annotator', policy: { kind: 'all' } }])?.[0]?.path).toBe('0.role');
    expect(issues([{ name: 'A', role: 'expert', policy: { kind: 'sometimes' } }])?.[0]?.path).toBe(
      '0.policy.kind',
    );
    expect(
      issues([
        { name: 'Review', role: 'reviewer', policy: { kind: 'all' } },
        { name: 'review', role: 'expert', policy: { kind: 'all' } },
      ]),
    ).toEqual([{ path: '1.name', message: 'tier name "review" is used twice' }]);
  });

  it('finds a tier by name, ignoring case and surrounding spaces', () => {
    expect(tierIndex(DEFAULT_TIERS, 'Expert')).toBe(1);
    expect(tierIndex(DEFAULT_TIERS, ' review ')).toBe(0);
    expect(tierIndex(DEFAULT_TIERS, 'board')).toBeNull();
  });

  it('lets reviewers work reviewer tiers, experts and managers every tier, annotators none', () => {
    const [review, expert] = DEFAULT_TIERS as [(typeof DEFAULT_TIERS)[0], (typeof DEFAULT_TIERS)[0]];
    const table = Object.fromEntries(
      PROJECT_ROLES.map((role) => [role, [canWorkTier(role, review), canWorkTier(role, expert)]]),
    );
    expect(table).toEqual({
      annotator: [false, false],
      reviewer: [true, false],
      expert: [true, true],
      manager: [true, true],
    });
  });
});
