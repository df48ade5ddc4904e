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
}

export const ANNOTATION_SQL = {
  mine: 'SELECT * FROM annotations WHERE item_id = ? AND user_id = ?',
  insert: `INSERT INTO annotations (project_id, item_id, user_id, labels, lead_time_s, submitted_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`,
  /** An edit: guarded by the version the editor started from. */
  update: `UPDATE annotations SET labels = ?, lead_time_s = coalesce(lead_time_s, 0) + ?, version = version + 1,
      status = 'submitted', updated_at = ?
    WHERE id = ? AND version = ?`,
  countForItem: "SELECT COUNT(*) FROM annotations WHERE item_id = ? AND status = 'submitted'",
  doneSince: 'SELECT COUNT(*) FROM annotations WHERE project_id = ? AND user_id = ? AND submitted_at >= ?',
  recentLeadTimes: `SELECT lead_time_s FROM annotations WHERE project_id = ? AND user_id = ?
    ORDER BY submitted_at DESC LIMIT ?`,
  total: 'SELECT COUNT(*) FROM annotations WHERE project_id = ? AND user_id = ?',
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
    countForItem: (itemId: number) => s.countForItem.pluck().get(itemId) as number,
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
