import type { Db } from './open.ts';

/** Reads the auth epoch (migration 006): it moves whenever users, sessions, tokens, projects or memberships change. */
export function authEpoch(db: Db) {
  const read = db.prepare<[], number>('SELECT n FROM auth_epoch WHERE id = 1').pluck();
  return { current: (): number => read.get() ?? 0 };
}
export type AuthEpoch = ReturnType<typeof authEpoch>;

/**
 * Lookups remembered while the auth epoch stands still: every queue call reads its session,
 * project and role (several times with the group commit's re-check), and one row read of the
 * epoch costs far less than those joins and the JSON and Markdown columns they copy. The first
 * lookup after any change to those tables, by any connection, starts from an empty map. Values
 * are frozen: one object serves many requests.
 */
export function epochCache<K, V>(epoch: AuthEpoch, max = 10_000) {
  const map = new Map<K, V>();
  let seen = -1;
  return {
    /** The remembered value, else `load()`'s; `undefined` (not found) is never remembered. */
    get(key: K, load: () => V | undefined): V | undefined {
      const now = epoch.current();
      if (now !== seen) {
        map.clear();
        seen = now;
      }
      if (map.has(key)) return map.get(key);
      const value = load();
      if (value === undefined) return undefined;
      if (map.size >= max) map.delete(map.keys().next().value as K);
      map.set(key, Object.freeze(value));
      return value;
    },
  };
}
