import type { z } from 'zod';
import { itemAgreement } from '../../shared/agreement/index.ts';
import type { Labels } from '../../shared/labels.ts';
import type { ProjectRole } from '../../shared/permissions.ts';
import type { ReviewRecord, ReviewResultSchema, ReviewWork, TimelineEntry } from '../../shared/review/api.ts';
import type { ReviewDecision } from '../../shared/review/decision.ts';
import {
  canReview,
  decisionEvent,
  type ItemEvent,
  type ItemState,
  type TransitionErrorId,
  type TransitionResult,
  transition,
} from '../../shared/review/itemState.ts';
import { canWorkTier, type Tier, tierIndex } from '../../shared/review/tiers.ts';
import type { Ctx } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { skillSet } from '../db/stores/queue.ts';
import type { ReviewItemRow, ReviewRow } from '../db/stores/reviews.ts';
import type { UserRow } from '../db/stores/users.ts';
import { conflict, forbidden, HttpError, invalid, notFound } from '../errors.ts';
import { iso, MAX_LEASES } from './queue.ts';

type ReviewResult = z.infer<typeof ReviewResultSchema>;

/** The project's review tiers, lowest first; none (or an empty list) means no review. */
export const tiersOf = (project: ProjectRecord): Tier[] => project.settings.tiers ?? [];

/** An admin who is not a member acts with a manager's reach. */
const effectiveRole = (role: ProjectRole | null): ProjectRole => role ?? 'manager';

/** The item's state (shared/review/itemState.ts) as its row stores it. */
export function stateOf(
  row: Pick<ReviewItemRow, 'status' | 'tier' | 'escalated' | 'review_state'>,
): ItemState {
  const escalated = row.escalated === 1;
  switch (row.status) {
    case 'new':
      return { status: 'new' };
    // `submitted` is no longer stored (the submit transition routes on at once); rows from
    // before review tiers were migrated to accepted.
    case 'annotating':
    case 'submitted':
      return { status: 'annotating' };
    case 'in_review':
      return { status: 'in_review', tier: row.tier ?? 0, escalated };
    case 'rejected': {
      const { waitingOn } = JSON.parse(row.review_state ?? '{"waitingOn":[]}') as { waitingOn: string[] };
      return { status: 'rejected', tier: row.tier ?? 0, escalated, waitingOn };
    }
    case 'accepted':
      return { status: 'accepted' };
  }
}

/** Stores a state the state machine returned; `escalated` outlives review, as a record. */
export function saveState(ctx: Ctx, row: Pick<ReviewItemRow, 'id' | 'escalated'>, state: ItemState) {
  switch (state.status) {
    case 'in_review':
      ctx.reviews.saveState(row.id, { ...state, reviewState: null });
      return;
    case 'rejected':
      ctx.reviews.saveState(row.id, {
        status: 'rejected',
        tier: state.tier,
        escalated: state.escalated,
        reviewState: JSON.stringify({ waitingOn: state.waitingOn }),
      });
      return;
    default:
      ctx.reviews.saveState(row.id, {
        status: state.status,
        tier: null,
        escalated: row.escalated === 1,
        reviewState: null,
      });
  }
}

const TRANSITION_STATUS: Record<TransitionErrorId, number> = {
  item_complete: 409,
  not_yours: 409,
  bad_count: 400,
  unknown_tier: 409,
  not_in_review: 409,
  wrong_tier: 409,
  comment_required: 400,
  already_rejected: 409,
  last_tier: 400,
};

/** Runs the state machine; a refused event becomes an HTTP error with the machine's id. */
export function run(
  state: ItemState,
  event: ItemEvent,
  project: ProjectRecord,
  itemId: number,
  tiers: readonly Tier[] = tiersOf(project),
): Extract<TransitionResult, { ok: true }> {
  const r = transition(state, event, {
    tiers,
    itemId,
    agreementThreshold: project.settings.agreementThreshold ?? null,
  });
  if (!r.ok) throw new HttpError(TRANSITION_STATUS[r.error.id], r.error.id, r.error.message);
  return r;
}

/** The tier name an item waits at (or was rejected at), null once it is out of review. */
export function tierNameOf(state: ItemState, tiers: readonly Tier[]): string | null {
  return state.status === 'in_review' || state.status === 'rejected'
    ? (tiers[state.tier]?.name ?? null)
    : null;
}

/** The tier named in `?tier=`, and that the caller may work it. */
export function workableTier(project: ProjectRecord, role: ProjectRole | null, name: string) {
  const tiers = tiersOf(project);
  const index = tierIndex(tiers, name);
  if (index === null) throw invalid(`tier: this project has no review tier "${name}"`, 'tier');
  const tier = tiers[index]!;
  if (!canWorkTier(effectiveRole(role), tier)) {
    throw forbidden(`the "${tier.name}" tier is worked by ${tier.role}s and experts`);
  }
  return { tier, index };
}

export function presentReview(r: ReviewRow): ReviewRecord {
  return {
    id: r.id,
    annotationId: r.annotation_id,
    tier: r.tier_name,
    by: r.username,
    decision: r.decision,
    comment: r.comment,
    labels: r.labels === null ? null : (JSON.parse(r.labels) as Labels),
    at: r.created_at,
  };
}

/** What a reviewer sees of an item: every annotation, their agreement, earlier decisions. */
export function reviewWork(
  ctx: Ctx,
  project: ProjectRecord,
  itemId: number,
  tier: Tier,
  leaseUntil: string,
): ReviewWork {
  const item = ctx.reviews.item(itemId)!;
  const annotations = ctx.annotations.ofItem(itemId).map((a) => ({
    id: a.id,
    by: a.username,
    labels: JSON.parse(a.labels) as Labels,
    version: a.version,
    leadTimeS: a.lead_time_s,
    submittedAt: a.updated_at,
  }));
  const agreement =
    annotations.length >= 2
      ? (({ score, perTask }) => ({ score, perTask }))(itemAgreement(project.schema, annotations))
      : null;
  return {
    item: {
      id: item.id,
      extId: item.ext_id,
      projectId: item.project_id,
      kind: item.kind,
      data: JSON.parse(item.data) as ReviewWork['item']['data'],
      meta: item.meta ? (JSON.parse(item.meta) as Record<string, unknown>) : null,
      tags: item.tags ? (JSON.parse(item.tags) as string[]) : [],
    },
    tier: tier.name,
    annotations,
    agreement,
    reviews: ctx.reviews.ofItem(itemId).map(presentReview),
    leaseUntil,
  };
}

/**
 * My next item at a tier (GET /api/projects/:id/review/next): my oldest lease at that tier other
 * than `exclude`, else a newly leased item nobody else is reviewing, that I did not annotate and,
 * when the tier routes by skill, whose tags meet my skills. Expired leases go back first. Pick
 * and lease are one BEGIN IMMEDIATE transaction, as in the annotation queue.
 */
export function nextReview(
  ctx: Ctx,
  project: ProjectRecord,
  user: UserRow,
  role: ProjectRole | null,
  q: { tier: string; exclude?: number | undefined },
  now = Date.now(),
): ReviewWork | null {
  const until = now + project.settings.leaseMinutes * 60_000;
  const chosen = ctx.db
    .transaction(() => {
      const { tier, index } = workableTier(project, role, q.tier);
      if (project.archived) return null;
      ctx.reviews.expireLeases(project.id, now);
      const held = ctx.reviews.held(project.id, user.id, index);
      const kept = held.find((l) => l.item_id !== q.exclude);
      if (kept) {
        ctx.reviews.renew(kept.item_id, user.id, until);
        return { id: kept.item_id, tier };
      }
      if (held.length >= MAX_LEASES) return null;
      const skills = tier.matchSkills ? skillSet(JSON.parse(user.skills) as string[]) : null;
      const id = ctx.reviews.pick(project.id, index, user.id, skills);
      if (id === undefined) return null;
      ctx.reviews.lease({
        item_id: id,
        project_id: project.id,
        tier: index,
        user_id: user.id,
        leased_at: now,
        lease_until: until,
      });
      return { id, tier };
    })
    .immediate();
  return chosen === null ? null : reviewWork(ctx, project, chosen.id, chosen.tier, iso(until));
}

export interface Reviewer {
  id: number;
  username: string;
  role: ProjectRole | null;
  ip?: string | undefined;
}

/**
 * A decision on an annotation at the tier its item waits at (POST /api/annotations/:id/reviews),
 * in one transaction with its audit event. The caller must be able to work that tier, must not
 * have annotated the item, and nobody else may hold a live review lease on it. Approve makes the
 * annotation (as corrected since its last submit, if it was) the item's result; correct stores
 * the corrected labels on the review and makes them the result, the annotation untouched;
 * reject sends the annotation back to its annotator, first in their queue; escalate hands the
 * item to the next tier.
 */
export function reviewAnnotation(
  ctx: Ctx,
  project: ProjectRecord,
  reviewer: Reviewer,
  annotationId: number,
  body: ReviewDecision,
  now = Date.now(),
): ReviewResult {
  return ctx.db
    .transaction(() => {
      const tiers = tiersOf(project);
      const ann = ctx.annotations.byId(annotationId);
      if (!ann) throw notFound('no such annotation');
      const item = ctx.reviews.item(ann.item_id)!;
      const state = stateOf(item);
      if (state.status !== 'in_review' && state.status !== 'rejected') {
        throw conflict(
          `this item is ${state.status.replace('_', ' ')}, not waiting for review`,
          'not_in_review',
        );
      }
      const tier = tiers[state.tier];
      if (!tier) throw conflict('this item waits at a review tier the project no longer has', 'unknown_tier');
      if (!canWorkTier(effectiveRole(reviewer.role), tier)) {
        throw forbidden(`the "${tier.name}" tier is worked by ${tier.role}s and experts`);
      }
      const annotators = ctx.annotations.ofItem(item.id).map((a) => a.username);
      if (!canReview(reviewer.username, annotators)) {
        throw new HttpError(403, 'self_review', 'nobody reviews their own work: you annotated this item');
      }
      const lease = ctx.reviews.leaseOf(item.id);
      const mine = lease?.user_id === reviewer.id ? lease : undefined;
      if (lease && !mine && lease.lease_until > now) {
        throw conflict('someone else is reviewing this item right now', 'review_leased');
      }
      const r = run(state, decisionEvent(body, state.tier, ann.username), project, item.id, tiers);

      const correction = body.decision === 'correct' ? JSON.stringify(body.labels) : null;
      const leaseMs = project.settings.leaseMinutes * 60_000;
      ctx.reviews.insert({
        project_id: project.id,
        item_id: item.id,
        annotation_id: ann.id,
        tier_name: tier.name,
        tier_index: state.tier,
        user_id: reviewer.id,
        decision: body.decision,
        comment: body.comment || null,
        labels: correction,
        lead_time_s: mine ? Math.min(Math.max(now - mine.leased_at, 0), leaseMs) / 1000 : null,
        created_at: iso(now),
      });
      if (body.decision === 'approve') {
        ctx.reviews.setFinal(item.id, ctx.reviews.correction(ann.id, ann.updated_at) ?? ann.labels);
      } else if (body.decision === 'correct') {
        ctx.reviews.setFinal(item.id, correction);
      } else if (body.decision === 'reject') {
        ctx.queue.returnTo(item.id, ann.user_id, project.id, now);
        ctx.annotations.setStatus(ann.id, 'rejected');
      }
      saveState(ctx, item, r.state);
      ctx.reviews.dropLease(item.id);
      ctx.audit.record({
        actor: reviewer.username,
        action: `review.${body.decision}`,
        projectId: project.id,
        target: item.ext_id,
        detail: {
          itemId: item.id,
          annotationId: ann.id,
          annotator: ann.username,
          tier: tier.name,
          status: r.state.status,
        },
        ip: reviewer.ip ?? null,
      });
      return { status: r.state.status, tier: tierNameOf(r.state, tiers) };
    })
    .immediate();
}

/**
 * An item's timeline, oldest first: import, draft saves, submits, skips, decisions and automatic
 * escalations. `onlyFor` limits it to what concerns one annotator: their own events and the
 * decisions on their own annotation, never other people's work or comments.
 */
export function itemTimeline(ctx: Ctx, itemId: number, onlyFor: number | null): TimelineEntry[] {
  const item = ctx.reviews.item(itemId);
  if (!item) throw notFound('no such item');
  const entries: TimelineEntry[] = [
    { at: item.created_at, by: null, kind: 'import', tier: null, comment: null },
  ];
  for (const e of ctx.reviews.events(itemId)) {
    if (onlyFor !== null && e.user_id !== onlyFor) continue;
    entries.push({ at: iso(e.at), by: e.username, kind: e.kind, tier: e.tier, comment: e.comment });
  }
  const mine =
    onlyFor === null
      ? null
      : new Set(
          ctx.annotations
            .ofItem(itemId)
            .filter((a) => a.user_id === onlyFor)
            .map((a) => a.id),
        );
  for (const r of ctx.reviews.ofItem(itemId)) {
    if (mine && !mine.has(r.annotation_id)) continue;
    entries.push({
      at: r.created_at,
      by: r.username,
      kind: r.decision,
      tier: r.tier_name,
      comment: r.comment,
    });
  }
  // Stable: entries of the same millisecond keep the order they were gathered in.
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
