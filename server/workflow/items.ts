import type { z } from 'zod';
import type { ItemPatchSchema } from '../../shared/review/api.ts';
import type { Actor } from '../auth/userCommands.ts';
import type { Ctx } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { notFound } from '../errors.ts';

/**
 * Sets an item's tags (which route it by skill) and priority (its place in the queues), with the
 * audit event, in one transaction. Returns what the item has now.
 */
export function patchItem(
  ctx: Ctx,
  actor: Actor,
  project: ProjectRecord,
  itemId: number,
  patch: z.output<typeof ItemPatchSchema>,
) {
  return ctx.db.transaction(() => {
    const tags = patch.tags && [...new Set(patch.tags)];
    ctx.items.patch(project.id, itemId, { tags, priority: patch.priority });
    const now = ctx.items.tagsAndPriority(itemId);
    if (!now) throw notFound('no such item');
    ctx.audit.record({
      actor: actor.username,
      action: 'item.update',
      projectId: project.id,
      target: String(itemId),
      detail: { ...patch, tags },
      ip: actor.ip,
    });
    return { id: itemId, ...now };
  })();
}
