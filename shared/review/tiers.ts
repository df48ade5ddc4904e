import { z } from 'zod';
import type { ProjectRole } from '../permissions.ts';

/** Project roles that can work a review tier. */
export const TIER_ROLES = ['reviewer', 'expert'] as const;

/** Which items a tier reviews. */
export const TierPolicySchema = z.discriminatedUnion('kind', [
  /** Every item that reaches the tier. */
  z.strictObject({ kind: z.literal('all') }),
  /**
   * A fixed random share of the items, in percent, plus every escalated item. The draw is a hash
   * of item id and tier name, so it is reproducible (and changes if the tier is renamed).
   */
  z.strictObject({
    kind: z.literal('sample'),
    percent: z.number().min(0, 'a sample is 0 to 100 percent').max(100, 'a sample is 0 to 100 percent'),
  }),
  /** Only items a lower tier escalated, or whose annotators disagreed beyond the project threshold. */
  z.strictObject({ kind: z.literal('escalated') }),
]);
export type TierPolicy = z.infer<typeof TierPolicySchema>;

/** One review level of a project (handbook section 3, "Item life"). */
export const TierSchema = z.strictObject({
  /** Shown in the UI and used as `?tier=NAME`; unique in the project, ignoring case. */
  name: z.string().trim().min(1, 'a tier needs a name').max(40),
  /** Who works it: reviewers work reviewer tiers; experts work every tier. */
  role: z.enum(TIER_ROLES),
  policy: TierPolicySchema,
  /**
   * Skill routing: when true, an item with tags reaches only reviewers who have one of those
   * tags among their skills (items without tags reach everyone).
   */
  matchSkills: z.boolean().optional(),
});
export type Tier = z.infer<typeof TierSchema>;

/** Tiers a project may have (the items table keeps one bit per tier reached). */
export const MAX_TIERS = 10;

/**
 * A project's tiers, lowest first; an item climbs them in order. An empty list means no review:
 * items are accepted as soon as they have their annotations.
 */
export const TiersSchema = z
  .array(TierSchema)
  .max(MAX_TIERS, `at most ${MAX_TIERS} review tiers`)
  .superRefine((tiers, ctx) => {
    const seen = new Set<string>();
    tiers.forEach((tier, i) => {
      const key = tier.name.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `tier name "${tier.name}" is used twice`,
        });
      }
      seen.add(key);
    });
  });

/** Review every item, then an expert looks at the escalated ones. */
export const DEFAULT_TIERS: Tier[] = TiersSchema.parse([
  { name: 'Review', role: 'reviewer', policy: { kind: 'all' } },
  { name: 'Expert', role: 'expert', policy: { kind: 'escalated' } },
]);

/** Position of the tier called `name` (ignoring case, as names are unique that way), or null. */
export function tierIndex(tiers: readonly Tier[], name: string): number | null {
  const key = name.trim().toLowerCase();
  const i = tiers.findIndex((t) => t.name.toLowerCase() === key);
  return i < 0 ? null : i;
}

/**
 * Whether a project role may take decisions at a tier: reviewers at reviewer tiers, experts at
 * every tier (they can act on lower tiers), managers everywhere, annotators nowhere.
 */
export function canWorkTier(role: ProjectRole, tier: Tier): boolean {
  switch (role) {
    case 'manager':
    case 'expert':
      return true;
    case 'reviewer':
      return tier.role === 'reviewer';
    case 'annotator':
      return false;
  }
}
