import type { z } from 'zod';
import type { MyStatsSchema, SubmitResultSchema } from '../../shared/annotate.ts';
import type { LabelSchema } from '../../shared/labelSchema.ts';
import { type Labels, labelsSchemaFor, missingRequired } from '../../shared/labels.ts';
import type { Ctx } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { conflict, HttpError, notFound } from '../errors.ts';
import { iso, LEASE_LOST } from './queue.ts';

type SubmitResult = z.infer<typeof SubmitResultSchema>;
type MyStats = z.infer<typeof MyStatsSchema>;

/** Lead times the median in my stats is taken over. */
export const STATS_WINDOW = 200;

/**
 * The labels validator of a label schema, built once per distinct schema: building one costs
 * far more than using it (zod compiles it on first use), and drafts and submits arrive several
 * times a minute per annotator.
 */
const validators = new Map<string, ReturnType<typeof labelsSchemaFor>>();
export function labelsValidator(schema: LabelSchema) {
  const key = JSON.stringify(schema);
  let v = validators.get(key);
  if (!v) {
    if (validators.size >= 100) validators.clear();
    v = labelsSchemaFor(schema);
    validators.set(key, v);
  }
  return v;
}

export const stale = (version: number) =>
  conflict(`this annotation was changed elsewhere (version ${version}); reload to see it`, 'stale');

/**
 * Refuses a submit that leaves a required task unanswered, naming the tasks (400, id `required`,
 * field `labels.<first task>`).
 */
export function checkRequired(project: ProjectRecord, labels: Labels) {
  const missing = missingRequired(project.schema, labels);
  if (missing.length === 0) return;
  const names = missing.map((n) => `"${n}"`).join(', ');
  throw new HttpError(
    400,
    'required',
    `answer the required ${missing.length === 1 ? 'task' : 'tasks'} ${names} before submitting`,
    `labels.${missing[0]}`,
  );
}

/**
 * Submits my annotation (POST /api/items/:id/annotations) in one transaction: the first submit
 * creates version 1; an edit must name the current version and bumps it, else 409 `stale`. It
 * deletes my draft, releases my lease, records the lead time and, when the item has all the
 * annotations its overlap asks for, closes it: accepted with these labels as final at overlap 1,
 * submitted (for review to settle) above it. A lease that ran out still submits when the item
 * has a free slot; otherwise 409 `lease_lost`.
 */
export function submitAnnotation(
  ctx: Ctx,
  project: ProjectRecord,
  itemId: number,
  userId: number,
  input: { labels: Labels; lead_time_s: number; version?: number | undefined },
  now = Date.now(),
): SubmitResult {
  checkRequired(project, input.labels);
  const labels = JSON.stringify(input.labels);
  const at = iso(now);
  return ctx.db
    .transaction(() => {
      const a = ctx.queue.assignment(itemId, userId);
      if (!a) throw notFound('no such item in your queue');
      const prev = ctx.annotations.mine(itemId, userId);
      let result: SubmitResult;
      if (prev) {
        if (input.version !== prev.version) throw stale(prev.version);
        if (!ctx.annotations.update(prev.id, prev.version, labels, input.lead_time_s, at))
          throw stale(prev.version);
        ctx.queue.markSubmitted(itemId, userId, project.id, now, false);
        result = { annotationId: prev.id, version: prev.version + 1 };
      } else {
        const holdsSlot = a.state === 'leased';
        if (!holdsSlot) {
          const item = ctx.queue.item(itemId);
          const open = item && (item.status === 'new' || item.status === 'annotating');
          if (!open || item.assigned >= project.overlap) throw conflict(LEASE_LOST, 'lease_lost');
        }
        const id = ctx.annotations.insert({
          projectId: project.id,
          itemId,
          userId,
          labels,
          leadTimeS: input.lead_time_s,
          at,
        });
        ctx.queue.markSubmitted(itemId, userId, project.id, now, !holdsSlot);
        result = { annotationId: id, version: 1 };
      }
      const done = ctx.annotations.countForItem(itemId);
      if (done < project.overlap) ctx.queue.setOutcome(itemId, 'annotating', null);
      else if (project.overlap === 1) ctx.queue.setOutcome(itemId, 'accepted', labels);
      else ctx.queue.setOutcome(itemId, 'submitted', null);
      return result;
    })
    .immediate();
}

/** My numbers for the stats panel: submitted today (UTC), median lead time of my latest, total. */
export function myStats(ctx: Ctx, projectId: number, userId: number, now = Date.now()): MyStats {
  const midnight = new Date(now);
  midnight.setUTCHours(0, 0, 0, 0);
  const s = ctx.annotations.stats(projectId, userId, midnight.toISOString(), STATS_WINDOW);
  const times = s.leadTimes.filter((t): t is number => t !== null).sort((a, b) => a - b);
  const mid = times.length >> 1;
  const median =
    times.length === 0 ? null : times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  return { doneToday: s.doneSince, medianSeconds: median, total: s.total };
}
