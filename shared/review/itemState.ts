import { z } from 'zod';
import type { ItemStatus } from '../api.ts';
import type { ReviewDecision } from './decision.ts';
import { selects } from './sampling.ts';
import type { Tier } from './tiers.ts';

const status = <S extends ItemStatus>(s: S) => z.literal(s);
const tierIndex = z.number().int().min(0);

/**
 * Where an item is in its life (handbook section 3, "Item life"). The handbook's `submitted`
 * (overlap reached) is passed through inside the submit transition, which routes the item to its
 * first tier in the same step, so no item can be left waiting between the two.
 * `escalated` is sticky: once a tier escalated the item, or its annotators disagreed beyond the
 * threshold, every later tier with an `escalated` (or `sample`) policy takes it.
 */
export const ItemStateSchema = z.discriminatedUnion('status', [
  /** Nobody has leased or annotated it yet. */
  z.strictObject({ status: status('new') }),
  /** Leased or partly annotated: fewer submitted annotations than the project's overlap. */
  z.strictObject({ status: status('annotating') }),
  /** Waiting for a decision at tier `tier` (an index into the project's tiers). */
  z.strictObject({ status: status('in_review'), tier: tierIndex, escalated: z.boolean() }),
  /**
   * Rejected at tier `tier`; back with the annotators in `waitingOn` (several when a reviewer
   * rejects more than one annotation of an overlapped item). Returns to that tier once all
   * resubmit; a `tier` past the last one (an edit left no tiers) means accepted then.
   */
  z.strictObject({
    status: status('rejected'),
    tier: tierIndex,
    escalated: z.boolean(),
    waitingOn: z.array(z.string()).min(1),
  }),
  /** Final: the last tier that took the item approved it, or no tier took it. */
  z.strictObject({ status: status('accepted') }),
]);
export type ItemState = z.infer<typeof ItemStateSchema>;

/** Something that happens to an item. `tier` is an index into the project's tiers. */
export type ItemEvent =
  /** An annotator takes the item from their queue. */
  | { type: 'lease'; by: string }
  /**
   * An annotator submits. `count` is the item's submitted annotations including this one; the
   * item goes to review when it reaches `overlap`. `agreement` is the item's agreement score
   * (`itemAgreement`), when there are two annotations or more.
   */
  | { type: 'submit'; by: string; count: number; overlap: number; agreement?: number | null }
  | { type: 'approve'; tier: number }
  /** Approve with corrected labels: for the item's life the same as approve. */
  | { type: 'correct'; tier: number }
  /** Send `annotator`'s annotation back to them with `comment`. */
  | { type: 'reject'; tier: number; annotator: string; comment: string }
  /** Hand the item to the next tier, whatever that tier's policy. */
  | { type: 'escalate'; tier: number }
  /**
   * A manager edited the tiers (`TransitionContext.tiers` are the new ones): the item's tier is
   * now tier `to`, or none is left (null). `planTierEdit` (tierEdit.ts) says which.
   */
  | { type: 'retier'; to: number | null };

export interface TransitionContext {
  /** The project's tiers, lowest first. */
  tiers: readonly Tier[];
  /** The item's stable id, for sampling. */
  itemId: string | number;
  /** Project setting: a submit whose agreement is under this escalates the item. Absent: never. */
  agreementThreshold?: number | null;
}

export const TRANSITION_ERRORS = [
  'item_complete',
  'not_yours',
  'bad_count',
  'unknown_tier',
  'not_in_review',
  'wrong_tier',
  'comment_required',
  'already_rejected',
  'last_tier',
] as const;
export type TransitionErrorId = (typeof TRANSITION_ERRORS)[number];

export type TransitionResult =
  | {
      ok: true;
      state: ItemState;
      /** Names of tiers passed over because their policy did not take the item. */
      skipped: string[];
      /** This submit's agreement was under the threshold, and it escalated the item. */
      autoEscalated: boolean;
    }
  | { ok: false; error: { id: TransitionErrorId; message: string } };

const ok = (state: ItemState, skipped: string[] = [], autoEscalated = false): TransitionResult => ({
  ok: true,
  state,
  skipped,
  autoEscalated,
});
const fail = (id: TransitionErrorId, message: string): TransitionResult => ({
  ok: false,
  error: { id, message },
});

/** The first tier from `from` on whose policy takes the item, or accepted when none does. */
function route(
  from: number,
  escalated: boolean,
  ctx: TransitionContext,
  autoEscalated = false,
): TransitionResult {
  const skipped: string[] = [];
  for (let t = from; t < ctx.tiers.length; t++) {
    const tier = ctx.tiers[t]!;
    if (selects(tier, ctx.itemId, escalated)) {
      return ok({ status: 'in_review', tier: t, escalated }, skipped, autoEscalated);
    }
    skipped.push(tier.name);
  }
  return ok({ status: 'accepted' }, skipped, autoEscalated);
}

function lease(state: ItemState, by: string): TransitionResult {
  switch (state.status) {
    case 'new':
    case 'annotating':
      return ok({ status: 'annotating' });
    case 'rejected':
      return state.waitingOn.includes(by)
        ? ok(state)
        : fail('not_yours', 'this item is back with the annotators whose work was rejected');
    case 'in_review':
    case 'accepted':
      return fail('item_complete', 'this item has all its annotations');
  }
}

function submit(state: ItemState, event: Extract<ItemEvent, { type: 'submit' }>, ctx: TransitionContext) {
  const { count, overlap, agreement } = event;
  if (!Number.isInteger(count) || !Number.isInteger(overlap) || count < 1 || overlap < 1) {
    return fail('bad_count', `cannot count ${count} of ${overlap} annotations`);
  }
  const threshold = ctx.agreementThreshold;
  const autoEscalated = threshold != null && agreement != null && agreement < threshold;
  switch (state.status) {
    case 'new':
    case 'annotating':
      return count < overlap ? ok({ status: 'annotating' }) : route(0, autoEscalated, ctx, autoEscalated);
    case 'rejected': {
      if (!state.waitingOn.includes(event.by)) {
        return fail('not_yours', 'this item is back with the annotators whose work was rejected');
      }
      const waitingOn = state.waitingOn.filter((by) => by !== event.by);
      const escalated = state.escalated || autoEscalated;
      const newlyEscalated = autoEscalated && !state.escalated;
      if (waitingOn.length > 0) {
        return ok({ status: 'rejected', tier: state.tier, escalated, waitingOn }, [], newlyEscalated);
      }
      if (state.tier >= ctx.tiers.length) return ok({ status: 'accepted' }, [], newlyEscalated);
      return ok({ status: 'in_review', tier: state.tier, escalated }, [], newlyEscalated);
    }
    case 'in_review':
    case 'accepted':
      return fail('item_complete', 'this item is already in review or accepted');
  }
}

/**
 * After a tier edit: an item waiting for review moves to tier `to`, or is accepted as an item no
 * tier took is when none is left; a rejected item will return to tier `to`, or (none left) is
 * accepted once its annotators resubmit. Other items have no tier and stay as they are.
 */
function retier(state: ItemState, to: number | null, ctx: TransitionContext): TransitionResult {
  if (to !== null && (!Number.isInteger(to) || to < 0 || to >= ctx.tiers.length)) {
    return fail('unknown_tier', `the project has no review tier ${to}`);
  }
  switch (state.status) {
    case 'in_review':
      return ok(to === null ? { status: 'accepted' } : { ...state, tier: to });
    case 'rejected':
      return ok({ ...state, tier: to ?? ctx.tiers.length });
    case 'new':
    case 'annotating':
    case 'accepted':
      return ok(state);
  }
}

/** The state when a decision at `tier` is allowed (the item waits at that tier), else the error. */
function atTier(state: ItemState, tier: number, ctx: TransitionContext, alsoRejected: boolean) {
  if (!Number.isInteger(tier) || tier < 0 || tier >= ctx.tiers.length) {
    return fail('unknown_tier', `the project has no review tier ${tier}`);
  }
  const name = ctx.tiers[tier]!.name;
  if (state.status !== 'in_review' && !(alsoRejected && state.status === 'rejected')) {
    return fail('not_in_review', `this item is ${state.status.replace('_', ' ')}, not waiting for review`);
  }
  if (state.tier !== tier) {
    return fail(
      'wrong_tier',
      `this item is at tier "${ctx.tiers[state.tier]?.name ?? state.tier}", not "${name}"`,
    );
  }
  return state;
}

/**
 * The item's next state after `event`, or why the event is not allowed now. Pure: the server
 * loads the state, calls this, and stores the result with the review in one transaction.
 * Approve and correct send the item to the next tier whose policy takes it (accepted after the
 * last); escalate sends it to the very next tier; reject returns it to one annotator, and their
 * resubmit brings it back to the tier that rejected it; a tier edit moves an item by `retier`.
 * Who may decide (role, self-review, see `canReview`) is checked by the server.
 */
export function transition(state: ItemState, event: ItemEvent, ctx: TransitionContext): TransitionResult {
  switch (event.type) {
    case 'lease':
      return lease(state, event.by);
    case 'submit':
      return submit(state, event, ctx);
    case 'approve':
    case 'correct': {
      const at = atTier(state, event.tier, ctx, false);
      if ('ok' in at) return at;
      return route(event.tier + 1, at.escalated, ctx);
    }
    case 'reject': {
      if (!event.comment.trim())
        return fail('comment_required', 'say what to fix: a rejection needs a comment');
      const at = atTier(state, event.tier, ctx, true);
      if ('ok' in at) return at;
      if (at.status === 'rejected' && at.waitingOn.includes(event.annotator)) {
        return fail('already_rejected', `${event.annotator}'s work here is already rejected`);
      }
      const waitingOn = at.status === 'rejected' ? [...at.waitingOn, event.annotator] : [event.annotator];
      return ok({ status: 'rejected', tier: event.tier, escalated: at.escalated, waitingOn });
    }
    case 'escalate': {
      const at = atTier(state, event.tier, ctx, false);
      if ('ok' in at) return at;
      if (event.tier === ctx.tiers.length - 1) {
        return fail('last_tier', 'the last tier decides: approve, correct or reject');
      }
      return ok({ status: 'in_review', tier: event.tier + 1, escalated: true });
    }
    case 'retier':
      return retier(state, event.to, ctx);
  }
}

/** The event for a reviewer's decision on `annotator`'s annotation at tier `tier`. */
export function decisionEvent(body: ReviewDecision, tier: number, annotator: string): ItemEvent {
  switch (body.decision) {
    case 'reject':
      return { type: 'reject', tier, annotator, comment: body.comment ?? '' };
    case 'approve':
    case 'correct':
    case 'escalate':
      return { type: body.decision, tier };
  }
}

/** Nobody reviews their own work: true when `reviewer` wrote none of the item's annotations. */
export function canReview(reviewer: string, annotators: readonly string[]): boolean {
  return !annotators.includes(reviewer);
}
