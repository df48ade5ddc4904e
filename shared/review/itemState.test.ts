import { describe, expect, it } from 'vitest';
import {
  canReview,
  decisionEvent,
  type ItemEvent,
  type ItemState,
  ItemStateSchema,
  type TransitionContext,
  transition,
} from './itemState.ts';
import { DEFAULT_TIERS, type Tier } from './tiers.ts';

const review: Tier = { name: 'Review', role: 'reviewer', policy: { kind: 'all' } };
const expert: Tier = { name: 'Expert', role: 'expert', policy: { kind: 'escalated' } };
const board: Tier = { name: 'Board', role: 'expert', policy: { kind: 'escalated' } };
const never: Tier = { name: 'Spot check', role: 'reviewer', policy: { kind: 'sample', percent: 0 } };
const always: Tier = { name: 'Full check', role: 'reviewer', policy: { kind: 'sample', percent: 100 } };

const ctx = (tiers: Tier[] = DEFAULT_TIERS, agreementThreshold: number | null = null): TransitionContext => ({
  tiers,
  itemId: 17,
  agreementThreshold,
});

const NEW: ItemState = { status: 'new' };
const ANNOTATING: ItemState = { status: 'annotating' };
const AT_0: ItemState = { status: 'in_review', tier: 0, escalated: false };
const AT_1: ItemState = { status: 'in_review', tier: 1, escalated: true };
const REJECTED: ItemState = { status: 'rejected', tier: 0, escalated: false, waitingOn: ['ann1'] };
const ACCEPTED: ItemState = { status: 'accepted' };
const ALL_STATES = [NEW, ANNOTATING, AT_0, AT_1, REJECTED, ACCEPTED];

const submit = (count: number, overlap = 1, by = 'ann1', agreement: number | null = null): ItemEvent => ({
  type: 'submit',
  by,
  count,
  overlap,
  agreement,
});
const reject = (tier: number, annotator = 'ann1', comment = 'the date is wrong'): ItemEvent => ({
  type: 'reject',
  tier,
  annotator,
  comment,
});

function next(state: ItemState, event: ItemEvent, context = ctx()) {
  const result = transition(state, event, context);
  if (!result.ok) throw new Error(`refused: ${result.error.id}`);
  expect(ItemStateSchema.parse(result.state)).toEqual(result.state);
  return result;
}
function refused(state: ItemState, event: ItemEvent, context = ctx()) {
  const result = transition(state, event, context);
  if (result.ok) throw new Error(`allowed: ${JSON.stringify(result.state)}`);
  return result.error.id;
}

describe('lease', () => {
  it('starts the annotation of a new item, and more leases while overlap is not reached', () => {
    expect(next(NEW, { type: 'lease', by: 'ann1' }).state).toEqual(ANNOTATING);
    expect(next(ANNOTATING, { type: 'lease', by: 'ann2' }).state).toEqual(ANNOTATING);
  });

  it('lets only the annotator whose work was rejected take a rejected item', () => {
    expect(next(REJECTED, { type: 'lease', by: 'ann1' }).state).toEqual(REJECTED);
    expect(refused(REJECTED, { type: 'lease', by: 'ann2' })).toBe('not_yours');
  });

  it('refuses items in review or accepted', () => {
    for (const s of [AT_0, AT_1, ACCEPTED])
      expect(refused(s, { type: 'lease', by: 'ann1' })).toBe('item_complete');
  });
});

describe('submit', () => {
  it('keeps annotating until the overlap is reached', () => {
    expect(next(NEW, submit(1, 2)).state).toEqual(ANNOTATING);
    expect(next(ANNOTATING, submit(2, 3)).state).toEqual(ANNOTATING);
  });

  it('sends the item to the first tier that takes it once the overlap is reached', () => {
    expect(next(ANNOTATING, submit(2, 2))).toEqual({
      ok: true,
      state: AT_0,
      skipped: [],
      autoEscalated: false,
    });
    expect(next(NEW, submit(1, 1)).state).toEqual(AT_0);
    expect(next(ANNOTATING, submit(3, 2)).state).toEqual(AT_0);
  });

  it('skips tiers whose policy does not take the item, and accepts it when none does', () => {
    expect(next(ANNOTATING, submit(1), ctx([never, review])).state).toEqual({ ...AT_0, tier: 1 });
    expect(next(ANNOTATING, submit(1), ctx([never, review]))).toMatchObject({ skipped: ['Spot check'] });
    expect(next(ANNOTATING, submit(1), ctx([expert]))).toEqual({
      ok: true,
      state: ACCEPTED,
      skipped: ['Expert'],
      autoEscalated: false,
    });
    expect(next(ANNOTATING, submit(1), ctx([])).state).toEqual(ACCEPTED);
    expect(next(ANNOTATING, submit(1), ctx([always])).state).toEqual(AT_0);
  });

  it('escalates automatically when agreement is under the threshold', () => {
    const low = next(ANNOTATING, submit(2, 2, 'ann2', 0.4), ctx(DEFAULT_TIERS, 0.6));
    expect(low).toEqual({ ok: true, state: { ...AT_0, escalated: true }, skipped: [], autoEscalated: true });
    // The escalated flag carries the item past Review to the escalated-only Expert tier.
    expect(next(low.state, { type: 'approve', tier: 0 }).state).toEqual(AT_1);
    // A sample never leaves an escalated item out, even at 0 percent.
    expect(next(ANNOTATING, submit(2, 2, 'ann2', 0.4), ctx([never, expert], 0.6)).state).toEqual({
      ...AT_0,
      escalated: true,
    });
  });

  it('does not escalate at or over the threshold, without a threshold, or without a score', () => {
    for (const [agreement, threshold] of [
      [0.6, 0.6],
      [0.9, 0.6],
      [0.1, null],
      [null, 0.6],
    ] as const) {
      const result = next(ANNOTATING, submit(2, 2, 'ann2', agreement), ctx(DEFAULT_TIERS, threshold));
      expect(result).toMatchObject({ state: AT_0, autoEscalated: false });
    }
  });

  it('returns a fixed item to the tier that rejected it, keeping its escalation', () => {
    const atExpert: ItemState = { status: 'rejected', tier: 1, escalated: true, waitingOn: ['ann1'] };
    expect(next(atExpert, submit(1)).state).toEqual(AT_1);
    expect(next(REJECTED, submit(1)).state).toEqual(AT_0);
    // A fix can still disagree: the new score escalates the item from here on.
    expect(next(REJECTED, submit(2, 2, 'ann1', 0.1), ctx(DEFAULT_TIERS, 0.5))).toMatchObject({
      state: { ...AT_0, escalated: true },
      autoEscalated: true,
    });
  });

  it('waits for every rejected annotator before going back to review', () => {
    const both: ItemState = { ...REJECTED, waitingOn: ['ann1', 'ann2'] };
    expect(next(both, submit(2, 2, 'ann2')).state).toEqual(REJECTED);
    expect(refused(both, submit(2, 2, 'ann3'))).toBe('not_yours');
  });

  it('refuses submits to items in review or accepted, and nonsense counts', () => {
    for (const s of [AT_0, AT_1, ACCEPTED]) expect(refused(s, submit(1))).toBe('item_complete');
    expect(refused(ANNOTATING, submit(0, 1))).toBe('bad_count');
    expect(refused(ANNOTATING, submit(1, 0))).toBe('bad_count');
    expect(refused(ANNOTATING, submit(1.5, 2))).toBe('bad_count');
  });
});

describe('approve and correct', () => {
  it('moves on to the next tier that takes the item, and accepts after the last', () => {
    for (const type of ['approve', 'correct'] as const) {
      expect(next(AT_0, { type, tier: 0 })).toEqual({
        ok: true,
        state: ACCEPTED,
        skipped: ['Expert'],
        autoEscalated: false,
      });
      expect(next({ ...AT_0, escalated: true }, { type, tier: 0 }).state).toEqual(AT_1);
      expect(next(AT_1, { type, tier: 1 }).state).toEqual(ACCEPTED);
      expect(next(AT_0, { type, tier: 0 }, ctx([review, never, always])).state).toEqual({ ...AT_0, tier: 2 });
    }
  });

  it('keeps an escalation for every later escalated-only tier', () => {
    expect(next(AT_1, { type: 'approve', tier: 1 }, ctx([review, expert, board])).state).toEqual({
      ...AT_1,
      tier: 2,
    });
  });

  it('refuses a decision at a tier the item is not at, or on an item not in review', () => {
    for (const type of ['approve', 'correct'] as const) {
      expect(refused(AT_0, { type, tier: 1 })).toBe('wrong_tier');
      expect(refused(AT_1, { type, tier: 0 })).toBe('wrong_tier');
      for (const s of [NEW, ANNOTATING, REJECTED, ACCEPTED])
        expect(refused(s, { type, tier: 0 })).toBe('not_in_review');
      for (const tier of [2, -1, 0.5]) expect(refused(AT_0, { type, tier })).toBe('unknown_tier');
    }
  });
});

describe('reject', () => {
  it('returns the item to the annotator, remembering the tier and the escalation', () => {
    expect(next(AT_0, reject(0)).state).toEqual(REJECTED);
    expect(next(AT_1, reject(1, 'ann2')).state).toEqual({
      status: 'rejected',
      tier: 1,
      escalated: true,
      waitingOn: ['ann2'],
    });
  });

  it('can reject several annotations of an overlapped item, each once', () => {
    const both = next(REJECTED, reject(0, 'ann2')).state;
    expect(both).toEqual({ ...REJECTED, waitingOn: ['ann1', 'ann2'] });
    expect(refused(REJECTED, reject(0, 'ann1'))).toBe('already_rejected');
    expect(refused(REJECTED, reject(1, 'ann2'))).toBe('wrong_tier');
  });

  it('needs a comment', () => {
    expect(refused(AT_0, reject(0, 'ann1', ''))).toBe('comment_required');
    expect(refused(AT_0, reject(0, 'ann1', '  \n '))).toBe('comment_required');
  });

  it('refuses other tiers and items not in review', () => {
    expect(refused(AT_0, reject(1))).toBe('wrong_tier');
    for (const s of [NEW, ANNOTATING, ACCEPTED]) expect(refused(s, reject(0))).toBe('not_in_review');
    expect(refused(AT_0, reject(7))).toBe('unknown_tier');
  });
});

describe('escalate', () => {
  it('hands the item to the very next tier, whatever its policy', () => {
    expect(next(AT_0, { type: 'escalate', tier: 0 }).state).toEqual(AT_1);
    expect(next(AT_0, { type: 'escalate', tier: 0 }, ctx([review, never])).state).toEqual(AT_1);
  });

  it('is refused at the last tier, whose decision is final', () => {
    expect(refused(AT_1, { type: 'escalate', tier: 1 })).toBe('last_tier');
    expect(refused(AT_0, { type: 'escalate', tier: 0 }, ctx([review]))).toBe('last_tier');
  });

  it('refuses other tiers and items not in review', () => {
    expect(refused(AT_1, { type: 'escalate', tier: 0 })).toBe('wrong_tier');
    for (const s of [NEW, ANNOTATING, REJECTED, ACCEPTED]) {
      expect(refused(s, { type: 'escalate', tier: 0 })).toBe('not_in_review');
    }
  });
});

describe('retier (the tiers were edited)', () => {
  it('moves an item waiting for review to its new tier, keeping its escalation', () => {
    expect(next(AT_1, { type: 'retier', to: 0 }, ctx([expert])).state).toEqual({ ...AT_1, tier: 0 });
    expect(next(AT_0, { type: 'retier', to: 2 }, ctx([board, expert, review])).state).toEqual({
      ...AT_0,
      tier: 2,
    });
  });

  it('accepts an item waiting for review when no tier is left', () => {
    expect(next(AT_1, { type: 'retier', to: null }, ctx([])).state).toEqual(ACCEPTED);
  });

  it('sends a fixed item to its new tier, or accepts the fix when no tier is left', () => {
    const moved = next(REJECTED, { type: 'retier', to: 1 }, ctx([board, review])).state;
    expect(moved).toEqual({ ...REJECTED, tier: 1 });
    expect(next(moved, submit(1), ctx([board, review])).state).toEqual({ ...AT_0, tier: 1 });

    const orphan = next(REJECTED, { type: 'retier', to: null }, ctx([])).state;
    expect(orphan).toEqual({ ...REJECTED, tier: 0 });
    expect(next(orphan, submit(1), ctx([])).state).toEqual(ACCEPTED);
  });

  it('leaves items without a tier as they are, and refuses a tier the new list lacks', () => {
    for (const s of [NEW, ANNOTATING, ACCEPTED]) {
      expect(next(s, { type: 'retier', to: 0 }, ctx([review])).state).toEqual(s);
    }
    expect(refused(AT_0, { type: 'retier', to: 1 }, ctx([review]))).toBe('unknown_tier');
    expect(refused(AT_0, { type: 'retier', to: -1 }, ctx([review]))).toBe('unknown_tier');
  });
});

describe('the item life end to end', () => {
  it('submit -> reject -> fix -> escalate -> expert corrects -> accepted', () => {
    const steps: [ItemEvent, ItemState][] = [
      [{ type: 'lease', by: 'ann1' }, ANNOTATING],
      [submit(1), AT_0],
      [reject(0, 'ann1', 'Ada is a person'), REJECTED],
      [{ type: 'lease', by: 'ann1' }, REJECTED],
      [submit(1), AT_0],
      [{ type: 'escalate', tier: 0 }, AT_1],
      [{ type: 'correct', tier: 1 }, ACCEPTED],
    ];
    let state: ItemState = NEW;
    for (const [event, expected] of steps) {
      state = next(state, event).state;
      expect(state).toEqual(expected);
    }
  });

  it('refuses every review decision once accepted', () => {
    for (const event of [
      { type: 'approve', tier: 1 },
      { type: 'correct', tier: 1 },
      { type: 'escalate', tier: 0 },
      reject(1),
    ] satisfies ItemEvent[]) {
      expect(refused(ACCEPTED, event)).toBe('not_in_review');
    }
  });

  it('accepts only states of the documented shape', () => {
    for (const s of ALL_STATES) expect(ItemStateSchema.parse(s)).toEqual(s);
    expect(ItemStateSchema.safeParse({ status: 'submitted' }).success).toBe(false);
    expect(ItemStateSchema.safeParse({ status: 'in_review', tier: -1, escalated: false }).success).toBe(
      false,
    );
    expect(ItemStateSchema.safeParse({ ...REJECTED, waitingOn: [] }).success).toBe(false);
  });
});

describe('decisionEvent and canReview', () => {
  it('turns a decision body into the event for the tier', () => {
    expect(decisionEvent({ decision: 'approve' }, 1, 'ann1')).toEqual({ type: 'approve', tier: 1 });
    expect(decisionEvent({ decision: 'correct', labels: {} }, 0, 'ann1')).toEqual({
      type: 'correct',
      tier: 0,
    });
    expect(decisionEvent({ decision: 'escalate', comment: 'ask a historian' }, 0, 'ann1')).toEqual({
      type: 'escalate',
      tier: 0,
    });
    expect(decisionEvent({ decision: 'reject', comment: 'fix the date' }, 0, 'ann1')).toEqual(
      reject(0, 'ann1', 'fix the date'),
    );
    // A body that skipped validation still cannot reject without a comment.
    expect(refused(AT_0, decisionEvent({ decision: 'reject' }, 0, 'ann1'))).toBe('comment_required');
  });

  it('refuses self-review', () => {
    expect(canReview('rev1', ['ann1', 'ann2'])).toBe(true);
    expect(canReview('ann2', ['ann1', 'ann2'])).toBe(false);
    expect(canReview('rev1', [])).toBe(true);
  });
});
