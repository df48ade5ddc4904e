import { describe, expect, it } from 'vitest';
import { hash32, inSample, selects } from './sampling.ts';
import type { Tier } from './tiers.ts';

const ids = Array.from({ length: 20_000 }, (_, i) => i + 1);

describe('sampling', () => {
  it('is deterministic', () => {
    expect(hash32('Review\u000017')).toBe(hash32('Review\u000017'));
    const first = ids.slice(0, 500).map((id) => inSample(id, 'Spot', 30));
    expect(ids.slice(0, 500).map((id) => inSample(id, 'Spot', 30))).toEqual(first);
    // Numeric and string ids name the same item.
    expect(ids.slice(0, 500).map((id) => inSample(String(id), 'Spot', 30))).toEqual(first);
  });

  it('takes close to the asked share of sequential ids', () => {
    for (const percent of [1, 10, 25, 50, 90]) {
      const share = (ids.filter((id) => inSample(id, 'Spot', percent)).length / ids.length) * 100;
      // Binomial standard deviation at n = 20,000 is at most 0.35 points; allow about 4 of them.
      expect(Math.abs(share - percent)).toBeLessThan(1.5);
    }
  });

  it('never takes at 0 percent and always at 100', () => {
    expect(ids.some((id) => inSample(id, 'Spot', 0))).toBe(false);
    expect(ids.every((id) => inSample(id, 'Spot', 100))).toBe(true);
  });

  it('draws independently for tiers with different names', () => {
    const both = ids.filter((id) => inSample(id, 'Spot', 50) && inSample(id, 'Audit', 50)).length;
    expect(Math.abs((both / ids.length) * 100 - 25)).toBeLessThan(1.5);
  });

  it('a larger percent keeps every item a smaller one took', () => {
    expect(ids.filter((id) => inSample(id, 'Spot', 10) && !inSample(id, 'Spot', 20))).toEqual([]);
  });

  it('applies the tier policies', () => {
    const tier = (policy: Tier['policy']): Tier => ({ name: 'T', role: 'reviewer', policy });
    expect([selects(tier({ kind: 'all' }), 1, false), selects(tier({ kind: 'all' }), 1, true)]).toEqual([
      true,
      true,
    ]);
    expect([
      selects(tier({ kind: 'escalated' }), 1, false),
      selects(tier({ kind: 'escalated' }), 1, true),
    ]).toEqual([false, true]);
    const none = tier({ kind: 'sample', percent: 0 });
    expect([selects(none, 1, false), selects(none, 1, true)]).toEqual([false, true]);
    const half = tier({ kind: 'sample', percent: 50 });
    expect(ids.slice(0, 100).map((id) => selects(half, id, false))).toEqual(
      ids.slice(0, 100).map((id) => inSample(id, 'T', 50)),
    );
  });
});
