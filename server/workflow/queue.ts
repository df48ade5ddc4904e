import type { z } from 'zod';
import type { HistoryEntrySchema, Prediction, WorkItem } from '../../shared/annotate.ts';
import type { Labels } from '../../shared/labels.ts';
import type { Ctx } from '../context.ts';
import type { AnnotationRow } from '../db/stores/annotations.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { type AssignmentRow, type QueueItemRow, type QueueKey, skillSet } from '../db/stores/queue.ts';
import { conflict, notFound } from '../errors.ts';

/** Leases one annotator may hold per project: the item on screen and the prefetched one. */
export const MAX_LEASES = 2;
/** Queue entries read from the front before the walk jumps to the annotator's hint. */
export const FRONT_WINDOW = 32;
/**
 * How long a hint is trusted. Items can move into the stretch a hint jumps over (a priority
 * raised, a lease elsewhere moving an item up); past this age the walk re-reads that stretch once.
 */
export const HINT_TTL_MS = 2 * 60_000;

const NOT_YOURS = 'no such item in your queue';
export const LEASE_LOST =
  'your lease on this item ran out and it went to someone else; your draft is kept in your browser';

export const iso = (ms: number) => new Date(ms).toISOString();
const leaseMs = (project: ProjectRecord) => project.settings.leaseMinutes * 60_000;
const isOpen = (item: QueueItemRow) => item.status === 'new' || item.status === 'annotating';

/** Strictly before in queue order: more assigned, then higher priority, then older. */
function before(a: QueueKey, b: QueueKey) {
  if (a.assigned !== b.assigned) return a.assigned > b.assigned;
  if (a.priority !== b.priority) return a.priority > b.priority;
  return a.id < b.id;
}
const keyOf = (e: QueueKey): QueueKey => ({ assigned: e.assigned, priority: e.priority, id: e.id });

/** A user's skills in the form the queue statements search (see `skillSet`). */
function skillsOf(ctx: Ctx, userId: number): string {
  const user = ctx.users.byId(userId);
  return skillSet(user ? (JSON.parse(user.skills) as string[]) : []);
}

/**
 * Whether this pick should serve a gold item: with probability `goldRate` percent. Gold items are
 * served by their own index, each to every annotator once, outside the overlap count.
 */
function wantsGold(project: ProjectRecord, random: () => number): boolean {
  const rate = project.settings.goldRate ?? 0;
  return rate > 0 && random() * 100 < rate;
}

/**
 * Finds the first open item in queue order that I have not touched, without leasing it; runs
 * inside the caller's immediate transaction. `examined` counts queue entries read. With the
 * project's skill routing on, a tagged item none of whose tags is one of my skills counts as
 * touched, so the walk and its hint pass over it the same way.
 *
 * The entries I already touched (skipped, submitted while others still owe theirs, or held) sit
 * in the same index as everyone's work, often right at its front. The walk reads at most
 * FRONT_WINDOW of them from the front; past that it resumes from my hint, the key where my last
 * long walk found nothing but my own entries, so each of those is read once per HINT_TTL_MS
 * rather than on every call. When the walk from the hint reaches the end of the queue, the
 * stretch the hint jumped over is read once more before answering "nothing left for you".
 */
export function pick(
  ctx: Ctx,
  project: ProjectRecord,
  userId: number,
  now: number,
): { id: number | null; examined: number } {
  const q = ctx.queue;
  const skills = project.settings.annotatorsMatchSkills ? skillsOf(ctx, userId) : null;
  let examined = 0;
  let front: QueueKey | null = null;
  for (const e of q.walk(project.id, userId, project.overlap, null, skills)) {
    examined++;
    if (!e.mine) return { id: e.id, examined };
    front = keyOf(e);
    if (examined >= FRONT_WINDOW) break;
  }
  if (!front || examined < FRONT_WINDOW) return { id: null, examined };

  const hint = q.hint(project.id, userId);
  const trusted = hint && now - hint.createdAt < HINT_TTL_MS && before(front, hint) ? hint : null;
  const start = trusted ?? front;
  let last = start;
  let id: number | null = null;
  for (const e of q.walk(project.id, userId, project.overlap, start, skills)) {
    examined++;
    if (!e.mine) {
      id = e.id;
      break;
    }
    last = keyOf(e);
  }
  // The walk must be closed before writing: a connection runs one statement at a time.
  if (id !== null) {
    if (last !== start) q.setHint(project.id, userId, last, trusted?.createdAt ?? now);
    return { id, examined };
  }
  if (trusted) {
    for (const e of q.walk(project.id, userId, project.overlap, front, skills)) {
      if (!before(e, trusted)) break;
      examined++;
      if (!e.mine) {
        id = e.id;
        break;
      }
    }
  }
  q.dropHint(project.id, userId);
  return { id, examined };
}

/**
 * My next item (GET /api/projects/:id/next): my oldest held item (live lease, then an item a
 * reviewer returned) other than `exclude`, else a newly leased one: at the project's gold rate a
 * gold item I have not had, else the queue's next. With `prefetch` it is the item after that
 * one, leasing what is needed. Expired leases of the project go back to the pool first. Pick and
 * lease happen in one BEGIN IMMEDIATE transaction, so two requests (or two processes on the same
 * file) racing for the last free slot cannot both win it.
 */
export function nextItem(
  ctx: Ctx,
  project: ProjectRecord,
  userId: number,
  opts: { prefetch?: boolean | undefined; exclude?: number | undefined },
  now = Date.now(),
  random: () => number = Math.random,
): WorkItem | null {
  if (project.archived) return null;
  const until = now + leaseMs(project);
  const want = opts.prefetch ? 2 : 1;
  const chosen = ctx.db
    .transaction(() => {
      ctx.queue.reclaimExpired(project.id, now);
      const held = ctx.queue.held(project.id, userId);
      const work = held.map((a) => a.item_id).filter((id) => id !== opts.exclude);
      const fromHeld = work.length;
      let leases = held.filter((a) => a.state === 'leased').length;
      while (work.length < want && leases < MAX_LEASES) {
        const gold = wantsGold(project, random) ? ctx.queue.pickGold(project.id, userId) : undefined;
        const id = gold ?? pick(ctx, project, userId, now).id;
        if (id === null) break;
        ctx.queue.lease(id, userId, project.id, now, until);
        work.push(id);
        leases++;
      }
      const id = work[want - 1];
      if (id === undefined) return null;
      // Handing out a lease I already hold again means I am on it: it runs from now.
      if (want <= fromHeld) ctx.queue.renew(id, userId, until);
      return id;
    })
    .immediate();
  return chosen === null ? null : workItem(ctx, chosen, userId);
}

/**
 * An item as its annotator sees it: data, predictions, my draft and my annotation, and the
 * reviewer's comment when it came back rejected. Never whether it is a gold item.
 */
export function workItem(ctx: Ctx, itemId: number, userId: number): WorkItem {
  const item = ctx.queue.item(itemId);
  const a = ctx.queue.assignment(itemId, userId);
  if (!item || !a) throw notFound(NOT_YOURS);
  const ann = ctx.annotations.mine(itemId, userId);
  const rejected = a.state === 'returned' && ann ? ctx.reviews.rejection(ann.id) : undefined;
  const rejection = rejected
    ? { comment: rejected.comment ?? '', by: rejected.username, at: rejected.created_at }
    : null;
  return presentWorkItem(item, a, ann, rejection);
}

function presentWorkItem(
  item: QueueItemRow,
  a: AssignmentRow,
  ann: AnnotationRow | undefined,
  rejection: WorkItem['rejection'],
): WorkItem {
  return {
    id: item.id,
    extId: item.ext_id,
    projectId: item.project_id,
    kind: item.kind,
    data: JSON.parse(item.data) as WorkItem['data'],
    meta: item.meta ? (JSON.parse(item.meta) as Record<string, unknown>) : null,
    predictions: item.predictions ? (JSON.parse(item.predictions) as Prediction[]) : [],
    draft:
      a.draft !== null
        ? { labels: JSON.parse(a.draft) as Labels, savedAt: iso(a.draft_at ?? a.updated_at) }
        : null,
    annotation: ann
      ? {
          id: ann.id,
          labels: JSON.parse(ann.labels) as Labels,
          version: ann.version,
          submittedAt: ann.submitted_at,
        }
      : null,
    leaseUntil: a.state === 'leased' && a.lease_until !== null ? iso(a.lease_until) : null,
    rejection,
  };
}

/**
 * Whether the item can take one more annotator right now (read inside the transaction); a gold
 * item always can, as every annotator gets it once.
 */
function hasRoom(ctx: Ctx, project: ProjectRecord, itemId: number) {
  const item = ctx.queue.item(itemId);
  return !!item && (item.gold === 1 || (isOpen(item) && item.assigned < project.overlap));
}

/**
 * Saves my draft (PUT /api/items/:id/draft) and extends my lease. A lease that ran out and was
 * reclaimed is taken again when the item still has room and I hold fewer than MAX_LEASES;
 * otherwise the draft is still kept (a submit will say whether the slot can be had).
 */
export function saveDraft(
  ctx: Ctx,
  project: ProjectRecord,
  itemId: number,
  userId: number,
  labels: Labels,
  now = Date.now(),
) {
  const until = now + leaseMs(project);
  ctx.db
    .transaction(() => {
      const a = ctx.queue.assignment(itemId, userId);
      if (!a) throw notFound(NOT_YOURS);
      if (a.state === 'leased') ctx.queue.renew(itemId, userId, until);
      else if (a.state === 'expired' && hasRoom(ctx, project, itemId)) {
        const live = ctx.queue
          .held(project.id, userId)
          .filter((h) => h.state === 'leased' && (h.lease_until ?? 0) > now);
        if (live.length < MAX_LEASES) ctx.queue.lease(itemId, userId, project.id, now, until);
      }
      ctx.queue.saveDraft(itemId, userId, JSON.stringify(labels), now);
      ctx.reviews.draftEvent(itemId, project.id, userId, now);
    })
    .immediate();
}

/** POST /api/items/:id/skip: releases my lease and never hands me this item again. */
export function skipItem(
  ctx: Ctx,
  project: ProjectRecord,
  itemId: number,
  userId: number,
  reason: string | null,
  now = Date.now(),
) {
  ctx.db
    .transaction(() => {
      const a = ctx.queue.assignment(itemId, userId);
      if (!a) throw notFound(NOT_YOURS);
      if (a.state === 'submitted' || a.state === 'returned')
        throw conflict('you already submitted this item; edit it instead of skipping', 'submitted');
      ctx.queue.skip(itemId, userId, project.id, reason, now, a.state === 'leased');
      ctx.reviews.event({ itemId, projectId: project.id, userId, kind: 'skip', comment: reason, at: now });
    })
    .immediate();
}

type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** My recent items, newest first: submitted, skipped, or held with a draft. */
export function myHistory(ctx: Ctx, projectId: number, userId: number, limit: number): HistoryEntry[] {
  return ctx.queue.history(projectId, userId, limit).map((r) => ({
    itemId: r.item_id,
    extId: r.ext_id,
    preview: r.preview ?? '',
    state: r.state === 'submitted' || r.state === 'skipped' ? r.state : 'draft',
    at: iso(r.updated_at),
  }));
}
