import type { z } from 'zod';
import { itemAgreement } from '../../shared/agreement/index.ts';
import type { MyStatsSchema, SubmitResultSchema } from '../../shared/annotate.ts';
import type { LabelSchema } from '../../shared/labelSchema.ts';
import { type Labels, labelsSchemaFor, missingRequired } from '../../shared/labels.ts';
import type { Ctx } from '../context.ts';
import type { NamedAnnotationRow } from '../db/stores/annotations.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import type { ReviewItemRow } from '../db/stores/reviews.ts';
import { conflict, HttpError, notFound } from '../errors.ts';
import { iso, LEASE_LOST } from './queue.ts';
import { run, saveState, stateOf, tierNameOf, tiersOf } from './review.ts';

type SubmitResult = z.infer<typeof SubmitResultSchema>;
type MyStats = z.infer<typeof MyStatsSchema>;

/** Lead times the median in my stats is taken over. */
export const STATS_WINDOW = 200;

/**
 * The labels validator of a label schema, built once per schema object (the projects store hands
 * out one frozen object per distinct schema): building one costs far more than using it (zod
 * compiles it on first use), and drafts and submits arrive several times a minute per annotator.
 */
const validators = new WeakMap<LabelSchema, ReturnType<typeof labelsSchemaFor>>();
export function labelsValidator(schema: LabelSchema) {
  let v = validators.get(schema);
  if (!v) {
    v = labelsSchemaFor(schema);
    validators.set(schema, v);
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

/** Canonical JSON: the same labels give the same text whatever the order of their keys. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * The result of an item no review tier took: the annotators' labels when they all gave the same,
 * else none (the export still lists every annotation with the agreement).
 */
export function unreviewedResult(annotations: readonly NamedAnnotationRow[]): string | null {
  const first = annotations[0];
  if (!first) return null;
  const key = canonical(JSON.parse(first.labels));
  return annotations.every((a) => canonical(JSON.parse(a.labels)) === key) ? first.labels : null;
}

/**
 * A gold item's annotation is scored against the known answer (the mean agreement over the tasks
 * the answer covers, as `itemAgreement` scores two annotators), never reviewed: the first answer
 * closes the item with the known labels as its result (through the state machine, with no tiers),
 * and it stays in every other annotator's gold pool.
 */
function scoreGold(
  ctx: Ctx,
  project: ProjectRecord,
  item: ReviewItemRow,
  annotationId: number,
  username: string,
  labels: Labels,
) {
  const gold = JSON.parse(item.gold!) as Labels;
  // Only the tasks the known answer covers are scored: a gold item may check one task of many.
  const known = { ...project.schema, tasks: project.schema.tasks.filter((t) => Object.hasOwn(gold, t.name)) };
  const { score } = itemAgreement(known, [
    // Usernames have two characters at least, so the empty name cannot be an annotator's.
    { by: '', labels: gold },
    { by: username, labels },
  ]);
  ctx.annotations.setGoldScore(annotationId, score);
  const state = stateOf(item);
  if (state.status !== 'new' && state.status !== 'annotating') return;
  const r = run(state, { type: 'submit', by: username, count: 1, overlap: 1 }, project, item.id, []);
  saveState(ctx, item, r.state);
  ctx.reviews.setFinal(item.id, item.gold);
}

/**
 * Moves an item on after a submit, by the state machine: a first round that reaches the overlap
 * goes to the first tier whose policy takes it (escalated when the annotators agree less than
 * the threshold), or is accepted when none does; a fix of rejected work returns to the tier that
 * rejected it. An edit that is not such a submit leaves the item where it is, except that an item
 * no tier took gets its result worked out again.
 */
function settleSubmit(ctx: Ctx, project: ProjectRecord, item: ReviewItemRow, username: string, now: number) {
  const annotations = ctx.annotations.ofItem(item.id);
  const agreement =
    annotations.length >= 2
      ? itemAgreement(
          project.schema,
          annotations.map((a) => ({ by: a.username, labels: JSON.parse(a.labels) as Labels })),
        ).score
      : null;
  if (annotations.length >= 2) ctx.reviews.setAgreement(item.id, agreement);
  const state = stateOf(item);
  const moves =
    state.status === 'new' ||
    state.status === 'annotating' ||
    (state.status === 'rejected' && state.waitingOn.includes(username));
  if (!moves) {
    if (state.status === 'accepted') ctx.reviews.setFinal(item.id, unreviewedResult(annotations));
    return;
  }
  const count = annotations.filter((a) => a.status === 'submitted').length;
  const r = run(
    state,
    { type: 'submit', by: username, count, overlap: project.overlap, agreement },
    project,
    item.id,
  );
  saveState(ctx, item, r.state);
  if (r.state.status === 'accepted') ctx.reviews.setFinal(item.id, unreviewedResult(annotations));
  if (r.autoEscalated) {
    const threshold = project.settings.agreementThreshold ?? 0;
    ctx.reviews.event({
      itemId: item.id,
      projectId: project.id,
      userId: null,
      kind: 'auto-escalate',
      tier: tierNameOf(r.state, tiersOf(project)),
      comment: `agreement ${agreement?.toFixed(2)} is under the threshold ${threshold.toFixed(2)}`,
      at: now,
    });
  }
}

/**
 * Submits my annotation (POST /api/items/:id/annotations) in one transaction: the first submit
 * creates version 1; an edit must name the current version and bumps it, else 409 `stale`. It
 * deletes my draft, releases my lease, records the lead time and the timeline event, and moves
 * the item on (`settleSubmit`), or scores a gold item (`scoreGold`). A lease that ran out still
 * submits when the item has a free slot; otherwise 409 `lease_lost`. An item a reviewer already
 * accepted is final: editing it is 409 `final`.
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
  const username = ctx.users.byId(userId)!.username;
  return ctx.db
    .transaction(() => {
      const a = ctx.queue.assignment(itemId, userId);
      if (!a) throw notFound('no such item in your queue');
      const item = ctx.reviews.item(itemId)!;
      const gold = item.gold !== null;
      const prev = ctx.annotations.mine(itemId, userId);
      let result: SubmitResult;
      if (prev) {
        if (input.version !== prev.version) throw stale(prev.version);
        if (!gold && item.status === 'accepted' && ctx.reviews.ofItem(itemId).length > 0) {
          throw conflict('a reviewer accepted this item: its result is final', 'final');
        }
        if (!ctx.annotations.update(prev.id, prev.version, labels, input.lead_time_s, at))
          throw stale(prev.version);
        ctx.queue.markSubmitted(itemId, userId, project.id, now, false);
        result = { annotationId: prev.id, version: prev.version + 1 };
      } else {
        const holdsSlot = a.state === 'leased';
        if (!holdsSlot && !gold) {
          const open = item.status === 'new' || item.status === 'annotating';
          if (!open || ctx.queue.item(itemId)!.assigned >= project.overlap)
            throw conflict(LEASE_LOST, 'lease_lost');
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
      ctx.reviews.event({ itemId, projectId: project.id, userId, kind: 'submit', at: now });
      if (gold) scoreGold(ctx, project, item, result.annotationId, username, input.labels);
      else settleSubmit(ctx, project, item, username, now);
      return result;
    })
    .immediate();
}

/** The median of some numbers, null for none. */
export function median(values: readonly number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return null;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** My numbers for the stats panel: submitted today (UTC), median lead time of my latest, total. */
export function myStats(ctx: Ctx, projectId: number, userId: number, now = Date.now()): MyStats {
  const midnight = new Date(now);
  midnight.setUTCHours(0, 0, 0, 0);
  const s = ctx.annotations.stats(projectId, userId, midnight.toISOString(), STATS_WINDOW);
  const times = s.leadTimes.filter((t): t is number => t !== null);
  return { doneToday: s.doneSince, medianSeconds: median(times), total: s.total };
}
