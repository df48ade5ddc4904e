import type { Statement } from 'better-sqlite3';
import type { ProjectDeleteCounts } from '../../../shared/api.ts';
import type { Db } from '../open.ts';

/** The items of one batch: the project's items up to an id (the batch takes the lowest ids first). */
const BATCH_ITEMS = '(SELECT id FROM items WHERE project_id = ? AND id <= ?)';

/**
 * The statements of a project delete (server/workflow/projectDelete.ts), by name, so a test can
 * EXPLAIN each one: each walks an index, none scans a table.
 */
export const PROJECT_DELETE_SQL = {
  itemCount: 'SELECT COUNT(*) FROM items WHERE project_id = ?',
  /** Items of the project counted up to a bound: cheap however large the project is. */
  itemsUpTo: 'SELECT COUNT(*) FROM (SELECT 1 FROM items WHERE project_id = ? LIMIT ?)',
  annotationCount: 'SELECT COUNT(*) FROM annotations WHERE project_id = ?',
  reviewCount: 'SELECT COUNT(*) FROM reviews WHERE project_id = ?',
  /** The media only this project holds: what deleting it removes from disk. */
  ownMediaCount: `SELECT COUNT(DISTINCT pm.media_id) FROM project_media pm WHERE pm.project_id = ?
    AND NOT EXISTS (SELECT 1 FROM project_media o WHERE o.media_id = pm.media_id AND o.project_id != pm.project_id)`,
  /** The last item id of the next batch (the `size` lowest ids), null when no item is left. */
  batchEnd: 'SELECT MAX(id) FROM (SELECT id FROM items WHERE project_id = ? ORDER BY id LIMIT ?)',
  // What hangs off the batch's items, child tables first, so no cascade is left to the items' delete.
  reviews: `DELETE FROM reviews WHERE item_id IN ${BATCH_ITEMS}`,
  reviewLeases: `DELETE FROM review_leases WHERE item_id IN ${BATCH_ITEMS}`,
  itemEvents: `DELETE FROM item_events WHERE item_id IN ${BATCH_ITEMS}`,
  assignments: `DELETE FROM assignments WHERE item_id IN ${BATCH_ITEMS}`,
  itemTags: `DELETE FROM item_tags WHERE item_id IN ${BATCH_ITEMS}`,
  annotations: `DELETE FROM annotations WHERE item_id IN ${BATCH_ITEMS}`,
  items: 'DELETE FROM items WHERE project_id = ? AND id <= ?',
  /** The next media the project links. */
  mediaBatch: `SELECT id, sha256 FROM media
    WHERE id IN (SELECT DISTINCT media_id FROM project_media WHERE project_id = ? LIMIT ?)`,
  // By media first: the primary key would walk every link the project has, for each media.
  unlinkMedia:
    'DELETE FROM project_media INDEXED BY project_media_media WHERE media_id = ? AND project_id = ?',
  /** A media row once no project links it any more. */
  dropMedia: 'DELETE FROM media WHERE id = ? AND NOT EXISTS (SELECT 1 FROM project_media WHERE media_id = ?)',
  /** Anything an import running into the project added while the batches ran. */
  leftovers: `SELECT EXISTS (SELECT 1 FROM items WHERE project_id = ?)
    OR EXISTS (SELECT 1 FROM project_media WHERE project_id = ?)`,
} as const;

interface JournalRow {
  project_id: number;
  name: string;
  actor: string | null;
  ip: string | null;
  items: number;
  annotations: number;
  reviews: number;
  media_files: number;
}

/** The rows of a project delete: the journal of deletes under way, and the batches themselves. */
export function projectDeletesStore(db: Db) {
  const q = Object.fromEntries(
    Object.entries(PROJECT_DELETE_SQL).map(([name, sql]) => [name, db.prepare(sql)]),
  ) as Record<keyof typeof PROJECT_DELETE_SQL, Statement<unknown[], unknown>>;
  const count = (name: keyof typeof PROJECT_DELETE_SQL, projectId: number) =>
    q[name].pluck().get(projectId) as number;
  const markDeleting = db.prepare('UPDATE projects SET deleting = 1 WHERE id = ? AND deleting = 0');
  const journal = db.prepare('INSERT INTO project_deletes (project_id, actor, ip) VALUES (?, ?, ?)');
  const dropMembers = db.prepare('DELETE FROM members WHERE project_id = ?');
  const dropQueueHints = db.prepare('DELETE FROM queue_hints WHERE project_id = ?');
  const addCounts = db.prepare(
    `UPDATE project_deletes SET items = items + ?, annotations = annotations + ?, reviews = reviews + ?,
       media_files = media_files + ? WHERE project_id = ?`,
  );
  const journalOf = db.prepare<[number], JournalRow>(
    `SELECT d.*, p.name FROM project_deletes d JOIN projects p ON p.id = d.project_id WHERE d.project_id = ?`,
  );
  const dropProject = db.prepare('DELETE FROM projects WHERE id = ? AND deleting = 1');
  const dropJournal = db.prepare('DELETE FROM project_deletes WHERE project_id = ?');

  return {
    /** What deleting the project would remove now. */
    preview: (projectId: number): ProjectDeleteCounts => ({
      items: count('itemCount', projectId),
      annotations: count('annotationCount', projectId),
      reviews: count('reviewCount', projectId),
      mediaFiles: count('ownMediaCount', projectId),
    }),

    /** True when the project has more than `n` items. */
    hasMoreItemsThan: (projectId: number, n: number): boolean =>
      (q.itemsUpTo.pluck().get(projectId, n + 1) as number) > n,

    /**
     * Hides the project from every lookup (projects store) and records the delete; false when it
     * is already being deleted. Members and queue hints go at once: nothing is left to act on.
     */
    begin(projectId: number, actor: string | null, ip: string | null): boolean {
      if (markDeleting.run(projectId).changes === 0) return false;
      journal.run(projectId, actor, ip);
      dropMembers.run(projectId);
      dropQueueHints.run(projectId);
      return true;
    },

    /** The projects whose delete is under way (a crash may have stopped it), oldest first. */
    pending: (): number[] =>
      db
        .prepare('SELECT project_id FROM project_deletes ORDER BY requested_at, project_id')
        .pluck()
        .all() as number[],

    /** A project being deleted, by id or exact name, for the CLI to finish its delete. */
    pendingByRef(ref: string): { id: number; name: string } | undefined {
      const sql = `SELECT p.id, p.name FROM projects p JOIN project_deletes d ON d.project_id = p.id WHERE ${
        /^\d+$/.test(ref) ? 'p.id = ?' : 'p.name = ?'
      } ORDER BY p.id LIMIT 1`;
      return db
        .prepare<[string | number], { id: number; name: string }>(sql)
        .get(/^\d+$/.test(ref) ? Number(ref) : ref);
    },

    /** The journal row with the project's name; undefined once the delete is done. */
    journal: (projectId: number) => journalOf.get(projectId),

    /** The last item id of the next batch of `size` items; null when no item is left. */
    batchEnd: (projectId: number, size: number): number | null =>
      (q.batchEnd.pluck().get(projectId, size) as number | null) ?? null,

    /**
     * Deletes the items up to `lastId` and every row that hangs off them; the caller runs it in
     * a transaction. Returns the counts for the journal.
     */
    deleteItems(projectId: number, lastId: number): Omit<ProjectDeleteCounts, 'mediaFiles'> {
      const reviews = q.reviews.run(projectId, lastId).changes;
      for (const name of ['reviewLeases', 'itemEvents', 'assignments', 'itemTags'] as const) {
        q[name].run(projectId, lastId);
      }
      const annotations = q.annotations.run(projectId, lastId).changes;
      const items = q.items.run(projectId, lastId).changes;
      return { items, annotations, reviews };
    },

    /** Up to `size` media the project links. */
    mediaBatch: (projectId: number, size: number) =>
      q.mediaBatch.all(projectId, size) as { id: number; sha256: string }[],

    /**
     * Drops the project's links to a media, then the media row if no other project links it
     * (another project's link keeps the row and the file); true when the row went.
     */
    releaseMedia(projectId: number, mediaId: number): boolean {
      q.unlinkMedia.run(mediaId, projectId);
      return q.dropMedia.run(mediaId, mediaId).changes > 0;
    },

    addCounts(projectId: number, c: Partial<ProjectDeleteCounts>) {
      addCounts.run(c.items ?? 0, c.annotations ?? 0, c.reviews ?? 0, c.mediaFiles ?? 0, projectId);
    },

    /** True while an item or a media link of the project is left. */
    hasLeftovers: (projectId: number): boolean => q.leftovers.pluck().get(projectId, projectId) === 1,

    /** Deletes the project row (its last cascades find nothing) and the journal; false if already gone. */
    finish(projectId: number): boolean {
      dropJournal.run(projectId);
      dropQueueHints.run(projectId);
      return dropProject.run(projectId).changes > 0;
    },
  };
}
export type ProjectDeletesStore = ReturnType<typeof projectDeletesStore>;
