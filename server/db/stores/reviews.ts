import type Database from 'better-sqlite3';
import type { ItemStatus } from '../../../shared/api.ts';
import type { ReviewDecisionKind } from '../../../shared/review/decision.ts';
import type { TierCount } from '../../../shared/review/tierEdit.ts';
import { MAX_TIERS } from '../../../shared/review/tiers.ts';
import type { Db } from '../open.ts';
import { SKILL_MISMATCH } from './queue.ts';

/** An item's columns that review, scoring and the timeline read. */
export interface ReviewItemRow {
  id: number;
  project_id: number;
  ext_id: string;
  kind: 'text' | 'image';
  data: string;
  meta: string | null;
  tags: string | null;
  status: ItemStatus;
  tier: number | null;
  escalated: 0 | 1;
  review_state: string | null;
  gold: string | null;
  final_labels: string | null;
  created_at: string;
}

export interface ReviewLeaseRow {
  item_id: number;
  project_id: number;
  tier: number;
  user_id: number;
  leased_at: number;
  lease_until: number;
}

export interface ReviewRow {
  id: number;
  project_id: number;
  item_id: number;
  annotation_id: number;
  tier_name: string;
  tier_index: number;
  user_id: number;
  username: string;
  decision: ReviewDecisionKind;
  comment: string | null;
  labels: string | null;
  lead_time_s: number | null;
  created_at: string;
}

export type ItemEventKind = 'draft' | 'submit' | 'skip' | 'auto-escalate' | 'tier-move';

/** An item at a review tier, as a tier edit reads it: its state columns only. */
export type TieredItemRow = Pick<
  ReviewItemRow,
  'id' | 'status' | 'tier' | 'escalated' | 'review_state' | 'final_labels'
>;

export interface ItemEventRow {
  kind: ItemEventKind;
  tier: string | null;
  comment: string | null;
  at: number;
  user_id: number | null;
  username: string | null;
}

/** The columns an item's review state is stored in (see `saveState`). */
export interface StoredState {
  status: ItemStatus;
  tier: number | null;
  escalated: boolean;
  /** JSON of the rejected state's `waitingOn`, else null. */
  reviewState: string | null;
}

/** Timeline entries read per item at most; draft saves are throttled, so this is hours of work. */
export const MAX_EVENTS = 2000;

const PICK = (skills: boolean) => `SELECT i.id FROM items i INDEXED BY items_review
  WHERE i.project_id = ? AND i.status = 'in_review' AND i.tier = ?
    AND NOT EXISTS (SELECT 1 FROM review_leases l WHERE l.item_id = i.id)
    AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id AND a.user_id = ?)
    ${skills ? `AND NOT ${SKILL_MISMATCH}` : ''}
  ORDER BY i.priority DESC, i.id LIMIT 1`;

/** Each of the bits of `reached`, times a parameter: the bit it becomes (0 drops it). */
const REMAP_BITS = Array.from({ length: MAX_TIERS }, (_, i) => `((reached >> ${i}) & 1) * ?`).join(' | ');

/** The reviewer's name, looked up by primary key whatever the planner's statistics say. */
const USERNAME = '(SELECT username FROM users WHERE id = r.user_id) AS username';

/** Every statement of review work, by name, so a test can EXPLAIN each one. Positional parameters. */
export const REVIEW_SQL = {
  item: `SELECT id, project_id, ext_id, kind, data, meta, tags, status, tier, escalated, review_state, gold,
      final_labels, created_at
    FROM items WHERE id = ?`,
  /** Writes an item's place in its life; `reached` gathers the bit of every tier it entered. */
  saveState: `UPDATE items SET status = ?, tier = ?, escalated = ?, review_state = ?, reached = reached | ?
    WHERE id = ?`,
  setFinal: 'UPDATE items SET final_labels = ? WHERE id = ?',
  setAgreement: 'UPDATE items SET agreement = ? WHERE id = ?',
  /**
   * The first item waiting at a tier that nobody is reviewing and I did not annotate, by
   * priority then import order.
   */
  pick: PICK(false),
  /** The same, for a tier with skill routing: the skill set follows my user id. */
  skilledPick: PICK(true),
  expire: 'DELETE FROM review_leases WHERE project_id = ? AND lease_until <= ?',
  /** My leases at a tier whose items still wait there, oldest first. */
  held: `SELECT l.* FROM review_leases l
    WHERE l.project_id = ? AND l.user_id = ? AND l.tier = ?
      AND EXISTS (SELECT 1 FROM items i NOT INDEXED
        WHERE i.id = l.item_id AND i.status = 'in_review' AND i.tier = l.tier)
    ORDER BY l.leased_at, l.item_id`,
  lease: `INSERT INTO review_leases (item_id, project_id, tier, user_id, leased_at, lease_until)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (item_id) DO UPDATE SET project_id = excluded.project_id, tier = excluded.tier,
      user_id = excluded.user_id, leased_at = excluded.leased_at, lease_until = excluded.lease_until`,
  renew: 'UPDATE review_leases SET lease_until = ? WHERE item_id = ? AND user_id = ?',
  /** A lease follows its item when a tier edit gives the item's tier another position. */
  moveLease: 'UPDATE review_leases SET tier = ? WHERE item_id = ?',
  leaseOf: 'SELECT * FROM review_leases WHERE item_id = ?',
  dropLease: 'DELETE FROM review_leases WHERE item_id = ?',
  insert: `INSERT INTO reviews (project_id, item_id, annotation_id, tier_name, tier_index, user_id, decision,
      comment, labels, lead_time_s, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ofItem: `SELECT r.*, ${USERNAME} FROM reviews r WHERE r.item_id = ? ORDER BY r.id`,
  /** The correction of an annotation made since its last submit: approving it approves that. */
  correction: `SELECT labels FROM reviews WHERE annotation_id = ? AND decision = 'correct' AND created_at >= ?
    ORDER BY id DESC LIMIT 1`,
  rejection: `SELECT r.comment, ${USERNAME}, r.created_at FROM reviews r
    WHERE r.annotation_id = ? AND r.decision = 'reject' ORDER BY r.id DESC LIMIT 1`,
  event: `INSERT INTO item_events (item_id, project_id, user_id, kind, tier, comment, at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`,
  /** A draft event, unless this user's last one on the item is under a minute old. */
  draftEvent: `INSERT INTO item_events (item_id, project_id, user_id, kind, at)
    SELECT ?, ?, ?, 'draft', ? WHERE NOT EXISTS (SELECT 1 FROM item_events
      WHERE item_id = ? AND user_id = ? AND kind = 'draft' AND at > ?)`,
  /** Items waiting at, and sent back from, each tier of a project: what a tier edit would move. */
  tierCounts: `SELECT tier, SUM(status = 'in_review') AS waiting, SUM(status = 'rejected') AS rejected
    FROM items WHERE project_id = ? AND status IN ('in_review', 'rejected') AND tier IS NOT NULL
    GROUP BY tier ORDER BY tier`,
  /** The items at one tier (waiting or sent back), for a tier edit to move them. */
  atTier: `SELECT id, status, tier, escalated, review_state, final_labels FROM items
    WHERE project_id = ? AND status IN ('in_review', 'rejected') AND tier = ?`,
  /**
   * Renumbers the tiers every item of a project reached, after a tier edit (`remapReached`). By
   * the project's index even where the project is most of the table: other projects' rows stay
   * unread.
   */
  remapReached: `UPDATE items INDEXED BY items_project_id SET reached = ${REMAP_BITS}
    WHERE project_id = ? AND reached <> 0`,
  events: `SELECT e.kind, e.tier, e.comment, e.at, e.user_id,
      (SELECT username FROM users WHERE id = e.user_id) AS username
    FROM item_events e WHERE e.item_id = ? ORDER BY e.at, e.id LIMIT ${MAX_EVENTS}`,
} as const;

/**
 * Review decisions, review leases, the review columns of items and the item timeline. The
 * workflow (server/workflow/review.ts) runs the writes inside one immediate transaction each.
 */
export function reviewsStore(db: Db) {
  const s = Object.fromEntries(
    Object.entries(REVIEW_SQL).map(([name, sql]) => [name, db.prepare(sql)]),
  ) as Record<keyof typeof REVIEW_SQL, Database.Statement<unknown[]>>;

  return {
    item: (id: number) => s.item.get(id) as ReviewItemRow | undefined,
    saveState(itemId: number, st: StoredState) {
      const reached = st.status === 'in_review' && st.tier !== null ? 1 << st.tier : 0;
      s.saveState.run(st.status, st.tier, st.escalated ? 1 : 0, st.reviewState, reached, itemId);
    },
    setFinal: (itemId: number, labels: string | null) => s.setFinal.run(labels, itemId),
    setAgreement: (itemId: number, score: number | null) => s.setAgreement.run(score, itemId),

    /** The next item for me at a tier; `skills` (a `skillSet`) when the tier routes by skill. */
    pick(projectId: number, tier: number, userId: number, skills: string | null): number | undefined {
      return (
        skills === null
          ? s.pick.pluck().get(projectId, tier, userId)
          : s.skilledPick.pluck().get(projectId, tier, userId, skills)
      ) as number | undefined;
    },
    expireLeases: (projectId: number, now: number) => s.expire.run(projectId, now).changes,
    held: (projectId: number, userId: number, tier: number) =>
      s.held.all(projectId, userId, tier) as ReviewLeaseRow[],
    lease: (l: ReviewLeaseRow) =>
      s.lease.run(l.item_id, l.project_id, l.tier, l.user_id, l.leased_at, l.lease_until),
    renew: (itemId: number, userId: number, until: number) => s.renew.run(until, itemId, userId),
    moveLease: (itemId: number, tier: number) => s.moveLease.run(tier, itemId),
    leaseOf: (itemId: number) => s.leaseOf.get(itemId) as ReviewLeaseRow | undefined,
    dropLease: (itemId: number) => s.dropLease.run(itemId),

    insert(r: Omit<ReviewRow, 'id' | 'username'>): number {
      return Number(
        s.insert.run(
          r.project_id,
          r.item_id,
          r.annotation_id,
          r.tier_name,
          r.tier_index,
          r.user_id,
          r.decision,
          r.comment,
          r.labels,
          r.lead_time_s,
          r.created_at,
        ).lastInsertRowid,
      );
    },
    ofItem: (itemId: number) => s.ofItem.all(itemId) as ReviewRow[],
    /** The labels of the annotation's latest correction made at or after `since` (its last submit). */
    correction: (annotationId: number, since: string) =>
      s.correction.pluck().get(annotationId, since) as string | undefined,
    rejection: (annotationId: number) =>
      s.rejection.get(annotationId) as
        | { comment: string | null; username: string; created_at: string }
        | undefined,

    event(e: {
      itemId: number;
      projectId: number;
      userId: number | null;
      kind: ItemEventKind;
      tier?: string | null;
      comment?: string | null;
      at: number;
    }) {
      s.event.run(e.itemId, e.projectId, e.userId, e.kind, e.tier ?? null, e.comment ?? null, e.at);
    },
    /** Records a draft save, at most one per item, user and minute. */
    draftEvent(itemId: number, projectId: number, userId: number, now: number) {
      s.draftEvent.run(itemId, projectId, userId, now, itemId, userId, now - 60_000);
    },
    events: (itemId: number) => s.events.all(itemId) as ItemEventRow[],

    tierCounts: (projectId: number) => s.tierCounts.all(projectId) as TierCount[],
    atTier: (projectId: number, tier: number) => s.atTier.all(projectId, tier) as TieredItemRow[],
    /**
     * Renumbers `reached` after a tier edit: bit i becomes bit `to[i]`, or is dropped where
     * `to[i]` is null (a removed tier, which no export filter can name any more).
     */
    remapReached(projectId: number, to: readonly (number | null)[]) {
      const factors = Array.from({ length: MAX_TIERS }, (_, i) => {
        const j = to[i];
        return j === null || j === undefined ? 0 : 1 << j;
      });
      return s.remapReached.run(...factors, projectId).changes;
    },
  };
}
export type ReviewsStore = ReturnType<typeof reviewsStore>;
