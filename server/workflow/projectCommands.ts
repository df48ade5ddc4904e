import type { z } from 'zod';
import type { Project, ProjectCreateSchema, ProjectPatchSchema } from '../../shared/api.ts';
import { completeSchema } from '../../shared/labelSchema.ts';
import type { ProjectRole } from '../../shared/permissions.ts';
import { fateAt, planTierEdit, type TierMove, tierMoves } from '../../shared/review/tierEdit.ts';
import { DEFAULT_TIERS, type Tier } from '../../shared/review/tiers.ts';
import type { Actor } from '../auth/userCommands.ts';
import type { Ctx } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { notFound } from '../errors.ts';
import { unreviewedResult } from './annotations.ts';
import { run, saveState, stateOf, tierNameOf, tiersOf } from './review.ts';

export function presentProject(ctx: Ctx, p: ProjectRecord, myRole: ProjectRole | null): Project {
  return { ...p, myRole, counts: ctx.projects.counts(p.id) };
}

/**
 * Creates a project; colours and hotkeys left out of the schema are assigned here, and review
 * tiers left out get the default two (an empty list asks for no review).
 */
export function createProject(
  ctx: Ctx,
  actor: Actor & { userId: number | null },
  input: z.output<typeof ProjectCreateSchema>,
): ProjectRecord {
  return ctx.db.transaction(() => {
    const p = ctx.projects.create({
      ...input,
      schema: completeSchema(input.schema),
      settings: { ...input.settings, tiers: input.settings.tiers ?? DEFAULT_TIERS },
      createdBy: actor.userId,
    });
    ctx.audit.record({
      actor: actor.username,
      action: 'project.create',
      projectId: p.id,
      target: p.name,
      ip: actor.ip,
    });
    return p;
  })();
}

/** What a tier edit would do: the removed and renamed tiers, with the items at each. */
export function previewTierEdit(ctx: Ctx, project: ProjectRecord, tiers: readonly Tier[]): TierMove[] {
  return tierMoves(tiersOf(project), tiers, ctx.reviews.tierCounts(project.id));
}

/**
 * Moves the items of the tiers an edit from `before` to `after` removes (`planTierEdit`), each
 * through the state machine, with a timeline event; items at a tier that only changed position
 * are renumbered with their leases, and so is every item's record of the tiers it reached. A
 * moved item's review lease is released: whoever held it was reviewing at a tier that is gone.
 * Runs inside the settings change's transaction; returns what moved, for its audit entry.
 */
function moveItemsOfEditedTiers(
  ctx: Ctx,
  project: ProjectRecord,
  userId: number | null,
  before: readonly Tier[],
  after: readonly Tier[],
  now: number,
): TierMove[] {
  const counts = ctx.reviews.tierCounts(project.id);
  const plan = planTierEdit(before, after);
  // Read every batch before writing any: an item moved to position 1 must not be moved again
  // as one of the items of the old tier 1.
  const batches = counts
    .map(({ tier: from }) => ({ from, fate: fateAt(plan, from, after) }))
    .filter(({ from, fate }) => fate.change === 'removed' || fate.to !== from)
    .map((b) => ({ ...b, rows: ctx.reviews.atTier(project.id, b.from) }));

  const reachedTo = plan.map((f) => (f.change === 'removed' ? null : f.to));
  if (reachedTo.some((to, i) => to !== i)) ctx.reviews.remapReached(project.id, reachedTo);

  for (const { from, fate, rows } of batches) {
    const name = before[from]?.name ?? `tier ${from + 1}`;
    for (const row of rows) {
      const r = run(stateOf(row), { type: 'retier', to: fate.to }, project, row.id, after);
      saveState(ctx, row, r.state);
      if (fate.change !== 'removed') {
        ctx.reviews.moveLease(row.id, fate.to);
        continue;
      }
      ctx.reviews.dropLease(row.id);
      if (r.state.status === 'accepted') {
        ctx.reviews.setFinal(row.id, row.final_labels ?? unreviewedResult(ctx.annotations.ofItem(row.id)));
      }
      const gone = `the tier "${name}" was removed`;
      ctx.reviews.event({
        itemId: row.id,
        projectId: project.id,
        userId,
        kind: 'tier-move',
        tier: tierNameOf(r.state, after),
        comment:
          fate.to !== null
            ? gone
            : r.state.status === 'accepted'
              ? `${gone} and no tier is left: accepted`
              : `${gone} and no tier is left: accepted once fixed`,
        at: now,
      });
    }
  }
  return tierMoves(before, after, counts);
}

/**
 * Changes a project's settings, in one transaction with its audit entry. A change of the review
 * tiers moves the items of every tier it removes in the same transaction (`moveItemsOfEditedTiers`),
 * and the audit entry lists the removed and renamed tiers with the items at each.
 */
export function updateProject(
  ctx: Ctx,
  actor: Actor & { userId: number | null },
  project: ProjectRecord,
  patch: z.output<typeof ProjectPatchSchema>,
  now = Date.now(),
): ProjectRecord {
  return ctx.db
    .transaction(() => {
      // Read again inside the transaction: the settings merged with and the tiers moved from
      // are the ones stored, not those of a request that loaded the project a moment ago.
      const stored = ctx.projects.byId(project.id) ?? project;
      ctx.projects.update(project.id, {
        ...patch,
        schema: patch.schema && completeSchema(patch.schema),
        settings: patch.settings && { ...stored.settings, ...patch.settings },
      });
      const moves = patch.settings?.tiers
        ? moveItemsOfEditedTiers(ctx, stored, actor.userId, tiersOf(stored), patch.settings.tiers, now)
        : [];
      const action =
        patch.archived === true
          ? 'project.archive'
          : patch.archived === false
            ? 'project.unarchive'
            : 'project.update';
      ctx.audit.record({
        actor: actor.username,
        action,
        projectId: project.id,
        target: project.name,
        detail: { fields: Object.keys(patch), ...(moves.length ? { tierMoves: moves } : {}) },
        ip: actor.ip,
      });
      return ctx.projects.byId(project.id)!;
    })
    .immediate();
}

export function setMember(
  ctx: Ctx,
  actor: Actor,
  project: ProjectRecord,
  username: string,
  role: ProjectRole,
) {
  const user = ctx.users.byName(username);
  if (!user) throw notFound('no such user');
  ctx.db.transaction(() => {
    const before = ctx.projects.roleOf(project.id, user.id);
    ctx.projects.setMember(project.id, user.id, role);
    ctx.audit.record({
      actor: actor.username,
      action: before ? 'member.role' : 'member.add',
      projectId: project.id,
      target: user.username,
      detail: { role, before },
      ip: actor.ip,
    });
  })();
}

export function removeMember(ctx: Ctx, actor: Actor, project: ProjectRecord, username: string) {
  const user = ctx.users.byName(username);
  if (!user) throw notFound('no such user');
  ctx.db.transaction(() => {
    if (!ctx.projects.removeMember(project.id, user.id)) throw notFound('not a member');
    ctx.audit.record({
      actor: actor.username,
      action: 'member.remove',
      projectId: project.id,
      target: user.username,
      ip: actor.ip,
    });
  })();
}
