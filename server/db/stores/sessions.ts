import { type AuthEpoch, epochCache } from '../epochCache.ts';
import type { Db } from '../open.ts';
import type { UserRow } from './users.ts';

export interface TokenRow {
  id: number;
  user_id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** Browser sessions and API tokens: both are rows, so deleting or revoking one ends it at once. */
export function sessionsStore(db: Db, epoch: AuthEpoch) {
  const sessionUser = db.prepare<[string], UserRow & { session_expires_at: string }>(
    `SELECT u.*, s.expires_at AS session_expires_at FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id = ? AND u.disabled = 0`,
  );
  const sessions = epochCache<string, { user: UserRow; expiresMs: number }>(epoch);
  const tokenUser = db.prepare<[string], UserRow & { token_id: number }>(
    `SELECT u.*, t.id AS token_id FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.hash = ? AND t.revoked_at IS NULL AND u.disabled = 0`,
  );
  const touchToken = db.prepare(
    `UPDATE api_tokens SET last_used_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE id = ? AND (last_used_at IS NULL OR last_used_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-60 seconds'))`,
  );
  return {
    createSession(s: { id: string; userId: number; expiresAt: Date; ip?: string; userAgent?: string }) {
      db.prepare('INSERT INTO sessions (id, user_id, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?)').run(
        s.id,
        s.userId,
        s.expiresAt.toISOString(),
        s.ip ?? null,
        s.userAgent?.slice(0, 200) ?? null,
      );
    },
    /** The user of a live session, if it and the user are still valid (revocation counts at once: see epochCache). */
    sessionUser(id: string): UserRow | undefined {
      const s = sessions.get(id, () => {
        const row = sessionUser.get(id);
        if (!row) return undefined;
        const { session_expires_at, ...user } = row;
        return { user: Object.freeze(user), expiresMs: Date.parse(session_expires_at) };
      });
      return s && s.expiresMs > Date.now() ? s.user : undefined;
    },
    deleteSession: (id: string) => db.prepare('DELETE FROM sessions WHERE id = ?').run(id),
    deleteUserSessions: (userId: number) => db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId),
    pruneExpired: () =>
      db.prepare("DELETE FROM sessions WHERE expires_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now')").run(),

    createToken(userId: number, name: string, hash: string): TokenRow {
      const id = db
        .prepare('INSERT INTO api_tokens (user_id, name, hash) VALUES (?, ?, ?)')
        .run(userId, name, hash).lastInsertRowid;
      return db
        .prepare<[number], TokenRow>(
          'SELECT id, user_id, name, created_at, last_used_at FROM api_tokens WHERE id = ?',
        )
        .get(Number(id))!;
    },
    tokenUser(hash: string) {
      const row = tokenUser.get(hash);
      if (row) touchToken.run(row.token_id);
      return row;
    },
    listTokens: (userId: number) =>
      db
        .prepare<[number], TokenRow>(
          'SELECT id, user_id, name, created_at, last_used_at FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY id',
        )
        .all(userId),
    revokeToken: (userId: number, id: number) =>
      db
        .prepare(
          "UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
        )
        .run(id, userId).changes,
  };
}
export type SessionsStore = ReturnType<typeof sessionsStore>;
