import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fateAt, planTierEdit, replacementTier, tierMoves } from './tierEdit.ts';
import type { Tier } from './tiers.ts';

const tier = (name: string): Tier => ({ name, role: 'reviewer', policy: { kind: 'all' } });
const tiers = (...names: string[]) => names.map(tier);

describe('planTierEdit', () => {
  it('keeps every tier when nothing changes, and follows a tier that moved', () => {
    expect(planTierEdit(tiers('A', 'B'), tiers('A', 'B'))).toEqual([
      { change: 'kept', to: 0 },
      { change: 'kept', to: 1 },
    ]);
    expect(planTierEdit(tiers('A', 'B'), tiers('B', 'A'))).toEqual([
      { change: 'kept', to: 1 },
      { change: 'kept', to: 0 },
    ]);
    expect(planTierEdit(tiers('A', 'B'), tiers('A', 'New', 'B'))).toEqual([
      { change: 'kept', to: 0 },
      { change: 'kept', to: 2 },
    ]);
  });

  it('matches names ignoring case, as tier names are unique that way', () => {
    expect(planTierEdit(tiers('Review'), tiers('review'))).toEqual([{ change: 'kept', to: 0 }]);
  });

  it('takes a new name at the same position for a rename: the tier keeps its items', () => {
    expect(planTierEdit(tiers('Review', 'Expert'), tiers('Review', 'Senior'))).toEqual([
      { change: 'kept', to: 0 },
      { change: 'renamed', to: 1 },
    ]);
  });

  it('moves the items of a removed tier to the tier now at its position', () => {
    expect(planTierEdit(tiers('A', 'B', 'C'), tiers('A', 'C'))).toEqual([
      { change: 'kept', to: 0 },
      { change: 'removed', to: 1 },
      { change: 'kept', to: 1 },
    ]);
    expect(planTierEdit(tiers('A', 'B'), tiers('B'))).toEqual([
      { change: 'removed', to: 0 },
      { change: 'kept', to: 0 },
    ]);
    // The tier at that position is an old one that moved there: still the one that takes over.
    expect(planTierEdit(tiers('A', 'B'), tiers('C', 'A'))).toEqual([
      { change: 'kept', to: 1 },
      { change: 'removed', to: 1 },
    ]);
  });

  it('moves them to the last tier when the list got shorter, and nowhere when none is left', () => {
    expect(planTierEdit(tiers('Review', 'Expert'), tiers('Review'))).toEqual([
      { change: 'kept', to: 0 },
      { change: 'removed', to: 0 },
    ]);
    expect(planTierEdit(tiers('A', 'B'), tiers('X'))).toEqual([
      { change: 'renamed', to: 0 },
      { change: 'removed', to: 0 },
    ]);
    expect(planTierEdit(tiers('A', 'B'), [])).toEqual([
      { change: 'removed', to: null },
      { change: 'removed', to: null },
    ]);
  });

  it('treats a tier already gone (past the old list) as removed', () => {
    const after = tiers('A', 'B');
    const plan = planTierEdit(tiers('A'), after);
    expect(fateAt(plan, 0, after)).toEqual({ change: 'kept', to: 0 });
    expect(fateAt(plan, 3, after)).toEqual({ change: 'removed', to: 1 });
    expect(fateAt([], 0, [])).toEqual({ change: 'removed', to: null });
    expect(replacementTier(0, after)).toBe(0);
  });

  it('always lands on a tier of the new list, or on none only when the list is empty', () => {
    const names = fc.uniqueArray(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'a', 'b'), {
      maxLength: 6,
      selector: (n) => n.toLowerCase(),
    });
    fc.assert(
      fc.property(names, names, (before, after) => {
        const plan = planTierEdit(tiers(...before), tiers(...after));
        expect(plan).toHaveLength(before.length);
        const was = before.map((n) => n.toLowerCase());
        const now = after.map((n) => n.toLowerCase());
        plan.forEach((fate, i) => {
          if (fate.change !== 'kept') expect(now).not.toContain(was[i]);
          if (fate.to === null) {
            expect(now).toEqual([]);
            return;
          }
          expect(fate.to).toBeGreaterThanOrEqual(0);
          expect(fate.to).toBeLessThan(now.length);
          if (fate.change === 'kept') expect(now[fate.to]).toBe(was[i]);
          if (fate.change === 'renamed') {
            expect(fate.to).toBe(i);
            expect(was).not.toContain(now[i]);
          }
          if (fate.change === 'removed') expect(fate.to).toBe(Math.min(i, now.length - 1));
        });
        // No two old tiers become the same tier unless one of them was removed.
        const kept = plan.filter((f) => f.change !== 'removed').map((f) => f.to);
        expect(new Set(kept).size).toBe(kept.length);
      }),
    );
  });
});

describe('tierMoves', () => {
  it('lists removed and renamed tiers with their items, in the order of the old list', () => {
    const counts = [
      { tier: 0, waiting: 4, rejected: 0 },
      { tier: 1, waiting: 3, rejected: 1 },
      { tier: 2, waiting: 0, rejected: 2 },
    ];
    expect(tierMoves(tiers('Review', 'Expert', 'Board'), tiers('Check', 'Review'), counts)).toEqual([
      { from: 'Expert', change: 'removed', to: 'Review', waiting: 3, rejected: 1 },
      { from: 'Board', change: 'removed', to: 'Review', waiting: 0, rejected: 2 },
    ]);
    expect(tierMoves(tiers('Review', 'Expert'), tiers('Review', 'Senior'), counts.slice(0, 2))).toEqual([
      { from: 'Expert', change: 'renamed', to: 'Senior', waiting: 3, rejected: 1 },
    ]);
    expect(tierMoves(tiers('Review', 'Expert'), [], [])).toEqual([
      { from: 'Review', change: 'removed', to: null, waiting: 0, rejected: 0 },
      { from: 'Expert', change: 'removed', to: null, waiting: 0, rejected: 0 },
    ]);
    expect(tierMoves(tiers('Review'), tiers('Review'), counts.slice(0, 1))).toEqual([]);
  });

  it('names a tier already gone that still holds items by its position', () => {
    expect(tierMoves(tiers('Review'), tiers('Review'), [{ tier: 2, waiting: 5, rejected: 0 }])).toEqual([
      { from: 'tier 3', change: 'removed', to: 'Review', waiting: 5, rejected: 0 },
    ]);
  });
});
