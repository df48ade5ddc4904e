import type Database from 'better-sqlite3';

/**
 * SQL proof that no item went to more annotators than its overlap, and that the `assigned`
 * counters agree with the assignments; prints the result and returns whether it holds.
 */
export function verifyOverlap(db: Database.Database, projectId: number, overlap: number, when: string) {
  const one = (sql: string) => db.prepare(sql).pluck().get(projectId, overlap) as number;
  const overHeld = one(
    `SELECT COUNT(*) FROM (SELECT item_id FROM assignments WHERE project_id = ? AND state IN ('leased', 'submitted', 'returned')
     GROUP BY item_id HAVING COUNT(*) > ?)`,
  );
  const overAnnotated = one(
    'SELECT COUNT(*) FROM (SELECT item_id FROM annotations WHERE project_id = ? GROUP BY item_id HAVING COUNT(*) > ?)',
  );
  const overCounter = one('SELECT COUNT(*) FROM items WHERE project_id = ? AND assigned > ?');
  const drift = db
    .prepare(
      `SELECT COUNT(*) FROM (SELECT item_id, COUNT(*) AS n FROM assignments
       WHERE project_id = ? AND state IN ('leased', 'submitted', 'returned') GROUP BY item_id) h
       JOIN items i ON i.id = h.item_id WHERE i.assigned <> h.n`,
    )
    .pluck()
    .get(projectId) as number;
  const annotations = db
    .prepare('SELECT COUNT(*) FROM annotations WHERE project_id = ?')
    .pluck()
    .get(projectId);
  const ok = overHeld + overAnnotated + overCounter + drift === 0;
  console.log(
    `\ncheck ${when}: ${annotations} annotations; items beyond overlap ${overlap}: held ${overHeld}, annotated ${overAnnotated}, counter ${overCounter}; counter drift ${drift} -> ${ok ? 'OK' : 'FAILED'}`,
  );
  return ok;
}
