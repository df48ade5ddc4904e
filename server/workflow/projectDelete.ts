import type { ProjectDeleteCounts } from '../../shared/api.ts';
import type { Actor } from '../auth/userCommands.ts';
import type { Ctx } from '../context.ts';
import type { Db } from '../db/open.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { notFound } from '../errors.ts';
import { MediaFiles } from '../media/files.ts';

/**
 * Items per transaction, with everything that hangs off them. Measured on 100,000 items, each
 * with an annotation, an assignment and an event (half with a review): a batch holds the event
 * loop ~20 ms at 1,000 items, ~70 ms at 5,000, and the whole delete takes the same 1.2 s either way.
 */
export const DELETE_BATCH_ITEMS = 1000;
/** Media per transaction: each may be a file to remove from disk. */
export const DELETE_BATCH_MEDIA = 500;
/** Up to this many items the request waits for the delete (~0.1 s) and answers 200; above, 202. */
export const DELETE_WAIT_ITEMS = 10_000;

export interface BatchSizes {
  items: number;
  media: number;
}
const SIZES: BatchSizes = { items: DELETE_BATCH_ITEMS, media: DELETE_BATCH_MEDIA };

/** A finished delete: what went, as its audit entry records it. */
export interface ProjectDeleted extends ProjectDeleteCounts {
  id: number;
  name: string;
}

/** What one call of `deleteStep` did; `done` carries the result once the project row is gone. */
export type DeleteStep =
  | { phase: 'items' | 'media'; removed: Partial<ProjectDeleteCounts> }
  | { phase: 'done'; deleted: ProjectDeleted | null };

/** What deleting the project would remove now: the numbers the confirmation dialog shows. */
export function previewProjectDelete(ctx: Ctx, project: ProjectRecord): ProjectDeleteCounts {
  return ctx.projectDeletes.preview(project.id);
}

/**
 * The first transaction of a delete: the project disappears from every lookup (so every route
 * answers 404 from now on, for admins too), its members and queue hints go, and the delete is
 * journalled so that a crash before the last batch leaves it to be finished, not forgotten.
 */
export function beginProjectDelete(ctx: Ctx, actor: Actor, project: ProjectRecord) {
  ctx.db
    .transaction(() => {
      if (!ctx.projectDeletes.begin(project.id, actor.username, actor.ip ?? null)) {
        throw notFound('no such project');
      }
    })
    .immediate();
}

/**
 * One transaction of a delete under way: the next batch of items with their annotations,
 * reviews, leases, events and tags; once no item is left, the next batch of media links (a media
 * no other project links loses its row and its file); once none is left either, the project row
 * itself with the audit entry. Each batch is whole or not at all, so a crash anywhere leaves a
 * consistent database and calling this again goes on where it stopped.
 */
export function deleteStep(ctx: Ctx, projectId: number, sizes: BatchSizes = SIZES): DeleteStep {
  const store = ctx.projectDeletes;
  const items = ctx.db
    .transaction(() => {
      const lastId = store.batchEnd(projectId, sizes.items);
      if (lastId === null) return null;
      const removed = store.deleteItems(projectId, lastId);
      store.addCounts(projectId, removed);
      return removed;
    })
    .immediate();
  if (items) return { phase: 'items', removed: items };

  const files = new MediaFiles(ctx.config.dataDir);
  const media = ctx.db
    .transaction(() => {
      const batch = store.mediaBatch(projectId, sizes.media);
      if (batch.length === 0) return null;
      let mediaFiles = 0;
      for (const m of batch) {
        // Inside the transaction, after the row is gone: a crash before the commit brings the
        // row back with its file missing, and the next run removes the row again.
        if (!store.releaseMedia(projectId, m.id)) continue;
        files.removeSync(m.sha256);
        mediaFiles++;
      }
      store.addCounts(projectId, { mediaFiles });
      return { mediaFiles };
    })
    .immediate();
  if (media) return { phase: 'media', removed: media };

  return ctx.db
    .transaction((): DeleteStep => {
      // An import that was running into the project when it was hidden may have added more.
      if (store.hasLeftovers(projectId)) return { phase: 'items', removed: {} };
      const journal = store.journal(projectId);
      if (!journal || !store.finish(projectId)) return { phase: 'done', deleted: null };
      const counts: ProjectDeleteCounts = {
        items: journal.items,
        annotations: journal.annotations,
        reviews: journal.reviews,
        mediaFiles: journal.media_files,
      };
      ctx.audit.record({
        actor: journal.actor,
        action: 'project.delete',
        projectId,
        target: journal.name,
        detail: counts,
        ip: journal.ip,
      });
      return { phase: 'done', deleted: { id: projectId, name: journal.name, ...counts } };
    })
    .immediate();
}

/** Deletes under way in this process, so a second caller waits for the same run. */
const running = new WeakMap<Db, Map<number, Promise<ProjectDeleted | null>>>();

/**
 * Runs `deleteStep` until the project is gone, letting other requests in between batches
 * (setImmediate). Resolves with what went, or null when another run finished it.
 */
export function runProjectDelete(
  ctx: Ctx,
  projectId: number,
  opts: { sizes?: BatchSizes; onStep?: (step: DeleteStep) => void } = {},
): Promise<ProjectDeleted | null> {
  const runs = running.get(ctx.db) ?? new Map<number, Promise<ProjectDeleted | null>>();
  running.set(ctx.db, runs);
  const existing = runs.get(projectId);
  if (existing) return existing;
  const run = (async () => {
    for (;;) {
      const step = deleteStep(ctx, projectId, opts.sizes);
      opts.onStep?.(step);
      if (step.phase === 'done') return step.deleted;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })().finally(() => runs.delete(projectId));
  runs.set(projectId, run);
  return run;
}

/**
 * Deletes a project: hidden at once, its rows removed in batches. The returned run settles when
 * the last batch is done; `quick` says it is small enough (DELETE_WAIT_ITEMS) to wait for.
 */
export function deleteProject(ctx: Ctx, actor: Actor, project: ProjectRecord) {
  const quick = !ctx.projectDeletes.hasMoreItemsThan(project.id, DELETE_WAIT_ITEMS);
  beginProjectDelete(ctx, actor, project);
  return { quick, run: runProjectDelete(ctx, project.id) };
}

/**
 * Finishes the deletes a crash or a stop interrupted (server start). A failure is logged and
 * leaves the delete journalled for the next start or `gloss project delete`.
 */
export async function resumeProjectDeletes(ctx: Ctx): Promise<ProjectDeleted[]> {
  const done: ProjectDeleted[] = [];
  for (const projectId of ctx.projectDeletes.pending()) {
    try {
      const deleted = await runProjectDelete(ctx, projectId);
      if (deleted) done.push(deleted);
    } catch (e) {
      console.error(`[gloss] deleting project ${projectId} stopped; it goes on at the next start:`, e);
    }
  }
  return done;
}
