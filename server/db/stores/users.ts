import type { User } from '../../../shared/api.ts';
import type { GlobalRole } from '../../../shared/permissions.ts';
import type { Db } from '../open.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  role: GlobalRole;
  disabled: number;
  skills: string;
  created_at: string;
}

/** The public shape: never includes the hash. */
export function presentUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name || r.username,
    role: r.role,
    disabled: r.disabled === 1,
    skills: JSON.parse(r.skills) as string[],
    createdAt: r.created_at,
  };
}

export function usersStore(db: Db) {
  const byName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const byId = db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?');
  return {
    byName: (username: string) => byName.get(username),
    byId: (id: number) => byId.get(id),
    count: () => db.prepare('SELECT COUNT(*) FROM users').pluck().get() as number,
    list: () => db.prepare<[], UserRow>('SELECT * FROM users ORDER BY username').all(),
    create(u: { username: string; displayName?: string; passwordHash: string; role: GlobalRole }): UserRow {
      const id = db
        .prepare('INSERT INTO users (username, display_name, password_hash, role) VALUES (?, ?, ?, ?)')
        .run(u.username, u.displayName ?? '', u.passwordHash, u.role).lastInsertRowid;
      return byId.get(Number(id))!;
    },
    update(
      id: number,
      patch: Partial<{
        displayName: string;
        role: GlobalRole;
        disabled: boolean;
        passwordHash: string;
        skills: string[];
      }>,
    ) {
      const sets: string[] = [];
      const args: unknown[] = [];
      if (patch.displayName !== undefined) sets.push('display_name = ?') && args.push(patch.displayName);
      if (patch.role !== undefined) sets.push('role = ?') && args.push(patch.role);
      if (patch.disabled !== undefined) sets.push('disabled = ?') && args.push(patch.disabled ? 1 : 0);
      if (patch.passwordHash !== undefined) sets.push('password_hash = ?') && args.push(patch.passwordHash);
      if (patch.skills !== undefined) sets.push('skills = ?') && args.push(JSON.stringify(patch.skills));
      if (sets.length) db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    },
    adminCount: () => db.prepare("SELECT COUNT(*) FROM users WHERE role = 'admin'").pluck().get() as number,
    activeAdminCount: () =>
      db.prepare("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0").pluck().get() as number,
  };
}
export type UsersStore = ReturnType<typeof usersStore>;
