import type Database from 'better-sqlite3';
import type { Db } from '../open.ts';

/**
 * The dashboard's reads, by name, so a test can EXPLAIN each one. Each walks one index range of
 * one project; none reads the items table more than once.
 */
export const DASHBOARD_SQL = {
  /** Items waiting per tier index, off the review queue index alone. */
  byTier: `SELECT tier, COUNT(*) AS n FROM items INDEXED BY items_review
    WHERE project_id = ? AND status = 'in_review' GROUP BY tier`,
  /** New annotations per UTC day since a day. */
  submittedPerDay: `SELECT substr(submitted_at, 1, 10) AS day, COUNT(*) AS n
    FROM annotations INDEXED BY annotations_project_time
    WHERE project_id = ? AND submitted_at >= ? GROUP BY day`,
  /** Review decisions per UTC day since a day. */
  reviewedPerDay: `SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS n
    FROM reviews INDEXED BY reviews_project_time
    WHERE project_id = ? AND created_at >= ? GROUP BY day`,
  /** Per annotator: annotations, their summed lead time, gold items scored and the mean score. */
  annotators: `SELECT a.user_id, (SELECT username FROM users WHERE id = a.user_id) AS username,
      COUNT(*) AS submitted, coalesce(SUM(a.lead_time_s), 0) AS seconds,
      COUNT(a.gold_score) AS gold_items, AVG(a.gold_score) AS gold_accuracy
    FROM annotations a INDEXED BY annotations_project_user WHERE a.project_id = ? GROUP BY a.user_id`,
  /** One annotator's latest lead times, for the median. */
  leadTimes: `SELECT lead_time_s FROM annotations INDEXED BY annotations_project_user
    WHERE project_id = ? AND user_id = ? AND lead_time_s IS NOT NULL ORDER BY submitted_at DESC LIMIT ?`,
  /**
   * Per annotator: annotations that got a verdict (approve, reject, correct), and those of them
   * that were never rejected nor corrected.
   */
  approvals: `SELECT a.user_id, COUNT(*) AS reviewed, SUM(v.flagged = 0) AS approved
    FROM (SELECT annotation_id, MAX(decision IN ('reject', 'correct')) AS flagged
          FROM reviews INDEXED BY reviews_project_annotation
          WHERE project_id = ? AND decision <> 'escalate' GROUP BY annotation_id) v
    JOIN annotations a ON a.id = v.annotation_id GROUP BY a.user_id`,
  /** Review time and decisions per tier name, off the index alone. */
  timeByTier: `SELECT tier_name AS tier, coalesce(SUM(lead_time_s), 0) AS seconds, COUNT(*) AS decisions
    FROM reviews INDEXED BY reviews_project_tier WHERE project_id = ? GROUP BY tier_name`,
  /** The annotations of the latest items that have two or more, at most `?` items. */
  agreementSample: `SELECT a.item_id, (SELECT username FROM users WHERE id = a.user_id) AS username, a.labels
    FROM (SELECT id FROM items INDEXED BY items_agreement
          WHERE project_id = ? AND agreement IS NOT NULL ORDER BY id DESC LIMIT ?) sample
    CROSS JOIN annotations a ON a.item_id = sample.id
    ORDER BY a.item_id, a.id`,
} as const;

export interface DashboardAnnotatorRow {
  user_id: number;
  username: string;
  submitted: number;
  seconds: number;
  gold_items: number;
  gold_accuracy: number | null;
}

/** Read-only statistics of one project for `GET /api/projects/:id/dashboard`. */
export function dashboardStore(db: Db) {
  const s = Object.fromEntries(
    Object.entries(DASHBOARD_SQL).map(([name, sql]) => [name, db.prepare(sql)]),
  ) as Record<keyof typeof DASHBOARD_SQL, Database.Statement<unknown[]>>;
  type Count = { day: string; n: number };
  return {
    byTier: (projectId: number) => s.byTier.all(projectId) as { tier: number; n: number }[],
    submittedPerDay: (projectId: number, since: string) => s.submittedPerDay.all(projectId, since) as Count[],
    reviewedPerDay: (projectId: number, since: string) => s.reviewedPerDay.all(projectId, since) as Count[],
    annotators: (projectId: number) => s.annotators.all(projectId) as DashboardAnnotatorRow[],
    leadTimes: (projectId: number, userId: number, limit: number) =>
      s.leadTimes.pluck().all(projectId, userId, limit) as number[],
    approvals: (projectId: number) =>
      s.approvals.all(projectId) as { user_id: number; reviewed: number; approved: number }[],
    timeByTier: (projectId: number) =>
      s.timeByTier.all(projectId) as { tier: string; seconds: number; decisions: number }[],
    agreementSample: (projectId: number, limit: number) =>
      s.agreementSample.all(projectId, limit) as { item_id: number; username: string; labels: string }[],
  };
}
export type DashboardStore = ReturnType<typeof dashboardStore>;
