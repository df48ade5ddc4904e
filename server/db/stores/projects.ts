import type { ItemStatus, Member, ProjectSettings } from '../../../shared/api.ts';
import type { LabelSchema } from '../../../shared/labelSchema.ts';
import type { ProjectRole } from '../../../shared/permissions.ts';
import { type AuthEpoch, epochCache } from '../epochCache.ts';
import type { Db } from '../open.ts';

export interface ProjectRow {
  id: number;
  name: string;
  description: string;
  schema: string;
  guidelines: string;
  overlap: number;
  settings: string;
  archived: number;
  /** 1 while the project is being deleted (migration 007). */
  deleting: number;
  created_by: number | null;
  created_at: string;
}

/** A project as the server works with it: JSON columns parsed. */
export interface ProjectRecord {
  id: number;
  name: string;
  description: string;
  schema: LabelSchema;
  guidelines: string;
  overlap: number;
  settings: ProjectSettings;
  archived: boolean;
  createdAt: string;
}

export const DEFAULT_SETTINGS: ProjectSettings = { leaseMinutes: 30, snapToWords: false };

/**
 * Parsed label schemas by their JSON text. Every queue call loads its project, and parsing the
 * same schema again each time (and rebuilding what hangs off it, like the labels validator) was
 * wasted work. Frozen, since one object serves every request.
 */
const schemas = new Map<string, LabelSchema>();
function parsedSchema(text: string): LabelSchema {
  let schema = schemas.get(text);
  if (!schema) {
    if (schemas.size >= 100) schemas.clear();
    schema = deepFreeze(JSON.parse(text) as LabelSchema);
    schemas.set(text, schema);
  }
  return schema;
}
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}

function toRecord(r: ProjectRow): ProjectRecord {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    schema: parsedSchema(r.schema),
    guidelines: r.guidelines,
    overlap: r.overlap,
    settings: Object.freeze({ ...DEFAULT_SETTINGS, ...(JSON.parse(r.settings) as Partial<ProjectSettings>) }),
    archived: r.archived === 1,
    createdAt: r.created_at,
  };
}

export function projectsStore(db: Db, epoch: AuthEpoch) {
  const records = epochCache<number, ProjectRecord>(epoch);
  const roles = epochCache<string, { role: ProjectRole | null }>(epoch);
  // A project being deleted (projectDelete.ts) is found by no lookup: every route answers 404.
  const byId = db.prepare<[number], ProjectRow>('SELECT * FROM projects WHERE id = ? AND deleting = 0');
  const role = db.prepare<[number, number], { role: ProjectRole }>(
    'SELECT role FROM members WHERE project_id = ? AND user_id = ?',
  );
  const counts = db.prepare<[number], { status: ItemStatus; n: number }>(
    'SELECT status, COUNT(*) AS n FROM items WHERE project_id = ? GROUP BY status',
  );
  return {
    byId(id: number): ProjectRecord | undefined {
      return records.get(id, () => {
        const r = byId.get(id);
        return r && toRecord(r);
      });
    },
    /** Finds by numeric id or exact name (the CLI accepts either). */
    byIdOrName(ref: string): ProjectRecord | undefined {
      const r = /^\d+$/.test(ref)
        ? byId.get(Number(ref))
        : db
            .prepare<[string], ProjectRow>(
              'SELECT * FROM projects WHERE name = ? AND deleting = 0 ORDER BY id LIMIT 1',
            )
            .get(ref);
      return r && toRecord(r);
    },
    /** All projects (admin) or the ones the user is a member of, with the user's role. */
    listFor(userId: number, all: boolean): (ProjectRecord & { myRole: ProjectRole | null })[] {
      const rows = all
        ? db
            .prepare<[number], ProjectRow & { my_role: ProjectRole | null }>(
              `SELECT p.*, m.role AS my_role FROM projects p
               LEFT JOIN members m ON m.project_id = p.id AND m.user_id = ? WHERE p.deleting = 0
               ORDER BY p.archived, p.id DESC`,
            )
            .all(userId)
        : db
            .prepare<[number], ProjectRow & { my_role: ProjectRole | null }>(
              `SELECT p.*, m.role AS my_role FROM projects p
               JOIN members m ON m.project_id = p.id AND m.user_id = ? WHERE p.deleting = 0
               ORDER BY p.archived, p.id DESC`,
            )
            .all(userId);
      return rows.map((r) => ({ ...toRecord(r), myRole: r.my_role }));
    },
    create(
      p: Omit<ProjectRecord, 'id' | 'archived' | 'createdAt'> & { createdBy: number | null },
    ): ProjectRecord {
      const id = db
        .prepare(
          // An id is never given twice: a deleted project's id lives on in the audit log (and in
          // old links and scripts), so a new project gets one above every id the log names.
          `INSERT INTO projects (id, name, description, schema, guidelines, overlap, settings, created_by)
           VALUES (max(coalesce((SELECT max(id) FROM projects), 0), coalesce((SELECT max(project_id) FROM audit), 0)) + 1,
             ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          p.name,
          p.description,
          JSON.stringify(p.schema),
          p.guidelines,
          p.overlap,
          JSON.stringify(p.settings),
          p.createdBy,
        ).lastInsertRowid;
      return toRecord(byId.get(Number(id))!);
    },
    update(id: number, p: Partial<Omit<ProjectRecord, 'id' | 'createdAt'>>) {
      const sets: string[] = [];
      const args: unknown[] = [];
      const put = (col: string, v: unknown) => {
        sets.push(`${col} = ?`);
        args.push(v);
      };
      if (p.name !== undefined) put('name', p.name);
      if (p.description !== undefined) put('description', p.description);
      if (p.schema !== undefined) put('schema', JSON.stringify(p.schema));
      if (p.guidelines !== undefined) put('guidelines', p.guidelines);
      if (p.overlap !== undefined) put('overlap', p.overlap);
      if (p.settings !== undefined) put('settings', JSON.stringify(p.settings));
      if (p.archived !== undefined) put('archived', p.archived ? 1 : 0);
      if (sets.length) db.prepare(`UPDATE projects SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    },
    counts(id: number): Partial<Record<ItemStatus, number>> {
      return Object.fromEntries(counts.all(id).map((r) => [r.status, r.n]));
    },

    roleOf: (projectId: number, userId: number): ProjectRole | null =>
      roles.get(`${projectId}:${userId}`, () => ({ role: role.get(projectId, userId)?.role ?? null }))!.role,
    members: (projectId: number): Member[] =>
      db
        .prepare<[number], { username: string; display_name: string; role: ProjectRole; skills: string }>(
          `SELECT u.username, u.display_name, m.role, u.skills FROM members m JOIN users u ON u.id = m.user_id
           WHERE m.project_id = ? ORDER BY u.username`,
        )
        .all(projectId)
        .map((r) => ({
          username: r.username,
          displayName: r.display_name || r.username,
          role: r.role,
          skills: JSON.parse(r.skills) as string[],
        })),
    setMember: (projectId: number, userId: number, r: ProjectRole) =>
      db
        .prepare(
          'INSERT INTO members (project_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET role = excluded.role',
        )
        .run(projectId, userId, r),
    removeMember: (projectId: number, userId: number) =>
      db.prepare('DELETE FROM members WHERE project_id = ? AND user_id = ?').run(projectId, userId).changes,
  };
}
export type ProjectsStore = ReturnType<typeof projectsStore>;
