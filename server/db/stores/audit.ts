import type { AuditEvent } from '../../../shared/api.ts';
import type { Db } from '../open.ts';

export interface AuditEntry {
  actor: string | null;
  action: string;
  projectId?: number | null;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  project_id: number | null;
  target: string | null;
  detail: string | null;
  ip: string | null;
}

/** Append-only; callers write the event inside the same transaction as the change it records. */
export function auditStore(db: Db) {
  const insert = db.prepare(
    'INSERT INTO audit (actor, action, project_id, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?)',
  );
  return {
    record(e: AuditEntry) {
      insert.run(
        e.actor,
        e.action,
        e.projectId ?? null,
        e.target ?? null,
        e.detail ? JSON.stringify(e.detail) : null,
        e.ip ?? null,
      );
    },
    /** Newest first, keyset-paged by id. */
    list(q: {
      action?: string;
      actor?: string;
      projectId?: number;
      before?: number;
      limit: number;
    }): AuditEvent[] {
      const where: string[] = [];
      const args: unknown[] = [];
      if (q.action) where.push('action = ?') && args.push(q.action);
      if (q.actor) where.push('actor = ?') && args.push(q.actor);
      if (q.projectId !== undefined) where.push('project_id = ?') && args.push(q.projectId);
      if (q.before !== undefined) where.push('id < ?') && args.push(q.before);
      const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      return db
        .prepare<unknown[], AuditRow>(sql)
        .all(...args, q.limit)
        .map((r) => ({
          id: r.id,
          at: r.at,
          actor: r.actor,
          action: r.action,
          projectId: r.project_id,
          target: r.target,
          detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
          ip: r.ip,
        }));
    },
  };
}
export type AuditStore = ReturnType<typeof auditStore>;
