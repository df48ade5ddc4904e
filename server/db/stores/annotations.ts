import type Database from 'better-sqlite3';
import type { Db } from '../open.ts';

export interface AnnotationRow {
  id: number;
  project_id: number;
  item_id: number;
  user_id: number;
  labels: string;
  lead_time_s: number | null;
  version: number;
  status: string;
  submitted_at: string;
  updated_at: string;
  gold_score: number | null;
}

/** An annotation with its annotator's name, as review and scoring read it. */
export interface NamedAnnotationRow extends AnnotationRow {
  username: string;
}

/** The annotator's name, looked up by primary key whatever the planner's statistics say. */
const USERNAME = '(SELECT username FROM users WHERE id = a.user_id) AS username';

export const ANNOTATION_SQL = {
  mine: 'SELECT * FROM annotations WHERE item_id = ? AND user_id = ?',
  insert: `INSERT INTO annotations (project_id, item_id, user_id, labels, lead_time_s, submitted_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`,
  /** An edit: guarded by the version the editor started from. */
  update: `UPDATE annotations SET labels = ?, lead_time_s = coalesce(lead_time_s, 0) + ?, version = version + 1,
      status = 'submitted', updated_at = ?
    WHERE id = ? AND version = ?`,
  doneSince: 'SELECT COUNT(*) FROM annotations WHERE project_id = ? AND user_id = ? AND submitted_at >= ?',
  recentLeadTimes: `SELECT lead_time_s FROM annotations WHERE project_id = ? AND user_id = ?
    ORDER BY submitted_at DESC LIMIT ?`,
  total: 'SELECT COUNT(*) FROM annotations WHERE project_id = ? AND user_id = ?',
  byId: `SELECT a.*, ${USERNAME} FROM annotations a WHERE a.id = ?`,
  projectOf: 'SELECT project_id FROM annotations WHERE id = ?',
  /** Every annotation of an item, oldest first, rejected ones included. */
  ofItem: `SELECT a.*, ${USERNAME} FROM annotations a WHERE a.item_id = ? ORDER BY a.id`,
  /** `rejected` while a reviewer's rejection waits for the fix; a resubmit sets it back. */
  setStatus: 'UPDATE annotations SET status = ? WHERE id = ?',
  setGoldScore: 'UPDATE annotations SET gold_score = ? WHERE id = ?',
} as const;

/** Submitted annotations: one per item and annotator, versioned for optimistic concurrency. */
export function annotationsStore(db: Db) {
  const s = Object.fromEntries(
    Object.entries(ANNOTATION_SQL).map(([name, sql]) => [name, db.prepare(sql)]),
  ) as Record<keyof typeof ANNOTATION_SQL, Database.Statement<unknown[]>>;
  return {
    mine: (itemId: number, userId: number) => s.mine.get(itemId, userId) as AnnotationRow | undefined,
    insert(a: {
      projectId: number;
      itemId: number;
      userId: number;
      labels: string;
      leadTimeS: number;
      at: string;
    }): number {
      return Number(
        s.insert.run(a.projectId, a.itemId, a.userId, a.labels, a.leadTimeS, a.at, a.at).lastInsertRowid,
      );
    },
    /** Applies an edit when `version` is still current; false when someone changed it first. */
    update(id: number, version: number, labels: string, leadTimeS: number, at: string): boolean {
      return s.update.run(labels, leadTimeS, at, id, version).changes === 1;
    },
    byId: (id: number) => s.byId.get(id) as NamedAnnotationRow | undefined,
    projectOf: (id: number) => s.projectOf.pluck().get(id) as number | undefined,
    ofItem: (itemId: number) => s.ofItem.all(itemId) as NamedAnnotationRow[],
    setStatus: (id: number, status: 'submitted' | 'rejected') => s.setStatus.run(status, id),
    setGoldScore: (id: number, score: number | null) => s.setGoldScore.run(score, id),
    /** Submitted since `since` (ISO), the latest `recent` lead times, and the total, for one annotator. */
    stats(projectId: number, userId: number, since: string, recent: number) {
      return {
        doneSince: s.doneSince.pluck().get(projectId, userId, since) as number,
        leadTimes: s.recentLeadTimes.pluck().all(projectId, userId, recent) as (number | null)[],
        total: s.total.pluck().get(projectId, userId) as number,
      };
    },
  };
}
export type AnnotationsStore = ReturnType<typeof annotationsStore>;
