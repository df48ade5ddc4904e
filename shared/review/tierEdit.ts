import { z } from 'zod';
import { type Tier, TiersSchema } from './tiers.ts';

/**
 * What an edit of a project's tiers does to one tier of the old list, and so to the items
 * waiting at it. Tiers have no ids, so identity is by name: a tier whose name (ignoring case) is
 * still in the list is the same tier, wherever it moved (`kept`). A tier whose name is gone, at
 * a position where the new list has a tier with a name the old list did not have, was `renamed`:
 * it is the same tier under a new name and keeps its items. Any other tier whose name is gone was
 * `removed`: its items move to the tier now at its position (the last one when the list got
 * shorter), or are accepted when no tier is left. `to` is the position in the new list.
 */
export type TierFate =
  | { change: 'kept'; to: number }
  | { change: 'renamed'; to: number }
  | { change: 'removed'; to: number | null };

const key = (t: Tier) => t.name.toLowerCase();

/** Where the items of a removed tier at `index` go: the new tier there, else the last, else none. */
export function replacementTier(index: number, after: readonly Tier[]): number | null {
  return after.length === 0 ? null : Math.min(index, after.length - 1);
}

/** The fate of each tier of `before` (by position) when the tiers become `after`. */
export function planTierEdit(before: readonly Tier[], after: readonly Tier[]): TierFate[] {
  const wasNamed = new Set(before.map(key));
  const nowAt = new Map(after.map((t, i) => [key(t), i]));
  return before.map((tier, i): TierFate => {
    const kept = nowAt.get(key(tier));
    if (kept !== undefined) return { change: 'kept', to: kept };
    const there = after[i];
    if (there && !wasNamed.has(key(there))) return { change: 'renamed', to: i };
    return { change: 'removed', to: replacementTier(i, after) };
  });
}

/**
 * The fate of the items at tier `index` of `before`. An index past the old list is a tier that
 * was already gone (items stranded by an edit made before edits moved items): treated as removed.
 */
export function fateAt(plan: readonly TierFate[], index: number, after: readonly Tier[]): TierFate {
  return plan[index] ?? { change: 'removed', to: replacementTier(index, after) };
}

/** Body of `POST /api/projects/:id/tiers/preview`: the tiers the manager is about to save. */
export const TierEditPreviewBodySchema = z.strictObject({ tiers: TiersSchema });

/** A tier an edit removes or renames, and the items at it. */
export const TierMoveSchema = z.object({
  /** The tier's name before the edit. */
  from: z.string(),
  change: z.enum(['removed', 'renamed']),
  /**
   * Removed: the tier its items move to, null when no tier is left (waiting items are then
   * accepted). Renamed: its new name.
   */
  to: z.string().nullable(),
  /** Items waiting for a decision at the tier (leased to a reviewer or not). */
  waiting: z.number().int(),
  /** Items a reviewer there sent back to their annotators; a fix returns to `to`. */
  rejected: z.number().int(),
});
export type TierMove = z.infer<typeof TierMoveSchema>;

/** Reply of the preview, and the `tierMoves` of the `project.update` audit entry. */
export const TierEditPreviewSchema = z.object({ moves: z.array(TierMoveSchema) });

/** Items waiting at, and sent back from, the tier at `tier` (an index of the old list). */
export interface TierCount {
  tier: number;
  waiting: number;
  rejected: number;
}

/**
 * The removed and renamed tiers of an edit with their items, in the order of the old list; a
 * removed tier is listed even when empty (the editor says so), and so is any tier already gone
 * that still holds items (named by its position).
 */
export function tierMoves(
  before: readonly Tier[],
  after: readonly Tier[],
  counts: readonly TierCount[],
): TierMove[] {
  const plan = planTierEdit(before, after);
  const at = new Map(counts.map((c) => [c.tier, c]));
  const gone = counts.filter((c) => c.tier >= before.length).map((c) => c.tier);
  const indices = [...before.keys(), ...gone.sort((a, b) => a - b)];
  const moves: TierMove[] = [];
  for (const i of indices) {
    const fate = fateAt(plan, i, after);
    if (fate.change === 'kept') continue;
    const n = at.get(i);
    moves.push({
      from: before[i]?.name ?? `tier ${i + 1}`,
      change: fate.change,
      to: fate.to === null ? null : after[fate.to]!.name,
      waiting: n?.waiting ?? 0,
      rejected: n?.rejected ?? 0,
    });
  }
  return moves;
}
