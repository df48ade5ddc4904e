import type Database from 'better-sqlite3';
import type { ItemStatus } from '../../../shared/api.ts';
import type { Db } from '../open.ts';

export type AssignmentState = 'leased' | 'expired' | 'skipped' | 'submitted' | 'returned';

export interface AssignmentRow {
  item_id: number;
  user_id: number;
  project_id: number;
  state: AssignmentState;
  leased_at: number | null;
  lease_until: number | null;
  draft: string | null;
  draft_at: number | null;
  skip_reason: string | null;
  updated_at: number;
}

/** The columns of an item the queue and the annotator's screen need. */
export interface QueueItemRow {
  id: number;
  project_id: number;
  ext_id: string;
  kind: 'text' | 'image';
  data: string;
  meta: string | null;
  predictions: string | null;
  status: ItemStatus;
  priority: number;
  assigned: number;
  /** 1 for a gold (known-answer) item: served by `pickGold`, never by the walk. */
  gold: 0 | 1;
}

/** A position in the queue: (assigned DESC, priority DESC, id ASC). */
export interface QueueKey {
  assigned: number;
  priority: number;
  id: number;
}

/**
 * One queue entry as the pick walks it; `mine` when I already hold, skipped or submitted it, or
 * (skill routing) when it is tagged and none of its tags is one of my skills: either way the walk
 * passes over it, and its hint remembers having done so.
 */
export interface QueueEntry extends QueueKey {
  mine: 0 | 1;
}

export interface QueueHint extends QueueKey {
  createdAt: number;
}

export interface HistoryRow {
  item_id: number;
  ext_id: string;
  preview: string | null;
  state: AssignmentState;
  updated_at: number;
}

/** Items that can still be handed out by the walk; must match the items_queue index. */
const OPEN = `i.status IN ('new', 'annotating') AND i.gold IS NULL`;
const TOUCHED = `EXISTS (SELECT 1 FROM assignments a
  WHERE a.item_id = i.id AND a.user_id = ? AND a.state <> 'expired')`;
/**
 * Skill routing: the item has tags and none is in the skill set, a parameter made by
 * `skillSet`. Each tag of the item is looked up by the item_tags_item index and tested against
 * that one string, so no statement needs a table-valued function.
 */
export const SKILL_MISMATCH = `(EXISTS (SELECT 1 FROM item_tags t WHERE t.item_id = i.id)
  AND NOT EXISTS (SELECT 1 FROM item_tags t WHERE t.item_id = i.id
    AND instr(?, char(31) || t.tag || char(31)) > 0))`;
const entry = (skills: boolean) =>
  `SELECT i.id, i.assigned, i.priority, ${skills ? `(${TOUCHED} OR ${SKILL_MISMATCH})` : TOUCHED} AS mine
  FROM items i INDEXED BY items_queue`;

/**
 * A user's skills as the one string `SKILL_MISMATCH` searches: each skill between ASCII unit
 * separators, a control character no tag is expected to hold (a skill holding one is dropped).
 */
export function skillSet(skills: readonly string[]): string {
  const US = '\u001f';
  return `${US}${skills.filter((s) => !s.includes(US)).join(US)}${US}`;
}

/** The walk's statements, with or without skill routing (which adds the skill set after the user). */
function walkSql(skills: boolean) {
  const ENTRY = entry(skills);
  return {
    /** The queue from its front: assigned < overlap, in queue order. */
    front: `${ENTRY} WHERE i.project_id = ? AND ${OPEN} AND i.assigned < ?
    ORDER BY i.assigned DESC, i.priority DESC, i.id`,
    /** After a key, in three index ranges: the rest of its (assigned, priority) run... */
    afterSamePriority: `${ENTRY} WHERE i.project_id = ? AND ${OPEN} AND i.assigned = ? AND i.priority = ?
    AND i.id > ? ORDER BY i.id`,
    /** ...the lower priorities at the same assigned count... */
    afterLowerPriority: `${ENTRY} WHERE i.project_id = ? AND ${OPEN} AND i.assigned = ? AND i.priority < ?
    ORDER BY i.priority DESC, i.id`,
    /** ...and every lower assigned count. */
    afterLowerAssigned: `${ENTRY} WHERE i.project_id = ? AND ${OPEN} AND i.assigned < ?
    ORDER BY i.assigned DESC, i.priority DESC, i.id`,
  };
}
const WALK = walkSql(false);
const SKILLED = walkSql(true);

/**
 * Every statement the queue runs, by name, so a test can EXPLAIN each one and prove that none
 * scans a table. Parameters are positional.
 */
export const QUEUE_SQL = {
  ...WALK,
  skilledFront: SKILLED.front,
  skilledAfterSamePriority: SKILLED.afterSamePriority,
  skilledAfterLowerPriority: SKILLED.afterLowerPriority,
  skilledAfterLowerAssigned: SKILLED.afterLowerAssigned,
  /** The first gold item of the project I have not had (an expired lease of mine may come back). */
  gold: `SELECT i.id FROM items i INDEXED BY items_gold WHERE i.project_id = ? AND i.gold IS NOT NULL
    AND NOT ${TOUCHED} ORDER BY i.id LIMIT 1`,
  expire: `UPDATE assignments SET state = 'expired', lease_until = NULL
    WHERE project_id = ? AND state = 'leased' AND lease_until <= ? RETURNING item_id`,
  bumpAssigned: 'UPDATE items SET assigned = assigned + ? WHERE id = ?',
  /** My live leases and returned items, oldest first. */
  held: `SELECT * FROM assignments WHERE project_id = ? AND user_id = ? AND state IN ('leased', 'returned')
    ORDER BY state = 'returned', leased_at, item_id`,
  assignment: 'SELECT * FROM assignments WHERE item_id = ? AND user_id = ?',
  item: `SELECT id, project_id, ext_id, kind, data, meta, predictions, status, priority, assigned,
      gold IS NOT NULL AS gold
    FROM items WHERE id = ?`,
  projectOf: 'SELECT project_id FROM items WHERE id = ?',
  lease: `INSERT INTO assignments (item_id, user_id, project_id, state, leased_at, lease_until, updated_at)
    VALUES (?, ?, ?, 'leased', ?, ?, ?)
    ON CONFLICT (item_id, user_id) DO UPDATE SET state = 'leased', leased_at = excluded.leased_at,
      lease_until = excluded.lease_until, skip_reason = NULL, updated_at = excluded.updated_at`,
  renew: `UPDATE assignments SET lease_until = ? WHERE item_id = ? AND user_id = ? AND state = 'leased'`,
  saveDraft:
    'UPDATE assignments SET draft = ?, draft_at = ?, updated_at = ? WHERE item_id = ? AND user_id = ?',
  skip: `INSERT INTO assignments (item_id, user_id, project_id, state, skip_reason, updated_at)
    VALUES (?, ?, ?, 'skipped', ?, ?)
    ON CONFLICT (item_id, user_id) DO UPDATE SET state = 'skipped', lease_until = NULL, draft = NULL,
      draft_at = NULL, skip_reason = excluded.skip_reason, updated_at = excluded.updated_at`,
  submitted: `INSERT INTO assignments (item_id, user_id, project_id, state, updated_at)
    VALUES (?, ?, ?, 'submitted', ?)
    ON CONFLICT (item_id, user_id) DO UPDATE SET state = 'submitted', lease_until = NULL, draft = NULL,
      draft_at = NULL, skip_reason = NULL, updated_at = excluded.updated_at`,
  /** A reviewer sent my annotation back: `next` serves the item to me again, after my leases. */
  returned: `INSERT INTO assignments (item_id, user_id, project_id, state, leased_at, updated_at)
    VALUES (?, ?, ?, 'returned', ?, ?)
    ON CONFLICT (item_id, user_id) DO UPDATE SET state = 'returned', leased_at = excluded.leased_at,
      lease_until = NULL, updated_at = excluded.updated_at`,
  history: `SELECT a.item_id, i.ext_id, a.state, a.updated_at,
      substr(coalesce(json_extract(i.data, '$.text'), json_extract(i.data, '$.image')), 1, 160) AS preview
    FROM assignments a JOIN items i ON i.id = a.item_id
    WHERE a.project_id = ? AND a.user_id = ?
      AND (a.state IN ('submitted', 'skipped', 'returned') OR (a.state = 'leased' AND a.draft IS NOT NULL))
    ORDER BY a.updated_at DESC LIMIT ?`,
  hint: 'SELECT assigned, priority, item_id AS id, created_at AS createdAt FROM queue_hints WHERE project_id = ? AND user_id = ?',
  setHint: `INSERT INTO queue_hints (project_id, user_id, assigned, priority, item_id, created_at)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (project_id, user_id) DO UPDATE SET assigned = excluded.assigned,
      priority = excluded.priority, item_id = excluded.item_id, created_at = excluded.created_at`,
  dropHint: 'DELETE FROM queue_hints WHERE project_id = ? AND user_id = ?',
} as const;

/**
 * The queue's rows: assignments (one per item and annotator), the items' `assigned` counters and
 * status, and the per-user walk hints. The callers (server/workflow/queue.ts) run these inside one
 * immediate transaction so that a pick and its lease are atomic across connections.
 */
export function queueStore(db: Db) {
  const prepare = <K extends string>(sqls: Record<K, string>) =>
    Object.fromEntries(
      Object.entries(sqls).map(([name, sql]) => [name, db.prepare(sql as string)]),
    ) as Record<K, Database.Statement<unknown[]>>;
  const s = prepare(QUEUE_SQL);
  const walks = { plain: prepare(WALK), skilled: prepare(SKILLED) };

  return {
    /**
     * Returns every lease of the project that ran out to the pool; the expiry index makes this
     * a range read of just those rows. Returns how many came back.
     */
    reclaimExpired(projectId: number, now: number): number {
      const items = s.expire.pluck().all(projectId, now) as number[];
      for (const id of items) s.bumpAssigned.run(-1, id);
      return items.length;
    },
    /** My leases (live or not yet reclaimed) and returned items; leases first, oldest first. */
    held: (projectId: number, userId: number) => s.held.all(projectId, userId) as AssignmentRow[],
    assignment: (itemId: number, userId: number) =>
      s.assignment.get(itemId, userId) as AssignmentRow | undefined,
    item: (id: number) => s.item.get(id) as QueueItemRow | undefined,
    projectOf: (itemId: number) => s.projectOf.pluck().get(itemId) as number | undefined,

    /**
     * Walks the open items in queue order, from the front or from just after `from`, flagging
     * those I already touched, and with `skills` (a `skillSet`) those my skills do not match.
     * Lazy: the caller stops as soon as it has what it needs, and must finish or break the walk
     * before running another statement.
     */
    *walk(
      projectId: number,
      userId: number,
      overlap: number,
      from: QueueKey | null,
      skills: string | null = null,
    ): Generator<QueueEntry> {
      const me = skills === null ? [userId] : [userId, skills];
      const w = skills === null ? walks.plain : walks.skilled;
      const run = (name: keyof typeof WALK, ...args: number[]) =>
        w[name].iterate(...me, ...args) as IterableIterator<QueueEntry>;
      if (!from) {
        yield* run('front', projectId, overlap);
        return;
      }
      if (from.assigned < overlap) {
        yield* run('afterSamePriority', projectId, from.assigned, from.priority, from.id);
        yield* run('afterLowerPriority', projectId, from.assigned, from.priority);
      }
      yield* run('afterLowerAssigned', projectId, Math.min(from.assigned, overlap));
    },
    /** The first gold item of the project I have not had yet, or undefined. */
    pickGold: (projectId: number, userId: number) =>
      s.gold.pluck().get(projectId, userId) as number | undefined,

    /** Takes a slot: a new lease, or my expired row leased again with its draft kept. */
    lease(itemId: number, userId: number, projectId: number, now: number, until: number) {
      s.lease.run(itemId, userId, projectId, now, until, now);
      s.bumpAssigned.run(1, itemId);
    },
    renew: (itemId: number, userId: number, until: number) => s.renew.run(until, itemId, userId),
    saveDraft: (itemId: number, userId: number, draft: string, now: number) =>
      s.saveDraft.run(draft, now, now, itemId, userId),
    /** Records a skip; `freesSlot` when the skipped row held one (a lease). */
    skip(
      itemId: number,
      userId: number,
      projectId: number,
      reason: string | null,
      now: number,
      freesSlot: boolean,
    ) {
      s.skip.run(itemId, userId, projectId, reason, now);
      if (freesSlot) s.bumpAssigned.run(-1, itemId);
    },
    /** Marks my row submitted; `takesSlot` when it did not hold one yet. */
    markSubmitted(itemId: number, userId: number, projectId: number, now: number, takesSlot: boolean) {
      s.submitted.run(itemId, userId, projectId, now);
      if (takesSlot) s.bumpAssigned.run(1, itemId);
    },
    /** A reviewer rejected my annotation: the item is mine to fix, served after my leases. */
    returnTo: (itemId: number, userId: number, projectId: number, now: number) =>
      s.returned.run(itemId, userId, projectId, now, now),

    history: (projectId: number, userId: number, limit: number) =>
      s.history.all(projectId, userId, limit) as HistoryRow[],

    hint: (projectId: number, userId: number) => s.hint.get(projectId, userId) as QueueHint | undefined,
    setHint: (projectId: number, userId: number, key: QueueKey, createdAt: number) =>
      s.setHint.run(projectId, userId, key.assigned, key.priority, key.id, createdAt),
    dropHint: (projectId: number, userId: number) => s.dropHint.run(projectId, userId),
  };
}
export type QueueStore = ReturnType<typeof queueStore>;
